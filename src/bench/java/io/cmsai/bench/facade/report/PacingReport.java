package io.cmsai.bench.facade.report;

import java.util.List;
import java.util.Locale;

/**
 * The report section of one upstream pacing: its heading, the relay table with its notes and the
 * issue's targets, the path table, the TTFT legs, CPU per path and the live heap probes.
 */
public final class PacingReport {
  private final int tokens;
  private final boolean withNginx;
  private final Pids pids;

  /** {@code withNginx}: whether nginx is one of the paths; {@code pids}: the processes metered. */
  public PacingReport(int tokens, boolean withNginx, Pids pids) {
    this.tokens = tokens;
    this.withNginx = withNginx;
    this.pids = pids;
  }

  /** The section for {@code rows} (one per concurrency, in plan order) at {@code delayMs}. */
  public String render(double delayMs, List<Comparison> rows) {
    StringBuilder report = new StringBuilder(heading(delayMs));
    report.append("Relay overhead, nginx / facade:\n\n");
    report.append(Tables.relayHeader());
    rows.forEach(r -> report.append(Tables.relayRow(r)));
    report
        .append(
            "\nAdded TTFT in ms = the path's percentile minus direct's; tokens/s \u00f7"
                + " direct = the path's tok/s / direct tok/s; relay CPU per token = CPU time of the"
                + " relay's processes during its own rounds / content tokens delivered in them"
                + " (facade: the JVM's utime + stime from /proc/<pid>/stat, in 10 ms ticks; nginx:"
                + " master + workers, run time in ns from /proc/<pid>/task/<tid>/schedstat).")
        .append(nginxTicksCrossCheck(rows))
        .append("\n");
    report.append(
        Targets.of(rows, delayMs > 0, withNginx && pids.nginx() > 0 && pids.facade() > 0));
    report.append("\n");
    report.append(Tables.header(withNginx));
    rows.forEach(r -> report.append(Tables.row(r)));
    report.append(
        "\nTTFT in ms (added = facade minus direct percentile); tok/s = content tokens"
            + " received / wall time of that path's rounds; ratio = facade / direct; heap = facade"
            + " JVM during its rounds at that concurrency (jstat every 100 ms: max used / max"
            + " retained after a young GC).\n\n");
    report.append(Tables.legsHeader(withNginx));
    rows.forEach(r -> report.append(Tables.legsRow(r)));
    report.append("\n");
    report.append(Tables.cpuHeader(withNginx));
    rows.forEach(r -> report.append(Tables.cpuRows(r)));
    rows.stream()
        .filter(r -> r.liveHeap != null)
        .forEach(
            r ->
                report
                    .append("\nLive heap with ")
                    .append(r.concurrency)
                    .append(" streams in flight through the facade: ")
                    .append(r.liveHeap)
                    .append(".\n"));
    return report.toString();
  }

  private String heading(double delayMs) {
    return delayMs > 0
        ? String.format(
            Locale.ROOT,
            "%n### Paced upstream: %s ms between tokens, %d tokens per stream%n%n",
            Formats.fmt(delayMs),
            tokens)
        : String.format(
            Locale.ROOT,
            "%n### Unpaced upstream: tokens as fast as possible (CPU-bound), %d tokens per"
                + " stream%n%n",
            tokens);
  }

  /** nginx's CPU per token from ticks (as the facade's), to show what the finer clock changes. */
  private String nginxTicksCrossCheck(List<Comparison> rows) {
    if (!withNginx || pids.nginx() <= 0) {
      return "";
    }
    StringBuilder sb =
        new StringBuilder(" The same nginx figure from utime + stime ticks, as the facade's:");
    for (Comparison r : rows) {
      sb.append(
          String.format(
              Locale.ROOT,
              " %s \u00b5s at %d %s,",
              Formats.fmt1(r.nginx.nginxTickMicrosPerToken()),
              r.concurrency,
              r.concurrency == 1 ? "stream" : "streams"));
    }
    sb.setLength(sb.length() - 1);
    return sb.append('.').toString();
  }
}
