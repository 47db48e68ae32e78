package io.cmsai.bench.vector.report;

/**
 * One timed ingest: until the last call returned ({@code wallNanos}), then until the target was
 * settled ({@code settleNanos}: background merges, 0 for PostgreSQL).
 */
public record IngestRun(
    long wallNanos, long settleNanos, long clientCpuNanos, long serverCpuNanos, String details) {
  public long totalNanos(boolean withSettle) {
    return withSettle ? wallNanos + settleNanos : wallNanos;
  }
}
