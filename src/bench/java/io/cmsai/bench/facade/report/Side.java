package io.cmsai.bench.facade.report;

import io.cmsai.bench.facade.data.StreamResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** One path's rounds at one concurrency. Not thread-safe. */
final class Side {
  final List<StreamResult> results = new ArrayList<>();
  long wallNanos;
  long tokens;
  long failures;
  String firstError;
  final CpuUsage cpu = new CpuUsage();

  void add(Round round) {
    results.addAll(round.results());
    wallNanos += round.endNanos() - round.startNanos();
    for (StreamResult r : round.results()) {
      tokens += r.tokens();
      if (!r.ok()) {
        failures++;
        if (firstError == null) {
          firstError = r.error();
        }
      }
    }
    cpu.add(round.cpu());
  }

  double tokensPerSecond() {
    return tokens / (wallNanos / 1e9);
  }

  Stats ttft() {
    return Stats.of(
        results.stream()
            .filter(StreamResult::ok)
            .mapToDouble(r -> r.ttftNanos() / 1e6)
            .sorted()
            .toArray());
  }

  /** The request leg (until the upstream had the request) and the rest of the TTFT. */
  Stats[] legs() {
    List<StreamResult> timed =
        results.stream().filter(r -> r.ok() && r.requestLegNanos() >= 0).toList();
    double[] request =
        timed.stream().mapToDouble(r -> r.requestLegNanos() / 1e6).sorted().toArray();
    double[] response =
        timed.stream()
            .mapToDouble(r -> (r.ttftNanos() - r.requestLegNanos()) / 1e6)
            .sorted()
            .toArray();
    return new Stats[] {Stats.of(request), Stats.of(response)};
  }

  String cpuRow(int concurrency, String path, boolean withNginx) {
    double kTokens = Math.max(1, tokens) / 1000.0;
    double nginxMs = cpu.nginxMs();
    return String.format(
        Locale.ROOT,
        "| %d | %s | %.1f | %.0f | %.1f | %s |%s %s | %.1f |%n",
        concurrency,
        path,
        wallNanos / 1e9,
        cpu.machineBusyPercent(),
        cpu.stealPercent(),
        cpu.upstreamMs < 0 ? "-" : Formats.fmt(cpu.upstreamMs / kTokens),
        !withNginx ? "" : nginxMs < 0 ? " - |" : " " + Formats.fmt(nginxMs / kTokens) + " |",
        cpu.facadeMs < 0 ? "-" : Formats.fmt(cpu.facadeMs / kTokens),
        cpu.clientMs / kTokens);
  }

  /** The facade JVM's CPU per content token over these rounds, in µs (NaN if unmeasured). */
  double facadeMicrosPerToken() {
    return cpu.facadeMs < 0 || tokens == 0 ? Double.NaN : cpu.facadeMs * 1000 / tokens;
  }

  /** nginx's (master + workers) CPU per content token over these rounds, in µs. */
  double nginxMicrosPerToken() {
    double ms = cpu.nginxMs();
    return ms < 0 || tokens == 0 ? Double.NaN : ms * 1000 / tokens;
  }

  /** The same from utime + stime ticks, for comparison. */
  double nginxTickMicrosPerToken() {
    return cpu.nginxTickMs < 0 || tokens == 0 ? Double.NaN : cpu.nginxTickMs * 1000 / tokens;
  }
}
