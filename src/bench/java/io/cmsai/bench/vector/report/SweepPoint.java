package io.cmsai.bench.vector.report;

/** The candidate's and the baseline's recall and p50 at one ef (candidate count). */
public record SweepPoint(
    String scope,
    String store,
    int ef,
    boolean isDefault,
    double recall,
    double p50,
    double baselineRecall,
    double baselineP50) {}
