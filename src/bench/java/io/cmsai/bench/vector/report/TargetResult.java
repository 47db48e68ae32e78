package io.cmsai.bench.vector.report;

/** One target judged: where, what, the figure, the target and whether it was met. */
public record TargetResult(
    String scope, String store, String measure, String value, String target, boolean met) {}
