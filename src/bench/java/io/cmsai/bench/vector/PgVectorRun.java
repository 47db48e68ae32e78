package io.cmsai.bench.vector;

import io.cmsai.bench.vector.contenders.Hnsw;
import io.cmsai.bench.vector.contenders.IngestContender;
import io.cmsai.bench.vector.contenders.LangChain4jPgVector;
import io.cmsai.bench.vector.contenders.OursPgVector;
import io.cmsai.bench.vector.contenders.OursSearch;
import io.cmsai.bench.vector.contenders.PlainSql;
import io.cmsai.bench.vector.contenders.RawCopy;
import io.cmsai.bench.vector.contenders.SearchContender;
import io.cmsai.bench.vector.contenders.StagedCopy;
import io.cmsai.bench.vector.data.Dataset;
import io.cmsai.bench.vector.data.Pg;
import io.cmsai.bench.vector.data.RunOptions;
import io.cmsai.bench.vector.report.Findings;
import io.cmsai.platform.Database;
import io.cmsai.vectorstore.pgvector.PgVectorStore;
import io.cmsai.vectorstore.pgvector.PgVectorStoreFactory;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalInt;

/**
 * Every pgvector measurement for one data set: the ingest contenders (raw binary COPY, the adapter,
 * LangChain4j, the staged diagnostic) per index variant, then the adapter's search on its HNSW
 * table against the same SQL by hand. Creates only tables named bench_*, dropped at the end unless
 * --keep.
 */
final class PgVectorRun {
  private final RunOptions opts;
  private final Findings findings;
  private final StringBuilder report;
  private final Pg pg;
  private final Database ours;
  private final IngestRounds ingest;
  private final SearchRounds search;

  PgVectorRun(RunOptions opts, Findings findings, Pg pg, Database ours) {
    this.opts = opts;
    this.findings = findings;
    this.report = findings.report();
    this.pg = pg;
    this.ours = ours;
    this.ingest = new IngestRounds(opts, findings);
    this.search = new SearchRounds(opts, findings);
  }

  /**
   * Ingest per index variant, then the search on the adapter's HNSW table; {@code exact}: the exact
   * neighbours of every query. Closes its contenders and drops its tables (unless --keep), also on
   * failure.
   */
  void run(Dataset data, int[][] exact) throws Exception {
    findings.store("pgvector");
    Map<String, IngestContender> contenders = new LinkedHashMap<>();
    for (String key : new LinkedHashSet<>(concat(opts.ingestKeysHnsw(), opts.ingestKeys()))) {
      contenders.put(
          key,
          switch (key) {
            case "raw" -> new RawCopy(pg, ours, opts.options().getInt("raw-batch", 0));
            case "ours" -> new OursPgVector(pg, ours);
            case "lc4j" -> new LangChain4jPgVector(pg);
            default -> new StagedCopy(pg, ours);
          });
    }
    try {
      ingest.warmUp(List.copyOf(contenders.values()), data);
      String searchTable = null;
      for (boolean indexed : opts.indexVariants()) {
        int rounds =
            indexed ? opts.options().getInt("rounds", 1) : opts.options().getInt("flat-rounds", 3);
        List<String> keys = indexed ? opts.ingestKeysHnsw() : opts.ingestKeys();
        String keep =
            indexed && !opts.efs().isEmpty() && keys.contains("ours")
                ? RunOptions.table("ours", data.dims(), true)
                : null;
        ingest.run(keys.stream().map(contenders::get).toList(), data, indexed, rounds, keep);
        if (keep != null) {
          searchTable = keep;
        }
      }
      if (searchTable != null) {
        searchTable(data, exact, searchTable);
      } else if (!opts.efs().isEmpty()) {
        report.append(
            "\npgvector search: skipped (needs ours in --ingest-hnsw and hnsw in" + " --index).\n");
      }
    } finally {
      for (IngestContender c : contenders.values()) {
        c.close();
      }
      if (!opts.keep()) {
        pg.dropTouched();
      }
    }
  }

  private void searchTable(Dataset data, int[][] exact, String table) throws Exception {
    pg.vacuumAnalyze(table);
    PgVectorStore store =
        PgVectorStoreFactory.openTable(ours, Hnsw.pgSettings(table, data.dims(), true));
    try (PlainSql plain = new PlainSql(pg, table, data.dims(), false);
        PlainSql inTransaction = new PlainSql(pg, table, data.dims(), true)) {
      SearchContender candidate = new OursSearch(store, ours);
      OursSearch filtered =
          new OursSearch(
              store,
              ours,
              OursSearch.accessLikeFilter(),
              "diagnostic: ours with an access-like filter (an OR of containments, every row)");
      report.append(
          String.format(
              Locale.ROOT,
              "%n#### pgvector: search, top %d, %d queries," + " HNSW (table %s)%n%n",
              opts.topK(),
              data.queries().length,
              table));
      report
          .append("Plain SQL: `")
          .append(plain.sql)
          .append(
              "` on one JDBC connection, the"
                  + " query vector bound as pgvector text; ef_search set with SET on that session (at"
                  + " \"default\": the module's default, ")
          .append(opts.defaultEf())
          .append("; the plan" + " at each ef_search is listed below the table).\n\n");
      search.run(plain, candidate, List.of(inTransaction, filtered), data, exact);
      report
          .append("- plan of ours with the access-like filter at the default: ")
          .append(filtered.plan(data.queries()[0], opts.topK(), OptionalInt.empty()))
          .append("\n");
      // Only now: before pgvector's library is loaded in the session, SHOW gives an empty string.
      report
          .append("- server default hnsw.ef_search (what a plain query gets without SET): ")
          .append(plain.show("hnsw.ef_search"))
          .append("\n");
    }
  }

  private static List<String> concat(List<String> a, List<String> b) {
    List<String> all = new ArrayList<>(a);
    all.addAll(b);
    return all;
  }
}
