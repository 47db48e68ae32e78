package io.cmsai.bench.facade.report;

/** A p50 / p99 pair, in ms; NaN when there were no values. */
public record Stats(double p50, double p99) {

  /** p50 and p99 of sorted values. */
  static Stats of(double[] sorted) {
    return new Stats(percentile(sorted, 50), percentile(sorted, 99));
  }

  /** Nearest-rank percentile of sorted values (NaN when empty). */
  static double percentile(double[] sorted, double p) {
    if (sorted.length == 0) {
      return Double.NaN;
    }
    int rank = (int) Math.ceil(p / 100.0 * sorted.length);
    return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1];
  }
}
