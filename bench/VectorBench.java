/*
 * Vector store benchmark: ingest rate and search latency/recall of the module's stores against the
 * cheapest way of doing the same thing by hand, in one run (run by bench/run-vector-bench.sh, which
 * puts the module's classes and the comparison libraries on the class path).
 *
 *   java -cp CLASSES:JARS bench/VectorBench.java [--rows 100000] [--dims 384,1536] [--queries 500]
 *       [--batch 1000] [--ingest raw,ours,lc4j,staged] [--ingest-hnsw raw,ours,lc4j]
 *       [--index hnsw,none] [--raw-batch 0] [--rounds 1]
 *       [--flat-rounds 3] [--ef default,100] [--search-rounds 2] [--top-k 10] [--seed 42]
 *       [--warmup-rows 2000] [--warmup-queries 100] [--clusters 0] [--keep false] [--about TEXT]
 *       [--out results.md]
 *
 * PostgreSQL: AI_TEST_PG_URL (jdbc:postgresql://host:port/db), AI_TEST_PG_USER, AI_TEST_PG_PASSWORD.
 * Every table it creates is named bench_*; leftovers of an interrupted run are dropped first.
 *
 * Data: --rows random unit vectors (Gaussian components, normalised; seeded), each with an id (a
 * UUID string, as LangChain4j requires), a short text and two metadata fields; --queries random
 * unit query vectors drawn apart from the data (--clusters N: vectors and queries around N random
 * centres instead, see Dataset.generate). Exact neighbours are computed by brute force here.
 *
 * Ingest, per dimension and per index variant (HNSW m=16, ef_construction=64, cosine, created
 * BEFORE the rows go in, so every contender pays the same index maintenance; and no vector index):
 * each contender writes all rows into a fresh table of its own, in rounds whose order rotates.
 *   raw    - one binary COPY of all rows straight into the adapter's table definition (its own
 *            encoder, not the module's); the baseline. --raw-batch N: one COPY + commit per N rows
 *   ours   - PgVectorStore.upsert in batches of --batch (above 256 rows the adapter COPYs into a
 *            staging table and INSERT ... SELECTs into the table)
 *   lc4j   - LangChain4j PgVectorEmbeddingStore.addAll in batches of --batch, its own table with its
 *            default settings (it has no HNSW option; the bench adds the same HNSW index)
 *   staged - diagnostic: the adapter's SQL per batch (temp staging table, COPY, INSERT ... SELECT ...
 *            ON CONFLICT) issued by hand, timing each phase, to show where the adapter's time goes
 *            (by default only without index: with HNSW, index maintenance is nearly all of it)
 * --ingest lists the contenders of the variant without index (the first is the baseline of the
 * ratios), --ingest-hnsw those of the HNSW variant (default: --ingest without staged).
 * Reported: rows/s (wall time of the whole ingest, input objects included), CPU of this JVM and
 * of the PostgreSQL backend serving the contender's connection (from /proc), ratios.
 *
 * Search (on the adapter's HNSW table, after VACUUM ANALYZE): the --top-k nearest of each query
 * through PgVectorStore.search and through the identical SQL on one plain JDBC connection in
 * autocommit mode (the baseline), plus a diagnostic path issuing that SQL in the adapter's round
 * trips (a transaction per query, SET LOCAL hnsw.ef_search when asked, COMMIT); rounds alternate
 * the order, at each ef_search of --ef ("default" = the server's, set by no path; "none": no
 * search). Reported: latency p50/p99/mean per query, recall@k against the exact neighbours, and
 * whether the adapter returned the same ids as the plain query.
 *
 * Adding a store: implement IngestContender (and SearchContender) for it and call runIngest /
 * runSearch with it, as runPgVector does for pgvector (the embedded Lucene store is meant to get a
 * runEmbedded next to it).
 */
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.langchain4j.data.document.Metadata;
import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.store.embedding.pgvector.PgVectorEmbeddingStore;
import io.cmsai.platform.Database;
import io.cmsai.platform.DatabaseSettings;
import io.cmsai.vectorstore.DistanceMetric;
import io.cmsai.vectorstore.IndexSpec;
import io.cmsai.vectorstore.Match;
import io.cmsai.vectorstore.SearchRequest;
import io.cmsai.vectorstore.VectorRecord;
import io.cmsai.vectorstore.pgvector.PgVectorSettings;
import io.cmsai.vectorstore.pgvector.PgVectorStore;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;

public final class VectorBench {

  static final int HNSW_M = 16;
  static final int HNSW_EF_CONSTRUCTION = 64;
  static final long UUID_HIGH = 0x5EC7_0000_0000_4000L;

  public static void main(String[] args) throws Exception {
    quietLogging();
    Options o = new Options(args);
    VectorBench bench = new VectorBench(o);
    String report;
    try {
      report = bench.run();
    } finally {
      bench.close();
    }
    System.out.println();
    System.out.println(report);
    if (o.has("out")) {
      Files.writeString(Path.of(o.get("out", "")), report);
    }
  }

  // ---------------------------------------------------------------- configuration and the run

  private final Options o;
  private final Pg pg;
  private final int rows;
  private final int queries;
  private final int batch;
  private final int topK;
  private final long seed;
  private final int clusters;
  private final List<String> ingestKeys;
  private final List<String> ingestKeysHnsw;
  private final List<Boolean> indexVariants;
  private final List<OptionalInt> efs;
  private final StringBuilder report = new StringBuilder();
  private Database ours;

  VectorBench(Options o) {
    this.o = o;
    this.pg = Pg.fromEnvironment();
    this.rows = o.getInt("rows", 100_000);
    this.queries = o.getInt("queries", 500);
    this.batch = o.getInt("batch", 1000);
    this.topK = o.getInt("top-k", 10);
    this.seed = Long.parseLong(o.get("seed", "42"));
    this.clusters = o.getInt("clusters", 0);
    this.ingestKeys = contenderKeys("ingest", "raw,ours,lc4j,staged");
    this.ingestKeysHnsw = contenderKeys("ingest-hnsw", ingestKeys.stream()
        .filter(k -> !k.equals("staged")).collect(Collectors.joining(",")));
    this.indexVariants = new ArrayList<>();
    for (String v : o.get("index", "hnsw,none").split(",")) {
      if (!v.equals("hnsw") && !v.equals("none")) {
        throw new IllegalArgumentException("--index takes hnsw and/or none; got " + v);
      }
      indexVariants.add(v.equals("hnsw"));
    }
    this.efs = new ArrayList<>();
    for (String v : o.get("ef", "default,100").split(",")) {
      if (v.equals("none")) {
        continue;
      }
      efs.add(v.equals("default") ? OptionalInt.empty() : OptionalInt.of(Integer.parseInt(v)));
    }
  }

  private List<String> contenderKeys(String option, String fallback) {
    List<String> keys = List.of(o.get(option, fallback).split(","));
    for (String key : keys) {
      if (!List.of("raw", "ours", "lc4j", "staged").contains(key)) {
        throw new IllegalArgumentException("--" + option + " takes raw, ours, lc4j, staged; got "
            + key);
      }
    }
    return keys;
  }

  String run() throws Exception {
    List<Integer> dims = new ArrayList<>();
    for (String d : o.get("dims", "384,1536").split(",")) {
      int n = Integer.parseInt(d.trim());
      if (n < 1 || n > PgVectorSettings.MAX_VECTOR_INDEX_DIMENSION) {
        throw new IllegalArgumentException("--dims: 1.." + PgVectorSettings.MAX_VECTOR_INDEX_DIMENSION
            + " (the raw COPY encoder writes vector, not halfvec), got " + n);
      }
      dims.add(n);
    }
    // Two connections: PgVectorStore.open runs Flyway, which holds a second connection (with a
    // pool of one, open() times out). Writes and searches use one connection at a time.
    ours = PgVectorStore.connect(new DatabaseSettings(pg.url, pg.user, pg.password, 2));
    if (o.has("about")) {
      report.append("Run: ").append(o.get("about", "")).append("\n");
    }
    report.append(String.format(Locale.ROOT, "Server: PostgreSQL %s; pgvector %s; %s.%n",
        pg.serverVersion(), pg.extensionVersion(), pg.settings("shared_buffers", "work_mem",
            "maintenance_work_mem", "synchronous_commit", "max_parallel_workers_per_gather")));
    report.append(String.format(Locale.ROOT, "Workload: %,d %s per dimension (seed %d), ids are"
        + " UUID strings, text \"document N\", metadata {n, group}; ingest batches of %d; %d"
        + " random unit queries%s, top %d; HNSW m=%d, ef_construction=%d, cosine.%n", rows,
        clusters == 0 ? "random unit vectors (uniform on the sphere)"
            : "unit vectors around " + clusters + " random centres (--clusters)", seed, batch,
        queries, clusters == 0 ? "" : " (drawn like the data)", topK, HNSW_M,
        HNSW_EF_CONSTRUCTION));
    for (int d : dims) {
      runPgVector(d);
    }
    return report.toString();
  }

  /** Every pgvector measurement for one dimension. */
  private void runPgVector(int dims) throws Exception {
    log("%d dimensions: generating %,d vectors and %d queries", dims, rows, queries);
    Dataset data = Dataset.generate(rows, dims, queries, clusters, seed + dims);
    report.append(String.format(Locale.ROOT, "%n### pgvector, %d dimensions, %,d rows%n", dims,
        rows));
    Map<String, IngestContender> contenders = new LinkedHashMap<>();
    for (String key : new LinkedHashSet<>(concat(ingestKeysHnsw, ingestKeys))) {
      contenders.put(key, switch (key) {
        case "raw" -> new RawCopy(pg, ours, o.getInt("raw-batch", 0));
        case "ours" -> new OursPgVector(pg, ours);
        case "lc4j" -> new LangChain4jPgVector(pg);
        default -> new StagedCopy(pg, ours);
      });
    }
    try {
      warmUp(List.copyOf(contenders.values()), data);
      String searchTable = null;
      for (boolean indexed : indexVariants) {
        int rounds = indexed ? o.getInt("rounds", 1) : o.getInt("flat-rounds", 3);
        List<String> keys = indexed ? ingestKeysHnsw : ingestKeys;
        String keep = indexed && !efs.isEmpty() && keys.contains("ours")
            ? table("ours", dims, true) : null;
        runIngest(keys.stream().map(contenders::get).toList(), data, indexed, rounds, keep);
        if (keep != null) {
          searchTable = keep;
        }
      }
      if (searchTable != null) {
        runPgSearch(data, searchTable);
      } else if (!efs.isEmpty()) {
        report.append("\nSearch: skipped (needs ours in --ingest-hnsw and hnsw in --index).\n");
      }
    } finally {
      for (IngestContender c : contenders.values()) {
        c.close();
      }
      if (!Boolean.parseBoolean(o.get("keep", "false"))) {
        dropAll();
      }
    }
  }

  private static List<String> concat(List<String> a, List<String> b) {
    List<String> all = new ArrayList<>(a);
    all.addAll(b);
    return all;
  }

  private String table(String key, int dims, boolean indexed) {
    return "bench_" + key + "_" + dims + (indexed ? "_hnsw" : "_flat");
  }

  /** A small untimed ingest per contender (JIT, connections, server caches). */
  private void warmUp(List<IngestContender> contenders, Dataset data) throws Exception {
    int n = Math.min(o.getInt("warmup-rows", 2000), data.rows());
    if (n <= 0) {
      return;
    }
    Dataset small = data.head(n);
    for (IngestContender c : contenders) {
      log("warm-up: %s writes %d rows", c.name(), n);
      c.create("bench_warmup_" + c.key(), small, false);
      c.ingest(small, Math.min(batch, n));
      c.drop();
    }
  }

  // ----------------------------------------------------------------------------------- ingest

  /**
   * Every contender writes all rows into a fresh table of its own, {@code rounds} times, the order
   * rotating each round. The first contender is the baseline of the ratios. {@code keepTable} (one
   * contender's table in the last round) is left for the search.
   */
  private void runIngest(List<IngestContender> contenders, Dataset data, boolean indexed,
      int rounds, String keepTable) throws Exception {
    Map<IngestContender, List<IngestRun>> runs = new LinkedHashMap<>();
    contenders.forEach(c -> runs.put(c, new ArrayList<>()));
    Map<IngestContender, String> tables = new LinkedHashMap<>();
    for (int r = 0; r < rounds; r++) {
      for (int i = 0; i < contenders.size(); i++) {
        IngestContender c = contenders.get((i + r) % contenders.size());
        String table = table(c.key(), data.dims(), indexed);
        c.create(table, data, indexed);
        if (r == 0) {
          tables.put(c, c.describe());
        }
        log("ingest %s, %s, round %d/%d: %s writes %,d rows in batches of %d", data.dims() + "d",
            indexed ? "HNSW" : "no index", r + 1, rounds, c.name(), data.rows(), batch);
        long pid = c.serverPid();
        long serverBefore = Cpu.processTicks(pid);
        long clientBefore = Cpu.ownNanos();
        long start = System.nanoTime();
        c.ingest(data, batch);
        long wall = System.nanoTime() - start;
        long clientCpu = Cpu.ownNanos() - clientBefore;
        long serverAfter = Cpu.processTicks(pid);
        long samePid = c.serverPid();
        long count = c.count();
        if (count != data.rows()) {
          throw new IllegalStateException(c.name() + " left " + count + " rows in " + table
              + ", expected " + data.rows());
        }
        IngestRun run = new IngestRun(wall, clientCpu,
            serverBefore < 0 || serverAfter < 0 || samePid != pid ? -1
                : Cpu.ticksToNanos(serverAfter - serverBefore), c.details());
        runs.get(c).add(run);
        log("  -> %,.0f rows/s (%.1f s; client CPU %.1f s, server backend CPU %s)%s",
            data.rows() / (wall / 1e9), wall / 1e9, clientCpu / 1e9,
            run.serverCpuNanos() < 0 ? "n/a" : String.format(Locale.ROOT, "%.1f s",
                run.serverCpuNanos() / 1e9), run.details().isEmpty() ? "" : "; " + run.details());
        if (!table.equals(keepTable) || r < rounds - 1) {
          c.drop();
        }
      }
    }
    reportIngest(data, indexed, rounds, runs, tables);
  }

  private void reportIngest(Dataset data, boolean indexed, int rounds,
      Map<IngestContender, List<IngestRun>> runs, Map<IngestContender, String> tables) {
    report.append(String.format(Locale.ROOT, "%n#### Ingest, %s%n%n", indexed
        ? "HNSW index (m=" + HNSW_M + ", ef_construction=" + HNSW_EF_CONSTRUCTION
            + ", cosine) created before the rows"
        : "no vector index"));
    IngestContender baseline = runs.keySet().iterator().next();
    double baseRate = meanRate(data, runs.get(baseline));
    report.append("| contender | rows/s per round | rows/s mean | vs ").append(baseline.key())
        .append(" | wall s (mean) | client CPU s | server backend CPU s (busy %) |\n");
    report.append("|---|---|---|---|---|---|---|\n");
    Map<String, Double> rates = new LinkedHashMap<>();
    for (Map.Entry<IngestContender, List<IngestRun>> e : runs.entrySet()) {
      List<IngestRun> rs = e.getValue();
      double rate = meanRate(data, rs);
      rates.put(e.getKey().key(), rate);
      report.append(String.format(Locale.ROOT, "| %s | %s | %,.0f | **%.2f** | %.1f | %.1f | %s |%n",
          e.getKey().name(),
          rs.stream().map(r -> String.format(Locale.ROOT, "%,.0f", data.rows() / (r.wallNanos()
              / 1e9))).collect(Collectors.joining(" / ")),
          rate, rate / baseRate,
          rs.stream().mapToLong(IngestRun::wallNanos).average().orElse(0) / 1e9,
          rs.stream().mapToLong(IngestRun::clientCpuNanos).average().orElse(0) / 1e9,
          rs.stream().allMatch(r -> r.serverCpuNanos() >= 0)
              ? String.format(Locale.ROOT, "%.1f (%.0f %%)", rs.stream()
                  .mapToLong(IngestRun::serverCpuNanos).average().orElse(0) / 1e9,
                  100.0 * rs.stream().mapToLong(IngestRun::serverCpuNanos).sum()
                      / rs.stream().mapToLong(IngestRun::wallNanos).sum())
              : "n/a"));
    }
    report.append(String.format(Locale.ROOT, "%nrows/s = %,d rows / wall time of the whole"
        + " ingest (input objects built inside the timing); %d round(s), contender order rotating"
        + " per round; CPU from /proc (this JVM, all threads, JIT and GC included; the PostgreSQL"
        + " backend process of the contender's one connection), mean per round; busy %% = backend"
        + " CPU / wall time (low when the backend waited for the client, the network or a CPU).%n",
        data.rows(), rounds));
    runs.forEach((c, rs) -> rs.stream().map(IngestRun::details).filter(d -> !d.isEmpty())
        .reduce((a, b) -> b).ifPresent(d -> report.append("\n").append(c.name()).append(": ")
            .append(d).append(".\n")));
    if (rates.containsKey("ours")) {
      report.append("\n");
      if (rates.containsKey("raw")) {
        report.append(String.format(Locale.ROOT, "- ours / raw COPY: **%.2f** (target ≥ 0.8: %s)%n",
            rates.get("ours") / rates.get("raw"),
            rates.get("ours") / rates.get("raw") >= 0.8 ? "met" : "missed"));
      }
      if (rates.containsKey("lc4j")) {
        report.append(String.format(Locale.ROOT, "- ours / LangChain4j: **%.2f×** (target ≥ 2×:"
            + " %s)%n", rates.get("ours") / rates.get("lc4j"),
            rates.get("ours") / rates.get("lc4j") >= 2 ? "met" : "missed"));
      }
    }
    if (!tables.isEmpty()) {
      report.append("\nTables as created (before the rows):\n\n");
      tables.forEach((c, t) -> report.append("- ").append(c.name()).append(": ").append(t)
          .append("\n"));
    }
  }

  private static double meanRate(Dataset data, List<IngestRun> runs) {
    return runs.stream().mapToDouble(r -> data.rows() / (r.wallNanos() / 1e9)).average()
        .orElse(0);
  }

  // ----------------------------------------------------------------------------------- search

  private void runPgSearch(Dataset data, String table) throws Exception {
    pg.vacuumAnalyze(table);
    log("%d dimensions: exact top %d of %d queries by brute force", data.dims(), topK, queries);
    long start = System.nanoTime();
    int[][] exact = data.exactTopK(topK);
    log("  -> %.1f s", (System.nanoTime() - start) / 1e9);
    PgVectorStore store = PgVectorStore.open(ours, settings(table, data.dims(), true));
    try (PlainSql plain = new PlainSql(pg, table, data.dims(), false);
        PlainSql inTransaction = new PlainSql(pg, table, data.dims(), true)) {
      SearchContender candidate = new OursSearch(store, ours);
      report.append(String.format(Locale.ROOT, "%n#### Search, top %d, %d queries, HNSW (table"
          + " %s)%n%n", topK, queries, table));
      report.append("Plain SQL: `").append(plain.sql).append("` on one JDBC connection, the"
          + " query vector bound as pgvector text; ef_search set with SET on that session."
          + " Plan: ").append(plain.plan(data.queries()[0])).append(".\n\n");
      runSearch(plain, candidate, List.of(inTransaction), data, exact);
      report.append("\nServer default hnsw.ef_search: ").append(plain.show("hnsw.ef_search"))
          .append(".\n");
    }
  }

  /**
   * Every path answers every query at each ef_search of --ef, in rounds whose order alternates
   * (baseline, candidate, diagnostics..., then reversed) after an untimed warm-up; latency per
   * query. The targets are judged on the candidate against the baseline.
   */
  private void runSearch(SearchContender baseline, SearchContender candidate,
      List<SearchContender> diagnostics, Dataset data, int[][] exact) throws Exception {
    List<SearchContender> paths = new ArrayList<>(List.of(baseline, candidate));
    paths.addAll(diagnostics);
    int rounds = o.getInt("search-rounds", 2);
    int warm = Math.min(o.getInt("warmup-queries", 100), data.queries().length);
    report.append("| ef_search | path | p50 ms | p99 ms | mean ms | recall@").append(topK)
        .append(" | p50 ratio | p99 ratio | client CPU ms/query | server backend CPU ms/query |\n")
        .append("|---|---|---|---|---|---|---|---|---|---|\n");
    List<String> notes = new ArrayList<>();
    for (OptionalInt ef : efs) {
      String efName = ef.isPresent() ? Integer.toString(ef.getAsInt()) : "default";
      log("search, ef_search %s: warm-up %d queries per path", efName, warm);
      for (SearchContender c : paths) {
        for (int q = 0; q < warm; q++) {
          c.search(data.queries()[q], topK, ef);
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
          log("search, ef_search %s, round %d/%d: %s", efName, r + 1, rounds, s.name());
          SearchRun into = runs.get(s);
          long pid = s.serverPid();
          long serverBefore = Cpu.processTicks(pid);
          long clientBefore = Cpu.ownNanos();
          for (int q = 0; q < data.queries().length; q++) {
            long t0 = System.nanoTime();
            List<String> ids = s.search(data.queries()[q], topK, ef);
            into.add(System.nanoTime() - t0, q, ids);
          }
          long clientCpu = Cpu.ownNanos() - clientBefore;
          long serverAfter = Cpu.processTicks(pid);
          into.addCpu(data.queries().length, clientCpu, serverBefore < 0 || serverAfter < 0
              || s.serverPid() != pid ? -1 : Cpu.ticksToNanos(serverAfter - serverBefore));
        }
      }
      SearchRun b = runs.get(baseline);
      SearchRun c = runs.get(candidate);
      runs.forEach((path, run) -> report.append(run.row(efName, path.name(),
          run.recall(data, exact), path == baseline ? null : b)));
      double recall = c.recall(data, exact);
      notes.add(String.format(Locale.ROOT, "ef_search %s: %s p50 %.2f× (target ≤ 1.2×: %s),"
          + " recall@%d %.3f (target ≥ 0.95: %s); same ids as the plain query for %d of %d"
          + " queries", efName, candidate.name(), c.p(0.5) / b.p(0.5),
          c.p(0.5) / b.p(0.5) <= 1.2 ? "met" : "missed", topK, recall,
          recall >= 0.95 ? "met" : "missed", c.sameAnswers(b), data.queries().length));
    }
    report.append(String.format(Locale.ROOT, "%nLatency per query in ms over %d round(s) per path"
        + " (order alternating, after %d warm-up queries per path); ratio = path / %s;"
        + " recall@%d against exact neighbours computed by brute force over the generated"
        + " vectors; CPU from /proc over that path's rounds (this JVM, all threads; the"
        + " PostgreSQL backend of the path's connection; 10 ms ticks, so only roughly).%n%n",
        rounds, warm, baseline.name(), topK));
    notes.forEach(n -> report.append("- ").append(n).append("\n"));
  }

  // ----------------------------------------------------------------------------------- tidy-up

  private void dropAll() {
    pg.dropTouched();
  }

  void close() {
    if (ours != null) {
      ours.close();
    }
  }

  static PgVectorSettings settings(String table, int dims, boolean indexed) {
    return new PgVectorSettings("public", table, dims, DistanceMetric.COSINE,
        indexed ? IndexSpec.hnsw(HNSW_M, HNSW_EF_CONSTRUCTION) : IndexSpec.none(),
        Optional.empty(), "simple");
  }

  // ------------------------------------------------------------------------------ contenders

  /**
   * One way of writing rows. Not thread-safe; one table at a time: {@link #create}, then {@link
   * #ingest} (timed by the caller), then {@link #drop}.
   */
  interface IngestContender extends AutoCloseable {
    /** Short key, used in table names and option values. */
    String key();

    String name();

    /**
     * Creates an empty target {@code name} (a table, a directory...) for {@code data}, with a vector
     * index when asked, replacing a leftover of an interrupted run.
     */
    void create(String name, Dataset data, boolean indexed) throws Exception;

    /** Writes every row of {@code data}; batches of {@code batch} where the contender batches. */
    void ingest(Dataset data, int batch) throws Exception;

    /** Rows in the target now. */
    long count() throws Exception;

    /** What the target is (columns, indexes...), for the report. */
    String describe() throws Exception;

    /** The server process serving this contender's writes, or -1 when unknown. */
    long serverPid() throws Exception;

    /** What the last ingest measured beyond its wall time ("" when nothing). */
    default String details() {
      return "";
    }

    void drop() throws Exception;

    @Override
    default void close() throws Exception {}
  }

  /** One way of answering a nearest-neighbour query; ids of the matches, best first. */
  interface SearchContender {
    String name();

    /** {@code ef} empty: the store's default accuracy. */
    List<String> search(float[] query, int topK, OptionalInt ef) throws Exception;

    /** The server process answering this path's queries, or -1 when unknown (or none). */
    default long serverPid() throws Exception {
      return -1;
    }
  }

  /** A contender writing into one PostgreSQL table at a time. */
  abstract static class PgTableContender implements IngestContender {
    final Pg pg;
    String table;

    PgTableContender(Pg pg) {
      this.pg = pg;
    }

    @Override
    public final void create(String name, Dataset data, boolean indexed) throws Exception {
      pg.dropTable(name);
      table = name;
      createTable(data, indexed);
    }

    abstract void createTable(Dataset data, boolean indexed) throws Exception;

    @Override
    public long count() throws SQLException {
      return pg.count(table);
    }

    @Override
    public String describe() throws SQLException {
      return pg.describeTable(table);
    }

    @Override
    public void drop() throws SQLException {
      pg.dropTable(table);
    }
  }

  /**
   * Baseline: binary COPY straight into the adapter's table definition; one COPY of all rows, or
   * (rowsPerCopy &gt; 0) one COPY and commit per that many rows.
   */
  static final class RawCopy extends PgTableContender {
    private final Database registry;
    private final int rowsPerCopy;
    private Connection connection;

    RawCopy(Pg pg, Database registry, int rowsPerCopy) {
      super(pg);
      this.registry = registry;
      this.rowsPerCopy = rowsPerCopy;
    }

    @Override
    public String key() {
      return "raw";
    }

    @Override
    public String name() {
      return rowsPerCopy > 0 ? "raw JDBC binary COPY (one per " + rowsPerCopy + " rows)"
          : "raw JDBC binary COPY (one COPY, all rows)";
    }

    @Override
    void createTable(Dataset data, boolean indexed) throws SQLException {
      PgVectorStore.open(registry, settings(table, data.dims(), indexed));
      if (connection == null) {
        connection = pg.connect();
      }
    }

    @Override
    public void ingest(Dataset data, int batch) throws SQLException, IOException {
      connection.setAutoCommit(false);
      int step = rowsPerCopy > 0 ? rowsPerCopy : data.rows();
      for (int from = 0; from < data.rows(); from += step) {
        CopyIn copy = connection.unwrap(PGConnection.class).getCopyAPI().copyIn("COPY public.\""
            + table + "\" (id, embedding, content, metadata) FROM STDIN (FORMAT binary)");
        try {
          CopyWriter out = new CopyWriter(copy);
          out.header();
          for (int i = from; i < Math.min(data.rows(), from + step); i++) {
            out.row(data, i);
          }
          out.trailer();
          copy.endCopy();
        } finally {
          if (copy.isActive()) {
            copy.cancelCopy();
          }
        }
        connection.commit();
      }
    }

    @Override
    public long serverPid() throws SQLException {
      return Pg.backendPid(connection);
    }

    @Override
    public void close() throws SQLException {
      if (connection != null) {
        connection.close();
      }
    }
  }

  /** The module's adapter: PgVectorStore.upsert in batches. */
  static final class OursPgVector extends PgTableContender {
    private final Database database;
    private PgVectorStore store;

    OursPgVector(Pg pg, Database database) {
      super(pg);
      this.database = database;
    }

    @Override
    public String key() {
      return "ours";
    }

    @Override
    public String name() {
      return "ours: PgVectorStore.upsert";
    }

    @Override
    void createTable(Dataset data, boolean indexed) {
      store = PgVectorStore.open(database, settings(table, data.dims(), indexed));
    }

    @Override
    public void ingest(Dataset data, int batch) {
      for (int from = 0; from < data.rows(); from += batch) {
        int to = Math.min(data.rows(), from + batch);
        List<VectorRecord> records = new ArrayList<>(to - from);
        for (int i = from; i < to; i++) {
          records.add(new VectorRecord(data.id(i), data.vectors()[i], data.text(i),
              data.metadata(i)));
        }
        store.upsert(records);
      }
    }

    @Override
    public long serverPid() throws SQLException {
      try (Connection c = database.dataSource().getConnection()) {
        return Pg.backendPid(c);
      }
    }

    @Override
    public void drop() {
      store.drop();
    }
  }

  /**
   * Diagnostic: the adapter's write SQL for batches above 256 rows (per batch, in one transaction:
   * temp staging table, binary COPY into it, INSERT ... SELECT ... ON CONFLICT into the table),
   * issued by hand so each phase can be timed.
   */
  static final class StagedCopy extends PgTableContender {
    private final Database registry;
    private Connection connection;
    private final long[] phases = new long[4];

    StagedCopy(Pg pg, Database registry) {
      super(pg);
      this.registry = registry;
    }

    @Override
    public String key() {
      return "staged";
    }

    @Override
    public String name() {
      return "diagnostic: the adapter's staged COPY SQL by hand";
    }

    @Override
    void createTable(Dataset data, boolean indexed) throws SQLException {
      PgVectorStore.open(registry, settings(table, data.dims(), indexed));
      if (connection == null) {
        connection = pg.connect();
      }
    }

    @Override
    public void ingest(Dataset data, int batch) throws SQLException, IOException {
      Arrays.fill(phases, 0);
      String name = "public.\"" + table + "\"";
      String vector = "vector(" + data.dims() + ")";
      connection.setAutoCommit(false);
      for (int from = 0; from < data.rows(); from += batch) {
        int to = Math.min(data.rows(), from + batch);
        long t0 = System.nanoTime();
        try (Statement s = connection.createStatement()) {
          s.execute("CREATE TEMP TABLE cms_ai_stage (id varchar(255), embedding " + vector
              + ", content text, metadata jsonb) ON COMMIT DROP");
        }
        long t1 = System.nanoTime();
        CopyIn copy = connection.unwrap(PGConnection.class).getCopyAPI().copyIn(
            "COPY cms_ai_stage (id, embedding, content, metadata) FROM STDIN (FORMAT binary)");
        try {
          CopyWriter out = new CopyWriter(copy);
          out.header();
          for (int i = from; i < to; i++) {
            out.row(data, i);
          }
          out.trailer();
          copy.endCopy();
        } finally {
          if (copy.isActive()) {
            copy.cancelCopy();
          }
        }
        long t2 = System.nanoTime();
        try (Statement s = connection.createStatement()) {
          s.execute("INSERT INTO " + name + " (id, embedding, content, metadata) SELECT id,"
              + " embedding::" + vector + ", content, metadata FROM cms_ai_stage ON CONFLICT (id)"
              + " DO UPDATE SET embedding = EXCLUDED.embedding, content = EXCLUDED.content,"
              + " metadata = EXCLUDED.metadata");
        }
        long t3 = System.nanoTime();
        connection.commit();
        long t4 = System.nanoTime();
        phases[0] += t1 - t0;
        phases[1] += t2 - t1;
        phases[2] += t3 - t2;
        phases[3] += t4 - t3;
      }
    }

    @Override
    public String details() {
      long total = Arrays.stream(phases).sum();
      if (total == 0) {
        return "";
      }
      String[] names = {"CREATE TEMP TABLE", "COPY into the staging table",
          "INSERT ... SELECT ... ON CONFLICT", "COMMIT"};
      List<String> parts = new ArrayList<>();
      for (int i = 0; i < phases.length; i++) {
        parts.add(String.format(Locale.ROOT, "%s %.1f s (%.0f %%)", names[i], phases[i] / 1e9,
            100.0 * phases[i] / total));
      }
      return "time per phase, summed over the batches: " + String.join(", ", parts);
    }

    @Override
    public long serverPid() throws SQLException {
      return Pg.backendPid(connection);
    }

    @Override
    public void close() throws SQLException {
      if (connection != null) {
        connection.close();
      }
    }
  }

  /**
   * LangChain4j's PgVectorEmbeddingStore with its default settings, on a pooled data source of one
   * connection (as the adapter has). Its only index option is IVFFlat (useIndex, off by default),
   * so for the HNSW variant the bench adds the same HNSW index to its table before the rows.
   */
  static final class LangChain4jPgVector extends PgTableContender {
    private final HikariDataSource pool;
    private PgVectorEmbeddingStore store;

    LangChain4jPgVector(Pg pg) {
      super(pg);
      HikariConfig config = new HikariConfig();
      config.setPoolName("bench-lc4j");
      config.setJdbcUrl(pg.url);
      config.setUsername(pg.user);
      config.setPassword(pg.password);
      config.setMaximumPoolSize(1);
      config.setMinimumIdle(1);
      this.pool = new HikariDataSource(config);
    }

    @Override
    public String key() {
      return "lc4j";
    }

    @Override
    public String name() {
      return "LangChain4j PgVectorEmbeddingStore.addAll";
    }

    @Override
    void createTable(Dataset data, boolean indexed) throws SQLException {
      store = PgVectorEmbeddingStore.datasourceBuilder().datasource(pool).table(table)
          .dimension(data.dims()).build();
      if (indexed) {
        try (Connection c = pg.connect(); Statement s = c.createStatement()) {
          s.execute("CREATE INDEX " + table + "_hnsw ON " + table + " USING hnsw (embedding"
              + " vector_cosine_ops) WITH (m = " + HNSW_M + ", ef_construction = "
              + HNSW_EF_CONSTRUCTION + ")");
        }
      }
    }

    @Override
    public void ingest(Dataset data, int batch) {
      for (int from = 0; from < data.rows(); from += batch) {
        int to = Math.min(data.rows(), from + batch);
        List<String> ids = new ArrayList<>(to - from);
        List<Embedding> embeddings = new ArrayList<>(to - from);
        List<TextSegment> segments = new ArrayList<>(to - from);
        for (int i = from; i < to; i++) {
          ids.add(data.id(i));
          embeddings.add(Embedding.from(data.vectors()[i]));
          segments.add(TextSegment.from(data.text(i), Metadata.from(data.metadata(i))));
        }
        store.addAll(ids, embeddings, segments);
      }
    }

    @Override
    public long serverPid() throws SQLException {
      try (Connection c = pool.getConnection()) {
        return Pg.backendPid(c);
      }
    }

    @Override
    public void close() {
      pool.close();
    }
  }

  /** The adapter's search. */
  record OursSearch(PgVectorStore store, Database database) implements SearchContender {
    @Override
    public String name() {
      return "ours: PgVectorStore.search";
    }

    @Override
    public long serverPid() throws SQLException {
      try (Connection c = database.dataSource().getConnection()) {
        return Pg.backendPid(c);
      }
    }

    @Override
    public List<String> search(float[] query, int topK, OptionalInt ef) {
      SearchRequest.Builder request = SearchRequest.of(query).topK(topK);
      ef.ifPresent(request::accuracy);
      List<Match> matches = store.search(request.build());
      List<String> ids = new ArrayList<>(matches.size());
      matches.forEach(m -> ids.add(m.id()));
      return ids;
    }
  }

  /**
   * The adapter's query, by hand, on one JDBC connection: in autocommit mode with ef_search set
   * on the session when it changes (the baseline), or ({@code transactional}, a diagnostic) in the
   * adapter's round trips: a transaction per query, {@code SET LOCAL hnsw.ef_search} when asked,
   * the query, COMMIT.
   */
  static final class PlainSql implements SearchContender, AutoCloseable {
    final String sql;
    private final boolean transactional;
    private final Connection connection;
    private final PreparedStatement statement;
    private OptionalInt currentEf = OptionalInt.empty();

    PlainSql(Pg pg, String table, int dims, boolean transactional) throws SQLException {
      String distance = "embedding <=> ?::vector(" + dims + ")";
      this.sql = "SELECT id, content, metadata::text, " + distance + " AS distance FROM public.\""
          + table + "\" ORDER BY " + distance + " LIMIT ?";
      this.transactional = transactional;
      this.connection = pg.connect();
      this.statement = connection.prepareStatement(sql);
    }

    @Override
    public String name() {
      return transactional ? "diagnostic: plain SQL, a transaction per query" : "plain SQL over JDBC";
    }

    @Override
    public long serverPid() throws SQLException {
      return Pg.backendPid(connection);
    }

    @Override
    public List<String> search(float[] query, int topK, OptionalInt ef) throws SQLException {
      if (transactional) {
        connection.setAutoCommit(false);
        if (ef.isPresent()) {
          try (Statement s = connection.createStatement()) {
            s.execute("SET LOCAL hnsw.ef_search = " + ef.getAsInt());
          }
        }
        List<String> ids = query(query, topK);
        connection.commit();
        return ids;
      }
      if (!ef.equals(currentEf)) {
        try (Statement s = connection.createStatement()) {
          s.execute(ef.isPresent() ? "SET hnsw.ef_search = " + ef.getAsInt()
              : "RESET hnsw.ef_search");
        }
        currentEf = ef;
      }
      return query(query, topK);
    }

    private List<String> query(float[] query, int topK) throws SQLException {
      String literal = literal(query);
      statement.setString(1, literal);
      statement.setString(2, literal);
      statement.setInt(3, topK);
      List<String> ids = new ArrayList<>(topK);
      try (ResultSet rs = statement.executeQuery()) {
        while (rs.next()) {
          ids.add(rs.getString(1));
          rs.getString(2);
          rs.getString(3);
          rs.getDouble(4);
        }
      }
      return ids;
    }

    /** The plan's scan line for one query, e.g. "Index Scan using ... on ...". */
    String plan(float[] query) throws SQLException {
      try (PreparedStatement p = connection.prepareStatement("EXPLAIN " + sql)) {
        String literal = literal(query);
        p.setString(1, literal);
        p.setString(2, literal);
        p.setInt(3, 10);
        List<String> lines = new ArrayList<>();
        try (ResultSet rs = p.executeQuery()) {
          while (rs.next()) {
            lines.add(rs.getString(1).trim().replaceAll("\\s+\\(cost=.*", "")
                .replaceFirst("^->\\s*", ""));
          }
        }
        return lines.stream().filter(l -> l.contains("Scan")).findFirst()
            .orElse(String.join(" / ", lines));
      }
    }

    String show(String setting) {
      try (Statement s = connection.createStatement()) {
        s.execute("RESET " + setting);
        currentEf = OptionalInt.empty();
        try (ResultSet rs = s.executeQuery("SHOW " + setting)) {
          rs.next();
          return rs.getString(1);
        }
      } catch (SQLException e) {
        return "unknown (" + e.getMessage() + ")";
      }
    }

    @Override
    public void close() throws SQLException {
      connection.close();
    }
  }

  /** pgvector's text form, as the adapter writes it. */
  static String literal(float[] vector) {
    StringBuilder out = new StringBuilder(vector.length * 12).append('[');
    for (int i = 0; i < vector.length; i++) {
      if (i > 0) {
        out.append(',');
      }
      out.append(vector[i]);
    }
    return out.append(']').toString();
  }

  // ------------------------------------------------------------------- binary COPY encoding

  /**
   * PostgreSQL binary COPY rows {@code (id varchar, embedding vector, content text, metadata
   * jsonb)}, streamed to the server in 256 KB chunks. pgvector's binary vector: int16 dimension,
   * int16 unused, big-endian float4 values; jsonb: version byte 1, then the JSON text.
   */
  static final class CopyWriter {
    private static final byte[] SIGNATURE = {'P', 'G', 'C', 'O', 'P', 'Y', '\n', (byte) 0xFF,
        '\r', '\n', 0};
    private final CopyIn copy;
    private final ByteBuffer buffer = ByteBuffer.allocate(256 * 1024);

    CopyWriter(CopyIn copy) {
      this.copy = copy;
    }

    void header() throws SQLException {
      room(SIGNATURE.length + 8);
      buffer.put(SIGNATURE).putInt(0).putInt(0);
    }

    void row(Dataset data, int i) throws SQLException {
      float[] v = data.vectors()[i];
      byte[] id = data.id(i).getBytes(StandardCharsets.UTF_8);
      byte[] text = data.text(i).getBytes(StandardCharsets.UTF_8);
      byte[] json = data.metadataJson(i).getBytes(StandardCharsets.UTF_8);
      room(2 + 4 + id.length + 8 + 4 + 4 * v.length + 4 + text.length + 5 + json.length);
      buffer.putShort((short) 4);
      buffer.putInt(id.length).put(id);
      buffer.putInt(4 + 4 * v.length).putShort((short) v.length).putShort((short) 0);
      buffer.asFloatBuffer().put(v); // big-endian, like the buffer; bulk copy, no per-float call
      buffer.position(buffer.position() + 4 * v.length);
      buffer.putInt(text.length).put(text);
      buffer.putInt(json.length + 1).put((byte) 1).put(json);
    }

    void trailer() throws SQLException {
      room(2);
      buffer.putShort((short) -1);
      flush();
    }

    private void room(int bytes) throws SQLException {
      if (buffer.remaining() < bytes) {
        flush();
      }
    }

    private void flush() throws SQLException {
      if (buffer.position() > 0) {
        copy.writeToCopy(buffer.array(), 0, buffer.position());
        buffer.clear();
      }
    }
  }

  // ----------------------------------------------------------------------------------- data

  /** Seeded random unit vectors and queries; row i's id, text and metadata derive from i. */
  record Dataset(int dims, float[][] vectors, float[][] queries) {

    /**
     * {@code clusters} 0: uniform on the unit sphere (the hardest case for an approximate index:
     * no structure). Otherwise each vector (and query) is one of {@code clusters} random unit
     * centres plus Gaussian noise of about the same norm, normalised (cosine ~0.7 to its centre):
     * a crude stand-in for real embeddings, which are far from uniform.
     */
    static Dataset generate(int rows, int dims, int queries, int clusters, long seed) {
      SplittableRandom random = new SplittableRandom(seed);
      float[][] centres = new float[clusters][];
      for (int c = 0; c < clusters; c++) {
        centres[c] = unit(random, dims, null, 0);
      }
      float[][] v = new float[rows][];
      for (int i = 0; i < rows; i++) {
        v[i] = draw(random, dims, centres);
      }
      float[][] q = new float[queries][];
      for (int i = 0; i < queries; i++) {
        q[i] = draw(random, dims, centres);
      }
      return new Dataset(dims, v, q);
    }

    private static float[] draw(SplittableRandom random, int dims, float[][] centres) {
      return centres.length == 0 ? unit(random, dims, null, 0)
          : unit(random, dims, centres[random.nextInt(centres.length)], 1 / Math.sqrt(dims));
    }

    /** A unit vector: Gaussian components (times {@code noise}) plus {@code centre}. */
    private static float[] unit(SplittableRandom random, int dims, float[] centre, double noise) {
      float[] v = new float[dims];
      double norm = 0;
      for (int i = 0; i < dims; i++) {
        double g = centre == null ? random.nextGaussian()
            : centre[i] + noise * random.nextGaussian();
        v[i] = (float) g;
        norm += g * g;
      }
      float scale = (float) (1 / Math.sqrt(norm));
      for (int i = 0; i < dims; i++) {
        v[i] *= scale;
      }
      return v;
    }

    int rows() {
      return vectors.length;
    }

    Dataset head(int n) {
      return new Dataset(dims, Arrays.copyOf(vectors, n), queries);
    }

    String id(int i) {
      return new UUID(UUID_HIGH, 0x8000_0000_0000_0000L | i).toString();
    }

    static int row(String id) {
      return (int) UUID.fromString(id).getLeastSignificantBits();
    }

    String text(int i) {
      return "document " + i;
    }

    Map<String, Object> metadata(int i) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("n", (long) i);
      m.put("group", "g" + (i % 10));
      return m;
    }

    String metadataJson(int i) {
      return "{\"n\":" + i + ",\"group\":\"g" + (i % 10) + "\"}";
    }

    /** The exact top k of every query by cosine similarity (brute force, all cores). */
    int[][] exactTopK(int k) {
      double[] norms = new double[vectors.length];
      for (int i = 0; i < vectors.length; i++) {
        norms[i] = Math.sqrt(dot(vectors[i], vectors[i]));
      }
      int[][] out = new int[queries.length][];
      IntStream.range(0, queries.length).parallel().forEach(qi -> {
        float[] q = queries[qi];
        double qn = Math.sqrt(dot(q, q));
        PriorityQueue<double[]> best = new PriorityQueue<>((a, b) -> Double.compare(a[0], b[0]));
        for (int i = 0; i < vectors.length; i++) {
          double score = dot(q, vectors[i]) / (qn * norms[i]);
          if (best.size() < k) {
            best.add(new double[] {score, i});
          } else if (score > best.peek()[0]) {
            best.poll();
            best.add(new double[] {score, i});
          }
        }
        int[] top = new int[best.size()];
        for (int j = top.length - 1; j >= 0; j--) {
          top[j] = (int) best.poll()[1];
        }
        out[qi] = top;
      });
      return out;
    }

    private static double dot(float[] a, float[] b) {
      double s0 = 0, s1 = 0, s2 = 0, s3 = 0;
      int i = 0;
      for (; i + 3 < a.length; i += 4) {
        s0 += a[i] * b[i];
        s1 += a[i + 1] * b[i + 1];
        s2 += a[i + 2] * b[i + 2];
        s3 += a[i + 3] * b[i + 3];
      }
      for (; i < a.length; i++) {
        s0 += a[i] * b[i];
      }
      return s0 + s1 + s2 + s3;
    }
  }

  // ----------------------------------------------------------------------------------- results

  record IngestRun(long wallNanos, long clientCpuNanos, long serverCpuNanos, String details) {}

  /** Latencies and answers of one search path over all rounds. */
  static final class SearchRun {
    private final List<Long> nanos = new ArrayList<>();
    private final Map<Integer, List<String>> answers = new LinkedHashMap<>();
    private long cpuQueries;
    private long clientCpuNanos;
    private long serverCpuNanos;
    private boolean serverUnknown;

    void addCpu(int queries, long client, long server) {
      cpuQueries += queries;
      clientCpuNanos += client;
      serverCpuNanos += Math.max(0, server);
      serverUnknown |= server < 0;
    }

    void add(long latency, int query, List<String> ids) {
      nanos.add(latency);
      answers.putIfAbsent(query, ids);
    }

    double p(double quantile) {
      long[] sorted = nanos.stream().mapToLong(Long::longValue).sorted().toArray();
      int rank = (int) Math.ceil(quantile * sorted.length);
      return sorted[Math.max(0, rank - 1)] / 1e6;
    }

    double mean() {
      return nanos.stream().mapToLong(Long::longValue).average().orElse(0) / 1e6;
    }

    double recall(Dataset data, int[][] exact) {
      double sum = 0;
      for (Map.Entry<Integer, List<String>> e : answers.entrySet()) {
        Set<Integer> truth = new HashSet<>();
        for (int i : exact[e.getKey()]) {
          truth.add(i);
        }
        long hits = e.getValue().stream().map(Dataset::row).filter(truth::contains).count();
        sum += (double) hits / exact[e.getKey()].length;
      }
      return sum / answers.size();
    }

    int sameAnswers(SearchRun other) {
      int same = 0;
      for (Map.Entry<Integer, List<String>> e : answers.entrySet()) {
        if (e.getValue().equals(other.answers.get(e.getKey()))) {
          same++;
        }
      }
      return same;
    }

    String row(String ef, String path, double recall, SearchRun baseline) {
      return String.format(Locale.ROOT, "| %s | %s | %.2f | %.2f | %.2f | %.3f | %s | %s | %.3f | %s"
          + " |%n", ef, path, p(0.5), p(0.99), mean(), recall,
          baseline == null ? "" : String.format(Locale.ROOT, "**%.2f**", p(0.5) / baseline.p(0.5)),
          baseline == null ? "" : String.format(Locale.ROOT, "%.2f", p(0.99) / baseline.p(0.99)),
          clientCpuNanos / 1e6 / Math.max(1, cpuQueries), serverUnknown ? "n/a"
              : String.format(Locale.ROOT, "%.3f", serverCpuNanos / 1e6 / Math.max(1, cpuQueries)));
    }
  }

  // ------------------------------------------------------------------------ PostgreSQL helpers

  /** Where the PostgreSQL server is (from the environment) and small admin queries. */
  static final class Pg {
    final String url;
    final String user;
    final String password;
    private final Set<String> touched = new LinkedHashSet<>();

    private Pg(String url, String user, String password) {
      this.url = url;
      this.user = user;
      this.password = password;
    }

    static Pg fromEnvironment() {
      String url = System.getenv("AI_TEST_PG_URL");
      if (url == null || !url.startsWith("jdbc:postgresql:")) {
        throw new IllegalStateException("AI_TEST_PG_URL is not set to a jdbc:postgresql: URL"
            + " (with AI_TEST_PG_USER and AI_TEST_PG_PASSWORD): point it at a PostgreSQL with"
            + " pgvector, e.g. eval \"$(scripts/services/postgres.sh env)\"");
      }
      return new Pg(url, System.getenv().getOrDefault("AI_TEST_PG_USER", ""),
          System.getenv().getOrDefault("AI_TEST_PG_PASSWORD", ""));
    }

    Connection connect() throws SQLException {
      return DriverManager.getConnection(url, user, password);
    }

    static long backendPid(Connection c) throws SQLException {
      try (Statement s = c.createStatement();
          ResultSet rs = s.executeQuery("SELECT pg_backend_pid()")) {
        rs.next();
        long pid = rs.getLong(1);
        if (!c.getAutoCommit()) {
          c.commit();
        }
        return pid;
      }
    }

    String serverVersion() throws SQLException {
      return single("SHOW server_version").replaceAll(" .*", "");
    }

    String extensionVersion() throws SQLException {
      return single("SELECT coalesce((SELECT extversion FROM pg_extension WHERE extname ="
          + " 'vector'), 'not installed')");
    }

    /** "name value, ..." of server settings. */
    String settings(String... names) throws SQLException {
      List<String> values = new ArrayList<>();
      for (String name : names) {
        values.add(name + " " + single("SELECT current_setting('" + name + "')"));
      }
      return String.join(", ", values);
    }

    private String single(String sql) throws SQLException {
      try (Connection c = connect(); Statement s = c.createStatement();
          ResultSet rs = s.executeQuery(sql)) {
        rs.next();
        return rs.getString(1);
      }
    }

    long count(String table) throws SQLException {
      return Long.parseLong(single("SELECT count(*) FROM public.\"" + table + "\""));
    }

    /** Drops a bench table and its entry in the adapter's registry (when there is one). */
    void dropTable(String table) throws SQLException {
      if (!table.startsWith("bench_")) {
        throw new IllegalArgumentException("not a bench table: " + table);
      }
      touched.add(table);
      try (Connection c = connect(); Statement s = c.createStatement()) {
        s.execute("DROP TABLE IF EXISTS public.\"" + table + "\"");
        try (ResultSet rs = s.executeQuery("SELECT to_regclass('public.ai_vector_collection')"
            + " IS NOT NULL")) {
          rs.next();
          if (!rs.getBoolean(1)) {
            return;
          }
        }
        try (PreparedStatement p = c.prepareStatement(
            "DELETE FROM ai_vector_collection WHERE table_name = ?")) {
          p.setString(1, "public." + table);
          p.executeUpdate();
        }
      }
    }

    /** Drops every table {@link #dropTable} was asked about (all the run may have created). */
    void dropTouched() {
      for (String t : List.copyOf(touched)) {
        try {
          dropTable(t);
        } catch (SQLException e) {
          log("could not drop %s: %s", t, e.getMessage());
        }
      }
      touched.clear();
    }

    void vacuumAnalyze(String table) throws SQLException {
      try (Connection c = connect(); Statement s = c.createStatement()) {
        s.execute("VACUUM ANALYZE public.\"" + table + "\"");
      }
    }

    /** Columns and indexes of a table, in one line. */
    String describeTable(String table) throws SQLException {
      List<String> columns = new ArrayList<>();
      List<String> indexes = new ArrayList<>();
      try (Connection c = connect()) {
        try (PreparedStatement p = c.prepareStatement("SELECT a.attname || ' ' ||"
            + " format_type(a.atttypid, a.atttypmod) || CASE WHEN a.attgenerated = 's' THEN"
            + " ' (generated)' ELSE '' END FROM pg_attribute a WHERE a.attrelid = ?::regclass"
            + " AND a.attnum > 0 AND NOT a.attisdropped ORDER BY a.attnum")) {
          p.setString(1, "public." + table);
          try (ResultSet rs = p.executeQuery()) {
            while (rs.next()) {
              columns.add(rs.getString(1));
            }
          }
        }
        try (PreparedStatement p = c.prepareStatement("SELECT regexp_replace(indexdef,"
            + " '^.* USING ', '') FROM pg_indexes WHERE schemaname = 'public' AND tablename = ?"
            + " ORDER BY indexname")) {
          p.setString(1, table);
          try (ResultSet rs = p.executeQuery()) {
            while (rs.next()) {
              indexes.add(rs.getString(1));
            }
          }
        }
      }
      return "`" + String.join(", ", columns) + "`; indexes: " + indexes.stream()
          .map(i -> "`" + i + "`").collect(Collectors.joining(", "));
    }
  }

  /** CPU time of this JVM and of another local process. */
  static final class Cpu {
    static final long TICK_NS = 1_000_000_000L / Long.getLong("clk.tck", 100);

    static long ownNanos() {
      return ((com.sun.management.OperatingSystemMXBean) ManagementFactory
          .getOperatingSystemMXBean()).getProcessCpuTime();
    }

    /** utime + stime of a process in clock ticks, or -1 when it cannot be read. */
    static long processTicks(long pid) {
      if (pid <= 0) {
        return -1;
      }
      try {
        String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
      } catch (IOException | RuntimeException e) {
        return -1;
      }
    }

    static long ticksToNanos(long ticks) {
      return ticks * TICK_NS;
    }
  }

  // ------------------------------------------------------------------------------------ misc

  /** HikariCP, Flyway and Hibernate log through java.util.logging: warnings only. */
  static void quietLogging() {
    Logger root = Logger.getLogger("");
    root.setLevel(Level.WARNING);
    for (var handler : root.getHandlers()) {
      handler.setLevel(Level.WARNING);
    }
  }

  static void log(String format, Object... args) {
    System.err.printf(Locale.ROOT, "[bench] " + format + "%n", args);
  }

  static final class Options {
    private final Map<String, String> values = new LinkedHashMap<>();

    Options(String[] args) {
      for (int i = 0; i < args.length; i++) {
        if (!args[i].startsWith("--") || i + 1 >= args.length) {
          throw new IllegalArgumentException("expected --name value pairs, got " + args[i]);
        }
        values.put(args[i].substring(2), args[++i]);
      }
    }

    boolean has(String name) {
      return values.containsKey(name);
    }

    String get(String name, String fallback) {
      String v = values.getOrDefault(name, fallback);
      if (v == null) {
        throw new IllegalArgumentException("--" + name + " is required");
      }
      return v;
    }

    int getInt(String name, int fallback) {
      return Integer.parseInt(get(name, Integer.toString(fallback)));
    }
  }
}
