package io.cmsai.bench.vector.report;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The end of the report: every target judged in the run (met or missed), then recall@k and p50 of
 * the stores' own search at each ef_search (pgvector) or candidate count (Lucene) measured.
 */
public final class Summary {
  private final Findings findings;
  private final StringBuilder report;
  private final int topK;
  private final int defaultEf;

  /** {@code defaultEf}: the module's default accuracy, marked in the sweep's header. */
  public Summary(Findings findings, int topK, int defaultEf) {
    this.findings = findings;
    this.report = findings.report();
    this.topK = topK;
    this.defaultEf = defaultEf;
  }

  public void append() {
    report.append(
        "\n### Summary of the targets\n\n| data | store | measure | result | target |"
            + " met? |\n|---|---|---|---|---|---|\n");
    for (TargetResult t : findings.targets()) {
      report.append(
          String.format(
              Locale.ROOT,
              "| %s | %s | %s | %s | %s | %s |%n",
              t.scope(),
              t.store(),
              t.measure(),
              t.value(),
              t.target(),
              t.met() ? "met" : "**missed**"));
    }
    if (findings.sweep().isEmpty()) {
      return;
    }
    report.append(
        String.format(
            Locale.ROOT,
            "%n### Recall@%d and p50 against ef_search" + " (pgvector) / candidates (Lucene)%n%n",
            topK));
    List<Integer> values =
        findings.sweep().stream().map(SweepPoint::ef).distinct().sorted().toList();
    Map<String, List<SweepPoint>> byCase = new LinkedHashMap<>();
    findings
        .sweep()
        .forEach(
            p ->
                byCase
                    .computeIfAbsent(p.scope() + " | " + p.store(), k -> new ArrayList<>())
                    .add(p));
    report.append("| data | store |");
    values.forEach(
        v -> report.append(" ").append(v).append(v == defaultEf ? " (default)" : "").append(" |"));
    report.append(" smallest reaching 0.95 | smallest reaching 0.99 |\n|---|---|");
    values.forEach(v -> report.append("---|"));
    report.append("---|---|\n");
    for (Map.Entry<String, List<SweepPoint>> e : byCase.entrySet()) {
      Map<Integer, SweepPoint> at = new TreeMap<>();
      e.getValue().forEach(p -> at.put(p.ef(), p));
      report.append("| ").append(e.getKey()).append(" |");
      for (int v : values) {
        SweepPoint p = at.get(v);
        report.append(
            p == null
                ? " |"
                : String.format(Locale.ROOT, " %.3f / %.2f ms |", p.recall(), p.p50()));
      }
      report
          .append(" ")
          .append(smallest(at, 0.95))
          .append(" | ")
          .append(smallest(at, 0.99))
          .append(" |\n");
    }
    report.append(
        String.format(
            Locale.ROOT,
            "%nEach cell: recall@%d / p50 latency of the store's"
                + " own search (PgVectorStore.search, LuceneVectorStore.search) at that ef_search or"
                + " candidate count; \"smallest\" among the values measured.%n",
            topK));
  }

  private static String smallest(Map<Integer, SweepPoint> at, double recall) {
    return at.values().stream()
        .filter(p -> p.recall() >= recall)
        .map(SweepPoint::ef)
        .min(Comparator.naturalOrder())
        .map(String::valueOf)
        .orElse("> " + at.keySet().stream().max(Comparator.naturalOrder()).orElse(0));
  }
}
