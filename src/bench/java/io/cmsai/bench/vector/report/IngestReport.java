package io.cmsai.bench.vector.report;

import io.cmsai.bench.vector.contenders.Hnsw;
import io.cmsai.bench.vector.contenders.IngestContender;
import io.cmsai.bench.vector.data.Dataset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The markdown table of one ingest measurement: rows/s per round and mean, the ratio to the
 * baseline (the first contender), wall and CPU time (this JVM; for pgvector also the backend of the
 * contender's connection, from {@code /proc}), and the targets judged on it (ours ÷ raw ≥ 0.8, ours
 * ÷ LangChain4j ≥ 2×).
 */
public final class IngestReport {
  private final Findings findings;
  private final StringBuilder report;

  public IngestReport(Findings findings) {
    this.findings = findings;
    this.report = findings.report();
  }

  /**
   * Appends the table of one ingest variant ({@code runs}: per contender, in the order measured,
   * the first the baseline; {@code tables}: what each created) and records its targets.
   */
  public void append(
      Dataset data,
      boolean indexed,
      int rounds,
      Map<IngestContender, List<IngestRun>> runs,
      Map<IngestContender, String> tables) {
    boolean embedded = findings.store().equals("embedded");
    report.append(
        String.format(
            Locale.ROOT,
            "%n#### %s: ingest, %s%n%n",
            findings.storeName(),
            indexed
                ? "HNSW index (m="
                    + Hnsw.M
                    + ", ef_construction="
                    + Hnsw.EF_CONSTRUCTION
                    + ", cosine) "
                    + (embedded ? "built as the documents go in" : "created before the rows")
                : "no vector index"));
    IngestContender baseline = runs.keySet().iterator().next();
    double baseRate = meanRate(data, runs.get(baseline), embedded);
    report
        .append("| contender | rows/s per round | rows/s mean | vs ")
        .append(baseline.key())
        .append(
            embedded
                ? " | s until the last call returned | + s until merges finished"
                    + " | rows/s until returned | CPU s (this JVM) |\n|---|---|---|---|---|---|---|---|\n"
                : " | wall s (mean) | client CPU s | server backend CPU s (busy %) |\n"
                    + "|---|---|---|---|---|---|---|\n");
    Map<String, Double> rates = new LinkedHashMap<>();
    Map<String, Double> returnedRates = new LinkedHashMap<>();
    for (Map.Entry<IngestContender, List<IngestRun>> e : runs.entrySet()) {
      List<IngestRun> rs = e.getValue();
      double rate = meanRate(data, rs, embedded);
      rates.put(e.getKey().key(), rate);
      returnedRates.put(e.getKey().key(), meanRate(data, rs, false));
      String perRound =
          rs.stream()
              .map(
                  r ->
                      String.format(
                          Locale.ROOT, "%,.0f", data.rows() / (r.totalNanos(embedded) / 1e9)))
              .collect(Collectors.joining(" / "));
      double wall = rs.stream().mapToLong(IngestRun::wallNanos).average().orElse(0) / 1e9;
      double cpu = rs.stream().mapToLong(IngestRun::clientCpuNanos).average().orElse(0) / 1e9;
      if (embedded) {
        report.append(
            String.format(
                Locale.ROOT,
                "| %s | %s | %,.0f | **%.2f** | %.1f | %.1f |" + " %,.0f | %.1f |%n",
                e.getKey().name(),
                perRound,
                rate,
                rate / baseRate,
                wall,
                rs.stream().mapToLong(IngestRun::settleNanos).average().orElse(0) / 1e9,
                returnedRates.get(e.getKey().key()),
                cpu));
      } else {
        report.append(
            String.format(
                Locale.ROOT,
                "| %s | %s | %,.0f | **%.2f** | %.1f | %.1f |" + " %s |%n",
                e.getKey().name(),
                perRound,
                rate,
                rate / baseRate,
                wall,
                cpu,
                rs.stream().allMatch(r -> r.serverCpuNanos() >= 0)
                    ? String.format(
                        Locale.ROOT,
                        "%.1f (%.0f %%)",
                        rs.stream().mapToLong(IngestRun::serverCpuNanos).average().orElse(0) / 1e9,
                        100.0
                            * rs.stream().mapToLong(IngestRun::serverCpuNanos).sum()
                            / rs.stream().mapToLong(IngestRun::wallNanos).sum())
                    : "n/a"));
      }
    }
    if (embedded) {
      report.append(
          String.format(
              Locale.ROOT,
              "%nrows/s = %,d rows / time until the index was"
                  + " settled: the last call returned, then the writer was closed, which waits for the"
                  + " merges Lucene still runs in the background (documents built inside the timing);"
                  + " %d round(s), order rotating per round; CPU of this JVM (all threads, merges, JIT"
                  + " and GC included) over the same time.%n",
              data.rows(),
              rounds));
    } else {
      report.append(
          String.format(
              Locale.ROOT,
              "%nrows/s = %,d rows / wall time of the whole"
                  + " ingest (input objects built inside the timing); %d round(s), contender order"
                  + " rotating per round; CPU from /proc (this JVM, all threads, JIT and GC included;"
                  + " the PostgreSQL backend process of the contender's one connection), mean per"
                  + " round; busy %% = backend CPU / wall time (low when the backend waited for the"
                  + " client, the network or a CPU).%n",
              data.rows(),
              rounds));
    }
    runs.forEach(
        (c, rs) ->
            rs.stream()
                .map(IngestRun::details)
                .filter(d -> !d.isEmpty())
                .reduce((a, b) -> b)
                .ifPresent(
                    d ->
                        report.append("\n").append(c.name()).append(": ").append(d).append(".\n")));
    if (rates.containsKey("ours")) {
      report.append("\n");
      String variant = indexed ? "HNSW" : "no index";
      if (rates.containsKey("raw")) {
        double ratio = rates.get("ours") / rates.get("raw");
        report.append(
            String.format(
                Locale.ROOT,
                "- ours / %s: **%.2f** (target ≥ 0.8: %s)%s%n",
                baseline.key().equals("raw") ? baseline.name() : "raw",
                ratio,
                metText(ratio >= 0.8),
                embedded
                    ? String.format(
                        Locale.ROOT,
                        "; until the calls returned: %.2f",
                        returnedRates.get("ours") / returnedRates.get("raw"))
                    : ""));
        findings
            .targets()
            .add(
                new TargetResult(
                    findings.scope(),
                    findings.store(),
                    "ingest ("
                        + variant
                        + "): ours ÷ "
                        + (embedded ? "plain IndexWriter, one commit" : "raw binary COPY"),
                    String.format(
                        Locale.ROOT,
                        "%.2f (%,.0f vs %,.0f rows/s)",
                        ratio,
                        rates.get("ours"),
                        rates.get("raw")),
                    "≥ 0.8",
                    ratio >= 0.8));
      }
      if (rates.containsKey("lc4j")) {
        double ratio = rates.get("ours") / rates.get("lc4j");
        report.append(
            String.format(
                Locale.ROOT,
                "- ours / LangChain4j: **%.2f×** (target ≥ 2×:" + " %s)%n",
                ratio,
                metText(ratio >= 2)));
        findings
            .targets()
            .add(
                new TargetResult(
                    findings.scope(),
                    findings.store(),
                    "ingest (" + variant + "): ours ÷" + " LangChain4j addAll",
                    String.format(
                        Locale.ROOT,
                        "%.2f× (%,.0f vs %,.0f rows/s)",
                        ratio,
                        rates.get("ours"),
                        rates.get("lc4j")),
                    "≥ 2×",
                    ratio >= 2));
      }
    }
    if (!tables.isEmpty()) {
      report.append(
          embedded
              ? "\nIndexes as created:\n\n"
              : "\nTables as created (before the" + " rows):\n\n");
      tables.forEach(
          (c, t) -> report.append("- ").append(c.name()).append(": ").append(t).append("\n"));
    }
  }

  public static String metText(boolean met) {
    return met ? "met" : "missed";
  }

  private static double meanRate(Dataset data, List<IngestRun> runs, boolean withSettle) {
    return runs.stream()
        .mapToDouble(r -> data.rows() / (r.totalNanos(withSettle) / 1e9))
        .average()
        .orElse(0);
  }
}
