package io.cmsai.bench.facade;

import static io.cmsai.bench.facade.Log.log;

import io.cmsai.bench.facade.contenders.Contenders;
import io.cmsai.bench.facade.data.Step;
import io.cmsai.bench.facade.report.Formats;
import io.cmsai.bench.facade.report.ProcStats;
import io.cmsai.bench.facade.report.Round;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/** The untimed streams before the measurements, and waiting for the facade JVM to go quiet. */
final class Warmup {
  private final Setup setup;

  Warmup(Setup setup) {
    this.setup = setup;
  }

  /**
   * Streams through every path without pacing, so the JIT compiles the hot code (the facade gets
   * the most; nginx up to 320 streams, so that its timed rounds find upstream connections open).
   *
   * @throws IllegalStateException when every warm-up stream through the facade or nginx failed
   */
  void bulk(int streams) throws Exception {
    setup.configureUpstream(0);
    Contenders paths = setup.contenders();
    int clients = 16;
    int perClient = Math.max(1, streams / clients);
    int perClientDirect = Math.max(1, perClient / 4);
    int perClientNginx = Math.max(1, Math.min(perClient, 20));
    log(
        "warm-up: %d streams through the facade, %d direct%s (no pacing)",
        clients * perClient,
        clients * perClientDirect,
        paths.hasNginx()
            ? String.format(Locale.ROOT, ", %d through nginx", clients * perClientNginx)
            : "");
    try (Phase phase = new Phase(clients, setup.workload().tokens(), setup.pids())) {
      List<Round> rounds = new ArrayList<>();
      Round f = phase.round(paths.facade(), perClient, 0);
      rounds.add(f);
      rounds.add(phase.round(paths.direct(), perClientDirect, 0));
      Round n = paths.hasNginx() ? phase.round(paths.nginx(), perClientNginx, 0) : null;
      if (n != null) {
        rounds.add(n);
      }
      logFailures(rounds);
      for (Round r : List.of(f, n == null ? f : n)) {
        if (r.failures() == r.results().size()) {
          throw new IllegalStateException(
              "every warm-up stream through " + r.target() + " failed: " + r.firstError());
        }
      }
    }
  }

  private static void logFailures(List<Round> rounds) {
    long broken = rounds.stream().mapToLong(Round::failures).sum();
    if (broken > 0) {
      log(
          "warm-up: %d of %d streams failed, e.g. %s",
          broken,
          rounds.stream().mapToInt(r -> r.results().size()).sum(),
          rounds.stream().map(Round::firstError).filter(e -> e != null).findFirst().orElse(null));
    }
  }

  /**
   * One untimed pass of the plan through the facade at the main pacing (about 20 streams per
   * concurrency). The bulk warm-up saturates the CPU, and under load HotSpot defers compilations
   * (its thresholds grow with the compile queue); without this pass they land in the first timed
   * phase (see docs/BENCHMARKS.md).
   */
  void paced(List<Step> plan, double delayMs) throws Exception {
    setup.configureUpstream(delayMs);
    for (Step step : plan) {
      int clients = step.clients();
      int perClient = Math.max(1, (20 + clients - 1) / clients);
      log(
          "warm-up: %d clients x %d streams through the facade at %s ms pacing",
          clients, perClient, Formats.fmt(delayMs));
      try (Phase phase = new Phase(clients, setup.workload().tokens(), setup.pids())) {
        Round f =
            phase.round(
                setup.contenders().facade(), perClient, setup.workload().streamNanos(delayMs));
        if (f.failures() > 0) {
          log(
              "warm-up: %d of %d streams failed, e.g. %s",
              f.failures(), f.results().size(), f.firstError());
        }
      }
    }
  }

  /**
   * Waits (at most 30 s) until the facade JVM is quiet (under 10 % of a core for half a second), so
   * JIT compilation or GC left over from the previous phase does not land in the next one. Returns
   * at once without {@code --facade-pid}.
   */
  static void settle(long facadePid) throws InterruptedException {
    if (facadePid <= 0) {
      return;
    }
    long start = System.nanoTime();
    while (System.nanoTime() - start < TimeUnit.SECONDS.toNanos(30)) {
      long before = ProcStats.ticks(facadePid);
      Thread.sleep(500);
      if ((ProcStats.ticks(facadePid) - before) * ProcStats.TICK_MS < 50) {
        break;
      }
    }
    long waited = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
    if (waited > 1500) {
      log("waited %d ms for the facade JVM to go quiet", waited);
    }
  }
}
