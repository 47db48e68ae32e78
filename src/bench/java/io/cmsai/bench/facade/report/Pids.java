package io.cmsai.bench.facade.report;

/** The processes measured; -1 (or any value ≤ 0) where a process is not known. */
public record Pids(long facade, long upstream, long nginx) {}
