package io.cmsai.bench.facade.report;

import io.cmsai.bench.facade.contenders.Target;
import java.util.List;
import java.util.Locale;

/**
 * Every path at one concurrency: the rounds of each, the facade's heap during its rounds and the
 * upstream's own count of the streams it served. Filled by one thread, then read by the tables.
 */
public final class Comparison {
  final int concurrency;
  final int streamsPerClient;
  final Side direct = new Side();
  final Side nginx; // null without nginx
  final Side facade = new Side();
  String heapDuringRounds = "";
  String liveHeap;
  String upstreamCheck = "";

  public Comparison(int concurrency, int streamsPerClient, boolean withNginx) {
    this.concurrency = concurrency;
    this.streamsPerClient = streamsPerClient;
    this.nginx = withNginx ? new Side() : null;
  }

  /** The sides that ran, in path order. */
  List<Side> sides() {
    return nginx == null ? List.of(direct, facade) : List.of(direct, nginx, facade);
  }

  /** Adds a round of the path named {@code path}; a facade round also notes its heap window. */
  public void add(String path, Round round, HeapSampler heap) {
    Side side =
        switch (path) {
          case Target.DIRECT -> direct;
          case Target.NGINX -> nginx;
          case Target.FACADE -> facade;
          default -> throw new IllegalArgumentException(path);
        };
    side.add(round);
    if (side == facade && heap != null) {
      heap.noteWindow(round.startNanos(), round.endNanos());
      heapDuringRounds = heap.summary();
    }
  }

  /** The live heap with this concurrency's streams in flight, for the report. */
  public void liveHeap(String measured) {
    this.liveHeap = measured;
  }

  public long failures() {
    return sides().stream().mapToLong(s -> s.failures).sum();
  }

  /** Compares the upstream's count of streams served with the streams timed. */
  public void checkUpstream(long served) {
    long expected = sides().stream().mapToLong(s -> s.results.size()).sum();
    if (served < expected) {
      upstreamCheck = " upstream served " + served + " of " + expected + " streams!";
    } else if (served > expected) {
      // the probe round's streams and any facade retries land here; report, don't fail
      upstreamCheck = " (upstream served " + served + " streams for " + expected + " timed)";
    }
  }

  /** A path's TTFT percentiles minus direct's. */
  Stats addedTtft(Side side) {
    Stats d = direct.ttft();
    Stats p = side.ttft();
    return new Stats(p.p50() - d.p50(), p.p99() - d.p99());
  }

  /** A path's tokens/s divided by direct's. */
  double ratio(Side side) {
    return side.tokensPerSecond() / direct.tokensPerSecond();
  }

  /** The facade's CPU per token divided by nginx's (NaN without both). */
  double cpuRatio() {
    return nginx == null ? Double.NaN : facade.facadeMicrosPerToken() / nginx.nginxMicrosPerToken();
  }

  /** One line for the progress log. */
  public String summary() {
    StringBuilder sb = new StringBuilder();
    for (Side side : sides()) {
      Stats t = side.ttft();
      sb.append(
          String.format(
              Locale.ROOT,
              "%s%s TTFT p50/p99 %.2f/%.2f ms %.0f tok/s",
              sb.length() == 0 ? "" : "; ",
              side == direct ? Target.DIRECT : side == nginx ? Target.NGINX : Target.FACADE,
              t.p50(),
              t.p99(),
              side.tokensPerSecond()));
    }
    sb.append(String.format(Locale.ROOT, "; facade ratio %.3f", ratio(facade)));
    if (nginx != null) {
      sb.append(
          String.format(
              Locale.ROOT,
              ", nginx ratio %.3f; relay CPU/token nginx %s facade %s us",
              ratio(nginx),
              Formats.fmt1(nginx.nginxMicrosPerToken()),
              Formats.fmt1(facade.facadeMicrosPerToken())));
    }
    sb.append("; failures ")
        .append(
            String.join("/", sides().stream().map(side -> Long.toString(side.failures)).toList()));
    sides().stream()
        .map(side -> side.firstError)
        .filter(e -> e != null)
        .findFirst()
        .ifPresent(e -> sb.append(" first error: ").append(e));
    return sb.append(upstreamCheck).toString();
  }
}
