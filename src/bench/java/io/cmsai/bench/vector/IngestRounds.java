package io.cmsai.bench.vector;

import io.cmsai.bench.vector.contenders.IngestContender;
import io.cmsai.bench.vector.data.Dataset;
import io.cmsai.bench.vector.data.RunOptions;
import io.cmsai.bench.vector.report.Cpu;
import io.cmsai.bench.vector.report.Findings;
import io.cmsai.bench.vector.report.IngestReport;
import io.cmsai.bench.vector.report.IngestRun;
import io.cmsai.bench.vector.report.Log;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The ingest measurement: every contender writes all rows into a fresh target of its own, in rounds
 * whose order rotates, timed until the last call returned and until the target settled, with the
 * CPU of this JVM and of the contender's server process; an untimed warm-up first.
 */
final class IngestRounds {
  private final RunOptions opts;
  private final Findings findings;

  IngestRounds(RunOptions opts, Findings findings) {
    this.opts = opts;
    this.findings = findings;
  }

  /** A small untimed ingest per contender (JIT, connections, server caches). */
  void warmUp(List<IngestContender> contenders, Dataset data) throws Exception {
    int n = Math.min(opts.options().getInt("warmup-rows", 2000), data.rows());
    if (n <= 0) {
      return;
    }
    Dataset small = data.head(n);
    for (IngestContender c : contenders) {
      Log.log("warm-up: %s writes %d rows", c.name(), n);
      c.create("bench_warmup_" + c.key(), small, false);
      c.ingest(small, Math.min(opts.batch(), n));
      c.settle();
      c.drop();
    }
  }

  /**
   * Every contender writes all rows into a fresh target of its own, {@code rounds} times, the order
   * rotating each round. The first contender is the baseline of the ratios. The targets named in
   * {@code keep} (in the last round) are left for the search.
   */
  void run(
      List<IngestContender> contenders, Dataset data, boolean indexed, int rounds, String... keep)
      throws Exception {
    Set<String> kept = new HashSet<>(Arrays.asList(keep));
    Map<IngestContender, List<IngestRun>> runs = new LinkedHashMap<>();
    contenders.forEach(c -> runs.put(c, new ArrayList<>()));
    Map<IngestContender, String> tables = new LinkedHashMap<>();
    for (int r = 0; r < rounds; r++) {
      for (int i = 0; i < contenders.size(); i++) {
        IngestContender c = contenders.get((i + r) % contenders.size());
        String table = RunOptions.table(c.key(), data.dims(), indexed);
        c.create(table, data, indexed);
        if (r == 0) {
          tables.put(c, c.describe());
        }
        Log.log(
            "%s %s: ingest, %s, round %d/%d: %s writes %,d rows in batches of %d",
            findings.scope(),
            findings.store(),
            indexed ? "HNSW" : "no index",
            r + 1,
            rounds,
            c.name(),
            data.rows(),
            opts.batch());
        long pid = c.serverPid();
        long serverBefore = Cpu.processTicks(pid);
        long clientBefore = Cpu.ownNanos();
        long start = System.nanoTime();
        c.ingest(data, opts.batch());
        long wall = System.nanoTime() - start;
        c.settle();
        long settle = System.nanoTime() - start - wall;
        long clientCpu = Cpu.ownNanos() - clientBefore;
        long serverAfter = Cpu.processTicks(pid);
        long samePid = c.serverPid();
        long count = c.count();
        if (count != data.rows()) {
          throw new IllegalStateException(
              c.name() + " left " + count + " rows in " + table + ", expected " + data.rows());
        }
        IngestRun run =
            new IngestRun(
                wall,
                settle,
                clientCpu,
                serverBefore < 0 || serverAfter < 0 || samePid != pid
                    ? -1
                    : Cpu.ticksToNanos(serverAfter - serverBefore),
                c.details());
        runs.get(c).add(run);
        Log.log(
            "  -> %,.0f rows/s (%.1f s%s; client CPU %.1f s, server backend CPU %s)%s",
            data.rows() / (wall / 1e9),
            wall / 1e9,
            pid < 0
                ? String.format(Locale.ROOT, " + %.1f s until merges finished", settle / 1e9)
                : "",
            clientCpu / 1e9,
            run.serverCpuNanos() < 0
                ? "n/a"
                : String.format(Locale.ROOT, "%.1f s", run.serverCpuNanos() / 1e9),
            run.details().isEmpty() ? "" : "; " + run.details());
        if (!kept.contains(table) || r < rounds - 1) {
          c.drop();
        }
      }
    }
    new IngestReport(findings).append(data, indexed, rounds, runs, tables);
  }
}
