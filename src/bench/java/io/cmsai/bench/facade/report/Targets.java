package io.cmsai.bench.facade.report;

import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * The targets for the facade, checked against one pacing's rows: at the main pacing added
 * TTFT p50 at 1 stream and at 200 streams (or the plan's largest concurrency), tokens/s ratio at
 * 200 streams; at every pacing relay CPU per token within 3x of nginx's at every concurrency.
 */
final class Targets {
  private Targets() {}

  /** {@code cpuMeasured}: nginx ran and both its and the facade's CPU were metered. */
  static String of(List<Comparison> rows, boolean paced, boolean cpuMeasured) {
    StringBuilder sb = new StringBuilder("Targets (facade):");
    if (paced) {
      latency(rows, sb);
    }
    if (cpuMeasured) {
      cpu(rows, sb);
    } else {
      sb.append(" relay CPU per token against nginx's: n/a (no --nginx / --nginx-pid).");
    }
    if (sb.charAt(sb.length() - 1) == ';') {
      sb.setCharAt(sb.length() - 1, '.');
    }
    return sb.append('\n').toString();
  }

  private static void latency(List<Comparison> rows, StringBuilder sb) {
    Comparison one = rows.stream().filter(r -> r.concurrency == 1).findFirst().orElse(null);
    Comparison top =
        rows.stream()
            .filter(r -> r.concurrency == 200)
            .findFirst()
            .orElse(rows.stream().max(Comparator.comparingInt(r -> r.concurrency)).orElse(null));
    if (one != null) {
      double added = one.addedTtft(one.facade).p50();
      sb.append(
          String.format(
              Locale.ROOT,
              " added TTFT p50 \u2264 1 ms at 1 stream: %+.2f ms **%s**;",
              added,
              added <= 1 ? "met" : "missed"));
    }
    if (top != null) {
      String at =
          top.concurrency == 200
              ? "200 streams"
              : top.concurrency + " streams (the target is for 200)";
      double added = top.addedTtft(top.facade).p50();
      double ratio = top.ratio(top.facade);
      sb.append(
          String.format(
              Locale.ROOT,
              " added TTFT p50 \u2264 2 ms at %s: %+.2f ms **%s**;"
                  + " tokens/s \u2265 0.95 of direct at %s: %.3f **%s**;",
              at,
              added,
              added <= 2 ? "met" : "missed",
              at,
              ratio,
              ratio >= 0.95 ? "met" : "missed"));
    }
  }

  private static void cpu(List<Comparison> rows, StringBuilder sb) {
    boolean all = true;
    StringBuilder ratios = new StringBuilder();
    for (Comparison r : rows) {
      double x = r.cpuRatio();
      all &= x <= 3;
      ratios.append(ratios.length() == 0 ? "" : ", ").append(Formats.fmt1(x)).append('\u00d7');
    }
    sb.append(
        String.format(
            Locale.ROOT,
            " relay CPU per token \u2264 3\u00d7 nginx's at every concurrency: %s **%s**.",
            ratios,
            all ? "met" : "missed"));
  }
}
