package io.cmsai.bench.facade;

import static io.cmsai.bench.facade.Log.log;

import io.cmsai.bench.facade.contenders.Target;
import io.cmsai.bench.facade.data.Step;
import io.cmsai.bench.facade.report.Comparison;
import io.cmsai.bench.facade.report.Formats;
import io.cmsai.bench.facade.report.Round;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One concurrency of the plan at one pacing: the same workload on every path in alternating rounds
 * (direct, nginx, facade, then facade, nginx, direct, ...) so that machine noise hits all paths
 * alike, client starts spread over one stream's length so the load is steady.
 */
final class ConcurrencyRun {
  private final Setup setup;

  ConcurrencyRun(Setup setup) {
    this.setup = setup;
  }

  /**
   * Runs {@code step} at {@code delayMs}; with {@code probeLiveHeap} (and a facade pid) also
   * measures the live heap with every client's stream open, outside the timings.
   */
  Comparison compare(Step step, double delayMs, boolean probeLiveHeap) throws Exception {
    int clients = step.clients();
    int rounds = setup.workload().rounds();
    int perRound = Math.max(1, step.streamsPerClient() / rounds);
    long stagger = setup.workload().streamNanos(delayMs);
    Comparison c = new Comparison(clients, perRound * rounds, setup.contenders().hasNginx());
    if (setup.heap() != null) {
      setup.heap().resetWindows();
    }
    Warmup.settle(setup.pids().facade());
    long upstreamBefore = setup.upstream().streamsStarted();
    try (Phase phase = new Phase(clients, setup.workload().tokens(), setup.pids())) {
      phase.connectAll(setup.contenders().paths());
      for (int r = 0; r < rounds; r++) {
        for (Target t : setup.contenders().order(r)) {
          log(
              "%d clients x %d streams, %s ms pacing: round %d/%d %s",
              clients, perRound, Formats.fmt(delayMs), r + 1, rounds, t.name());
          Round round = phase.round(t, perRound, stagger);
          c.add(t.name(), round, setup.heap());
        }
      }
      if (probeLiveHeap && setup.heap() != null) {
        c.liveHeap(probeLiveHeap(phase, stagger));
      }
    }
    c.checkUpstream(setup.upstream().streamsStarted() - upstreamBefore);
    log("  -> %s", c.summary());
    return c;
  }

  /**
   * Live heap with every client's stream open: the clients stream through the facade until told to
   * stop; a full GC is forced in the middle. This round is not part of the timings.
   */
  private String probeLiveHeap(Phase phase, long stagger) throws Exception {
    log("live-heap probe: %d streams in flight through the facade, full GC", phase.size);
    AtomicBoolean stop = new AtomicBoolean();
    Future<Round> running = phase.background(setup.contenders().facade(), stop, stagger);
    phase.awaitInFlight(phase.size, TimeUnit.SECONDS.toNanos(30));
    int before = phase.inFlight.get();
    String measured = setup.liveHeap().measure("after a full GC with " + before + " streams open");
    int after = phase.inFlight.get();
    stop.set(true);
    Round round = running.get();
    return measured
        + " (in flight at GC start/end: "
        + before
        + "/"
        + after
        + "; probe streams "
        + round.results().size()
        + ", failures "
        + round.failures()
        + ")";
  }
}
