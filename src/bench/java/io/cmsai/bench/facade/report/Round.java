package io.cmsai.bench.facade.report;

import io.cmsai.bench.facade.data.StreamResult;
import java.util.List;

/**
 * The results of one round on one path: its streams, its span on System.nanoTime() and the CPU
 * spent meanwhile (null when not metered).
 */
public record Round(
    String target, List<StreamResult> results, long startNanos, long endNanos, CpuUsage cpu) {

  public Round {
    results = List.copyOf(results);
  }

  public long failures() {
    return results.stream().filter(r -> !r.ok()).count();
  }

  /** The first failed stream's error, or null. */
  public String firstError() {
    return results.stream().filter(r -> !r.ok()).map(StreamResult::error).findFirst().orElse(null);
  }
}
