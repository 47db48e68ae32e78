package io.cmsai.bench.facade.report;

import io.cmsai.bench.facade.contenders.Target;
import java.util.Locale;

/**
 * The markdown tables of one pacing, one row per {@link Comparison}: relay overhead (nginx and
 * facade against direct), TTFT and tokens/s per path, the TTFT legs, and CPU per path.
 */
final class Tables {
  private Tables() {}

  static String relayHeader() {
    return "| streams | added TTFT p50, nginx / facade | added TTFT p99, nginx / facade |"
        + " tokens/s \u00f7 direct, nginx / facade | relay CPU per token, nginx / facade"
        + " (\u00b5s) | facade \u00f7 nginx CPU |\n|---|---|---|---|---|---|\n";
  }

  static String relayRow(Comparison c) {
    Stats f = c.addedTtft(c.facade);
    Stats n = c.nginx == null ? null : c.addedTtft(c.nginx);
    return String.format(
        Locale.ROOT,
        "| %d | %s / **%+.2f** | %s / %+.2f | %s / **%.3f** | %s / %s | **%s** |%n",
        c.concurrency,
        n == null ? "-" : String.format(Locale.ROOT, "%+.2f", n.p50()),
        f.p50(),
        n == null ? "-" : String.format(Locale.ROOT, "%+.2f", n.p99()),
        f.p99(),
        c.nginx == null ? "-" : String.format(Locale.ROOT, "%.3f", c.ratio(c.nginx)),
        c.ratio(c.facade),
        c.nginx == null ? "-" : Formats.fmt1(c.nginx.nginxMicrosPerToken()),
        Formats.fmt1(c.facade.facadeMicrosPerToken()),
        Double.isNaN(c.cpuRatio()) ? "-" : Formats.fmt1(c.cpuRatio()) + "\u00d7");
  }

  static String header(boolean withNginx) {
    return withNginx
        ? "| concurrency (clients x streams) | direct TTFT p50 / p99 | nginx TTFT p50 / p99 |"
            + " facade TTFT p50 / p99 | added p50 / p99 | direct tok/s | nginx tok/s |"
            + " facade tok/s | ratio | facade heap MB | failures (direct / nginx / facade) |\n"
            + "|---|---|---|---|---|---|---|---|---|---|---|\n"
        : "| concurrency (clients x streams) | direct TTFT p50 / p99 | facade TTFT p50 / p99 |"
            + " added p50 / p99 | direct tok/s | facade tok/s | ratio | facade heap MB | failures"
            + " (direct / facade) |\n|---|---|---|---|---|---|---|---|---|\n";
  }

  static String row(Comparison c) {
    return c.nginx == null ? rowWithoutNginx(c) : rowWithNginx(c);
  }

  private static String rowWithoutNginx(Comparison c) {
    Stats d = c.direct.ttft();
    Stats f = c.facade.ttft();
    Stats added = c.addedTtft(c.facade);
    return String.format(
        Locale.ROOT,
        "| %d (%d x %d) | %.2f / %.2f | %.2f / %.2f | **%+.2f** / %+.2f | %.0f | %.0f |"
            + " **%.3f** | %s | %d / %d |%n",
        c.concurrency,
        c.concurrency,
        c.streamsPerClient,
        d.p50(),
        d.p99(),
        f.p50(),
        f.p99(),
        added.p50(),
        added.p99(),
        c.direct.tokensPerSecond(),
        c.facade.tokensPerSecond(),
        c.ratio(c.facade),
        heapMb(c),
        c.direct.failures,
        c.facade.failures);
  }

  private static String rowWithNginx(Comparison c) {
    Stats d = c.direct.ttft();
    Stats n = c.nginx.ttft();
    Stats f = c.facade.ttft();
    Stats added = c.addedTtft(c.facade);
    return String.format(
        Locale.ROOT,
        "| %d (%d x %d) | %.2f / %.2f | %.2f / %.2f | %.2f / %.2f | **%+.2f** / %+.2f | %.0f |"
            + " %.0f | %.0f | **%.3f** | %s | %d / %d / %d |%n",
        c.concurrency,
        c.concurrency,
        c.streamsPerClient,
        d.p50(),
        d.p99(),
        n.p50(),
        n.p99(),
        f.p50(),
        f.p99(),
        added.p50(),
        added.p99(),
        c.direct.tokensPerSecond(),
        c.nginx.tokensPerSecond(),
        c.facade.tokensPerSecond(),
        c.ratio(c.facade),
        heapMb(c),
        c.direct.failures,
        c.nginx.failures,
        c.facade.failures);
  }

  private static String heapMb(Comparison c) {
    return c.heapDuringRounds.isEmpty() ? "-" : c.heapDuringRounds;
  }

  static String legsHeader(boolean withNginx) {
    return "Where the time to first token goes (ms, p50 / p99): the request leg ends when the"
        + " upstream has the request (its arrival time is in the completion id; same monotonic"
        + " clock), the response leg is the rest, until the first token is read by the client.\n\n"
        + (withNginx
            ? "| concurrency | request leg direct | request leg nginx | request leg facade |"
                + " response leg direct | response leg nginx | response leg facade |\n"
                + "|---|---|---|---|---|---|---|\n"
            : "| concurrency | request leg direct | request leg facade | response leg direct |"
                + " response leg facade |\n|---|---|---|---|---|\n");
  }

  static String legsRow(Comparison c) {
    StringBuilder request = new StringBuilder();
    StringBuilder response = new StringBuilder();
    for (Side side : c.sides()) {
      Stats[] legs = side.legs();
      request.append(String.format(Locale.ROOT, " %.2f / %.2f |", legs[0].p50(), legs[0].p99()));
      response.append(String.format(Locale.ROOT, " %.2f / %.2f |", legs[1].p50(), legs[1].p99()));
    }
    return "| " + c.concurrency + " |" + request + response + "\n";
  }

  static String cpuHeader(boolean withNginx) {
    return "CPU while each path ran (from /proc; machine busy and steal are % of all"
        + " cores):\n\n"
        + "| concurrency | path | wall s | machine busy % | steal % | upstream ms CPU / 1k tok"
        + (withNginx ? " | nginx ms CPU / 1k tok" : "")
        + " | facade ms CPU / 1k tok | client ms CPU / 1k tok |\n"
        + (withNginx
            ? "|---|---|---|---|---|---|---|---|---|\n"
            : "|---|---|---|---|---|---|---|---|\n");
  }

  static String cpuRows(Comparison c) {
    boolean withNginx = c.nginx != null;
    StringBuilder sb = new StringBuilder();
    sb.append(c.direct.cpuRow(c.concurrency, Target.DIRECT, withNginx));
    if (withNginx) {
      sb.append(c.nginx.cpuRow(c.concurrency, Target.NGINX, true));
    }
    sb.append(c.facade.cpuRow(c.concurrency, Target.FACADE, withNginx));
    if (!c.upstreamCheck.isEmpty()) {
      sb.append("|  | note |")
          .append(c.upstreamCheck)
          .append(withNginx ? " | | | | | | |\n" : " | | | | | |\n");
    }
    return sb.toString();
  }
}
