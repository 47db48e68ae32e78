package io.cmsai.bench.vector;

import io.cmsai.bench.vector.contenders.SearchContender;
import io.cmsai.bench.vector.data.Dataset;
import io.cmsai.bench.vector.data.RunOptions;
import io.cmsai.bench.vector.report.Cpu;
import io.cmsai.bench.vector.report.Findings;
import io.cmsai.bench.vector.report.IngestReport;
import io.cmsai.bench.vector.report.Log;
import io.cmsai.bench.vector.report.SearchRun;
import io.cmsai.bench.vector.report.SweepPoint;
import io.cmsai.bench.vector.report.TargetResult;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalInt;

/**
 * The search measurement: latency per query (p50, p99, mean), recall@k against the exact
 * neighbours, same answers as the baseline, and CPU, for every path at each ef of --ef; it appends
 * the table and the notes to the report and judges the targets at the default accuracy.
 */
final class SearchRounds {
  private final RunOptions opts;
  private final Findings findings;
  private final StringBuilder report;

  SearchRounds(RunOptions opts, Findings findings) {
    this.opts = opts;
    this.findings = findings;
    this.report = findings.report();
  }

  /**
   * Every path answers every query at each ef of --ef, in rounds whose order alternates (baseline,
   * candidate, diagnostics..., then reversed) after an untimed warm-up; latency per query. The
   * targets are judged on the candidate against the baseline at the default.
   */
  void run(
      SearchContender baseline,
      SearchContender candidate,
      List<SearchContender> diagnostics,
      Dataset data,
      int[][] exact)
      throws Exception {
    List<SearchContender> paths = new ArrayList<>(List.of(baseline, candidate));
    paths.addAll(diagnostics);
    int rounds = opts.options().getInt("search-rounds", 2);
    int warm = Math.min(opts.options().getInt("warmup-queries", 100), data.queries().length);
    report
        .append("| ")
        .append(findings.store().equals("embedded") ? "candidates" : "ef_search")
        .append(" | path | p50 ms | p99 ms | mean ms | recall@")
        .append(opts.topK())
        .append(" | p50 ratio | p99 ratio | client CPU ms/query | server backend CPU ms/query |\n")
        .append("|---|---|---|---|---|---|---|---|---|---|\n");
    List<String> notes = new ArrayList<>();
    for (OptionalInt ef : opts.efs()) {
      String efName = RunOptions.efName(ef);
      Log.log(
          "%s %s: search, ef %s: warm-up %d queries per path",
          findings.scope(), findings.store(), efName, warm);
      for (SearchContender c : paths) {
        for (int q = 0; q < warm; q++) {
          c.search(data.queries()[q], opts.topK(), ef);
        }
      }
      Map<SearchContender, SearchRun> runs = new LinkedHashMap<>();
      paths.forEach(p -> runs.put(p, new SearchRun()));
      for (int r = 0; r < rounds; r++) {
        List<SearchContender> order = new ArrayList<>(paths);
        if (r % 2 == 1) {
          java.util.Collections.reverse(order);
        }
        for (SearchContender s : order) {
          SearchRun into = runs.get(s);
          long pid = s.serverPid();
          long serverBefore = Cpu.processTicks(pid);
          long clientBefore = Cpu.ownNanos();
          for (int q = 0; q < data.queries().length; q++) {
            long t0 = System.nanoTime();
            List<String> ids = s.search(data.queries()[q], opts.topK(), ef);
            into.add(System.nanoTime() - t0, q, ids);
          }
          long clientCpu = Cpu.ownNanos() - clientBefore;
          long serverAfter = Cpu.processTicks(pid);
          into.addCpu(
              data.queries().length,
              clientCpu,
              serverBefore < 0 || serverAfter < 0 || s.serverPid() != pid
                  ? -1
                  : Cpu.ticksToNanos(serverAfter - serverBefore));
        }
      }
      String plan = baseline.plan(data.queries()[0], opts.topK(), ef);
      if (plan != null) {
        notes.add(
            String.format(
                Locale.ROOT,
                "%s %s: plan of the plain query: %s",
                findings.store().equals("embedded") ? "candidates" : "ef_search",
                efName,
                plan));
      }
      SearchRun b = runs.get(baseline);
      SearchRun c = runs.get(candidate);
      runs.forEach(
          (path, run) ->
              report.append(
                  run.row(efName, path.name(), run.recall(exact), path == baseline ? null : b)));
      double recall = c.recall(exact);
      double p50 = c.p(0.5) / b.p(0.5);
      double p99 = c.p(0.99) / b.p(0.99);
      Log.log(
          "  -> recall@%d %.3f; p50 %.2f ms (%.2f×), p99 %.2f ms (%.2f×)",
          opts.topK(), recall, c.p(0.5), p50, c.p(0.99), p99);
      notes.add(
          String.format(
              Locale.ROOT,
              "%s %s: %s p50 %.2f× (target ≤ 1.2×: %s), p99 %.2f×"
                  + " (%s), recall@%d %.3f (target ≥ 0.95: %s); same ids as the baseline for %d of %d"
                  + " queries",
              findings.store().equals("embedded") ? "candidates" : "ef_search",
              efName,
              candidate.name(),
              p50,
              IngestReport.metText(p50 <= 1.2),
              p99,
              IngestReport.metText(p99 <= 1.2),
              opts.topK(),
              recall,
              IngestReport.metText(recall >= 0.95),
              c.sameAnswers(b),
              data.queries().length));
      int effective = ef.orElse(opts.defaultEf());
      findings
          .sweep()
          .add(
              new SweepPoint(
                  findings.scope(),
                  findings.store(),
                  effective,
                  ef.isEmpty(),
                  recall,
                  c.p(0.5),
                  b.recall(exact),
                  b.p(0.5)));
      if (ef.isEmpty()) {
        String what = "search at the default (" + effective + "): ours ÷ " + baseline.name();
        findings
            .targets()
            .add(
                new TargetResult(
                    findings.scope(),
                    findings.store(),
                    what + ", p50",
                    String.format(Locale.ROOT, "%.2f× (%.2f vs %.2f ms)", p50, c.p(0.5), b.p(0.5)),
                    "≤ 1.2×",
                    p50 <= 1.2));
        findings
            .targets()
            .add(
                new TargetResult(
                    findings.scope(),
                    findings.store(),
                    what + ", p99",
                    String.format(
                        Locale.ROOT, "%.2f× (%.2f vs %.2f ms)", p99, c.p(0.99), b.p(0.99)),
                    "≤ 1.2×",
                    p99 <= 1.2));
        findings
            .targets()
            .add(
                new TargetResult(
                    findings.scope(),
                    findings.store(),
                    "recall@" + opts.topK() + " at the default (" + effective + ")",
                    String.format(Locale.ROOT, "%.3f", recall),
                    "≥ 0.95",
                    recall >= 0.95));
      }
    }
    report.append(
        String.format(
            Locale.ROOT,
            "%nLatency per query in ms over %d round(s) per path"
                + " (order alternating, after %d warm-up queries per path); ratio = path / %s;"
                + " recall@%d against exact neighbours computed by brute force over the vectors; CPU"
                + " over that path's rounds (this JVM, all threads; for pgvector also the backend of the"
                + " path's connection, from /proc, 10 ms ticks, so only roughly).%n%n",
            rounds,
            warm,
            baseline.name(),
            opts.topK()));
    notes.forEach(n -> report.append("- ").append(n).append("\n"));
  }
}
