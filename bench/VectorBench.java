/*
 * Vector store benchmark: ingest rate and search latency/recall of the module's stores (pgvector
 * and the embedded Lucene store) against the cheapest way of doing the same thing by hand, in one
 * run (run by bench/run-vector-bench.sh, which puts the module's classes and the comparison
 * libraries on the class path).
 *
 *   java -cp CLASSES:JARS bench/VectorBench.java [--rows 100000] [--dims 384,1536]
 *       [--data uniform] [--stores pgvector,embedded] [--queries 500] [--batch 1000]
 *       [--ingest raw,ours,lc4j,staged] [--ingest-hnsw raw,ours,lc4j] [--index hnsw,none]
 *       [--raw-batch 0] [--rounds 1] [--flat-rounds 3] [--embedded-rounds 1]
 *       [--ef 40,64,default,200,400] [--search-rounds 2] [--top-k 10] [--seed 42]
 *       [--warmup-rows 2000] [--warmup-queries 100] [--clusters 100] [--corpus DIRS]
 *       [--embed-minutes 20] [--cache-dir target/bench-cache] [--work-dir target/bench/lucene]
 *       [--keep false] [--about TEXT] [--out results.md]
 *
 * PostgreSQL (only with --stores pgvector): AI_TEST_PG_URL (jdbc:postgresql://host:port/db),
 * AI_TEST_PG_USER, AI_TEST_PG_PASSWORD. Every table it creates is named bench_*; leftovers of an
 * interrupted run are dropped first. The embedded indexes live under --work-dir (emptied first).
 *
 * Data (--data, a list; each data set runs at every dimension it has):
 *   uniform   - --rows random unit vectors (Gaussian components, normalised; seeded), --queries
 *               more drawn the same way; text "document N". The worst case for an approximate
 *               index: no structure at all.
 *   clustered - unit vectors around --clusters random centres (cosine ~0.7 to their centre), a
 *               crude stand-in for real embeddings; queries drawn the same way.
 *   minilm    - real all-MiniLM-L6-v2 embeddings (384 dimensions, the module's
 *               LocalEmbeddingModel, in process) of distinct text passages found on this machine
 *               (--corpus: Debian docs, English man pages, info manuals, licences); the text is
 *               the passage. Queries are held-out passages (never in the data). Embeddings are
 *               cached in --cache-dir, keyed by rows, queries and seed. At most --embed-minutes
 *               are spent embedding; fewer rows are used when that runs out (the report says so).
 * Each row has an id (a UUID string, as LangChain4j requires) and two metadata fields. Exact
 * neighbours come from brute force over the vectors in this JVM (cosine), computed once per data
 * set and dimension and shared by every store.
 *
 * pgvector, per dimension and per index variant (HNSW m=16, ef_construction=64, cosine, created
 * BEFORE the rows go in, so every contender pays the same index maintenance; and no vector index):
 * each contender writes all rows into a fresh table of its own, in rounds whose order rotates.
 *   raw    - one binary COPY of all rows straight into the adapter's table definition (its own
 *            encoder, not the module's); the baseline. --raw-batch N: one COPY + commit per N rows
 *   ours   - PgVectorStore.upsert in batches of --batch
 *   lc4j   - LangChain4j PgVectorEmbeddingStore.addAll in batches of --batch, its own table with its
 *            default settings (it has no HNSW option; the bench adds the same HNSW index)
 *   staged - diagnostic: the adapter's staging SQL per batch (temp staging table, COPY, INSERT ...
 *            SELECT ... ON CONFLICT) issued by hand, timing each phase (by default only without
 *            index: with HNSW, index maintenance is nearly all of it)
 * --ingest lists the contenders of the variant without index (the first is the baseline of the
 * ratios), --ingest-hnsw those of the HNSW variant (default: --ingest without staged).
 * Search (on the adapter's HNSW table, after VACUUM ANALYZE): PgVectorStore.search against the
 * identical SQL on one plain JDBC connection in autocommit mode with SET hnsw.ef_search (the
 * baseline), plus a diagnostic issuing that SQL in the adapter's round trips (a transaction per
 * query, SET LOCAL hnsw.ef_search, COMMIT).
 *
 * Embedded (Lucene HNSW, maxConn 16, beamWidth 64, the store's cosine as DOT_PRODUCT on unit
 * vectors): LuceneVectorStore.upsert in batches of --batch (each batch one update, commit and
 * searcher refresh, as the store does) against a plain IndexWriter adding the same documents
 * (same fields and codec parameters) with one commit at the end (the baseline). Both are timed
 * until the call returns and until the merges still running then have finished (the index is
 * closed). Search: LuceneVectorStore.search against a plain IndexSearcher running
 * KnnFloatVectorQuery with the same candidate count on the same index (the baseline), plus a
 * diagnostic: the same plain query on the baseline's one-commit index.
 *
 * Searches run at each value of --ef (HNSW ef_search / Lucene candidates; "default" = the module's
 * default when a request gives no accuracy: IndexSpec.defaultAccuracy, 100), in rounds that
 * alternate the order, after an untimed warm-up. Reported: latency p50/p99/mean per query, recall@k
 * against the exact neighbours, whether the store returned the same ids as its baseline, CPU; at
 * the end a summary of every target and the recall sweep.
 *
 * Adding a store: implement IngestContender (and SearchContender) for it and call runIngest /
 * runSearch with it, as runPgVector and runEmbedded do.
 */
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.langchain4j.data.document.Metadata;
import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.store.embedding.pgvector.PgVectorEmbeddingStore;
import io.cmsai.embeddings.LocalEmbeddingModel;
import io.cmsai.platform.Database;
import io.cmsai.platform.DatabaseSettings;
import io.cmsai.vectorstore.DistanceMetric;
import io.cmsai.vectorstore.IndexSpec;
import io.cmsai.vectorstore.Match;
import io.cmsai.vectorstore.SearchRequest;
import io.cmsai.vectorstore.VectorRecord;
import io.cmsai.vectorstore.embedded.EmbeddedVectorStoreFactory;
import io.cmsai.vectorstore.embedded.LuceneStoreSettings;
import io.cmsai.vectorstore.embedded.LuceneVectorStore;
import io.cmsai.vectorstore.filter.Filter;
import io.cmsai.vectorstore.pgvector.PgVectorSettings;
import io.cmsai.vectorstore.pgvector.PgVectorStore;
import io.cmsai.vectorstore.pgvector.PgVectorStoreFactory;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
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
import java.util.TreeMap;
import java.util.UUID;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import org.apache.lucene.analysis.standard.StandardAnalyzer;
import org.apache.lucene.codecs.KnnVectorsFormat;
import org.apache.lucene.codecs.KnnVectorsReader;
import org.apache.lucene.codecs.KnnVectorsWriter;
import org.apache.lucene.codecs.lucene912.Lucene912Codec;
import org.apache.lucene.codecs.lucene99.Lucene99HnswVectorsFormat;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.DoublePoint;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.KnnFloatVectorField;
import org.apache.lucene.document.StoredField;
import org.apache.lucene.document.StringField;
import org.apache.lucene.document.TextField;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.SegmentReadState;
import org.apache.lucene.index.SegmentWriteState;
import org.apache.lucene.index.StoredFields;
import org.apache.lucene.index.VectorSimilarityFunction;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.KnnFloatVectorQuery;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.FSDirectory;
import org.apache.lucene.util.BytesRef;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;

public final class VectorBench {

  static final int HNSW_M = 16;
  static final int HNSW_EF_CONSTRUCTION = 64;
  static final long UUID_HIGH = 0x5EC7_0000_0000_4000L;
  static final List<String> DATA_KINDS = List.of("uniform", "clustered", "minilm");

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
  private final int rows;
  private final int queries;
  private final int batch;
  private final int topK;
  private final long seed;
  private final List<String> dataKinds;
  private final boolean withPg;
  private final boolean withEmbedded;
  private final List<String> ingestKeys;
  private final List<String> ingestKeysHnsw;
  private final List<Boolean> indexVariants;
  private final List<OptionalInt> efs;
  private final Path workDir;
  private final StringBuilder report = new StringBuilder();
  private final List<TargetResult> targets = new ArrayList<>();
  private final List<SweepPoint> sweep = new ArrayList<>();
  private Pg pg;
  private Database ours;
  /** What is being measured now, for the summary: data set and dimension, then the store. */
  private String scope = "";
  private String store = "";

  VectorBench(Options o) {
    this.o = o;
    this.rows = o.getInt("rows", 100_000);
    this.queries = o.getInt("queries", 500);
    this.batch = o.getInt("batch", 1000);
    this.topK = o.getInt("top-k", 10);
    this.seed = Long.parseLong(o.get("seed", "42"));
    this.dataKinds = List.of(o.get("data", "uniform").split(","));
    for (String kind : dataKinds) {
      if (!DATA_KINDS.contains(kind)) {
        throw new IllegalArgumentException("--data takes " + DATA_KINDS + "; got " + kind);
      }
    }
    List<String> stores = List.of(o.get("stores", "pgvector,embedded").split(","));
    for (String s : stores) {
      if (!s.equals("pgvector") && !s.equals("embedded") && !s.equals("none")) {
        throw new IllegalArgumentException("--stores takes pgvector and/or embedded, or none (only"
            + " prepare the data: embed and cache it); got " + s);
      }
    }
    this.withPg = stores.contains("pgvector");
    this.withEmbedded = stores.contains("embedded");
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
    for (String v : o.get("ef", "40,64,default,200,400").split(",")) {
      if (v.equals("none")) {
        continue;
      }
      efs.add(v.equals("default") ? OptionalInt.empty() : OptionalInt.of(Integer.parseInt(v)));
    }
    this.workDir = Path.of(o.get("work-dir", "target/bench/lucene")).toAbsolutePath();
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
    if (o.has("about")) {
      report.append("Run: ").append(o.get("about", "")).append("\n");
    }
    if (withPg) {
      pg = Pg.fromEnvironment();
      // Two connections: PgVectorStore.open runs Flyway, which holds a second connection (with a
      // pool of one, open() times out). Writes and searches use one connection at a time.
      ours = PgVectorStoreFactory.connect(new DatabaseSettings(pg.url, pg.user, pg.password, 2));
      report.append(String.format(Locale.ROOT, "Server: PostgreSQL %s; pgvector %s; %s.%n",
          pg.serverVersion(), pg.extensionVersion(), pg.settings("shared_buffers", "work_mem",
              "maintenance_work_mem", "synchronous_commit", "max_parallel_workers_per_gather")));
    }
    if (withEmbedded) {
      report.append(String.format(Locale.ROOT, "Embedded: Apache Lucene %s in this JVM (%s),"
          + " indexes under %s.%n", org.apache.lucene.util.Version.LATEST,
          Runtime.version(), workDir));
      deleteTree(workDir);
    }
    report.append(String.format(Locale.ROOT, "Common: ids are UUID strings, metadata {n, group};"
        + " ingest batches of %d; top %d; HNSW m=%d, ef_construction=%d (Lucene maxConn %d,"
        + " beamWidth %d), cosine; searches at %s.%n", batch, topK, HNSW_M, HNSW_EF_CONSTRUCTION,
        HNSW_M, HNSW_EF_CONSTRUCTION, efs.stream().map(VectorBench::efName)
            .collect(Collectors.joining(", "))));
    for (String kind : dataKinds) {
      for (int d : dims) {
        if (kind.equals("minilm") && d != LocalEmbeddingModel.DIMENSION) {
          log("minilm has %d dimensions only: skipping %d", LocalEmbeddingModel.DIMENSION, d);
          continue;
        }
        Dataset data = dataset(kind, d);
        scope = data.kind() + " " + data.dims() + "-d";
        report.append(String.format(Locale.ROOT, "%n### %s, %d dimensions, %,d rows%n%n%s%n",
            data.kind(), data.dims(), data.rows(), data.description()));
        if (!withPg && !withEmbedded) {
          continue;
        }
        log("%s: exact top %d of %d queries by brute force", scope, topK, data.queries().length);
        long start = System.nanoTime();
        int[][] exact = data.exactTopK(topK);
        log("  -> %.1f s", (System.nanoTime() - start) / 1e9);
        if (withPg) {
          runPgVector(data, exact);
        }
        if (withEmbedded) {
          runEmbedded(data, exact);
        }
      }
    }
    appendSummary();
    report.append(String.format(Locale.ROOT, "%nLoad average at the end: %s.%n",
        Files.readString(Path.of("/proc/loadavg")).trim()));
    return report.toString();
  }

  private Dataset dataset(String kind, int dims) throws Exception {
    return switch (kind) {
      case "minilm" -> MiniLmData.load(rows, queries, seed, Path.of(o.get("cache-dir",
          "target/bench-cache")), List.of(o.get("corpus", String.join(",", Passages.ROOTS))
              .split(",")), o.getInt("embed-minutes", 20));
      case "clustered" -> Dataset.generate(rows, dims, queries, o.getInt("clusters", 100),
          seed + dims);
      default -> Dataset.generate(rows, dims, queries, 0, seed + dims);
    };
  }

  /** Every pgvector measurement for one data set. */
  private void runPgVector(Dataset data, int[][] exact) throws Exception {
    store = "pgvector";
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
            ? table("ours", data.dims(), true) : null;
        runIngest(keys.stream().map(contenders::get).toList(), data, indexed, rounds, keep);
        if (keep != null) {
          searchTable = keep;
        }
      }
      if (searchTable != null) {
        runPgSearch(data, exact, searchTable);
      } else if (!efs.isEmpty()) {
        report.append("\npgvector search: skipped (needs ours in --ingest-hnsw and hnsw in"
            + " --index).\n");
      }
    } finally {
      for (IngestContender c : contenders.values()) {
        c.close();
      }
      if (!Boolean.parseBoolean(o.get("keep", "false"))) {
        pg.dropTouched();
      }
    }
  }

  /**
   * Every embedded-store measurement for one data set: HNSW only (the store builds the graph for
   * every index type; "none" only changes how it searches).
   */
  private void runEmbedded(Dataset data, int[][] exact) throws Exception {
    store = "embedded";
    OursLucene candidate = new OursLucene(workDir.resolve("store"));
    RawLucene baseline = new RawLucene(workDir.resolve("raw"));
    List<IngestContender> contenders = List.of(baseline, candidate);
    try {
      warmUp(contenders, data);
      String keepOurs = table("ours", data.dims(), true);
      String keepRaw = table("raw", data.dims(), true);
      runIngest(contenders, data, true, o.getInt("embedded-rounds", 1), keepOurs, keepRaw);
      if (efs.isEmpty()) {
        return;
      }
      candidate.reopen();
      try (PlainLucene plain = new PlainLucene(candidate.path(), "plain KnnFloatVectorQuery"
              + " on the same index");
          PlainLucene oneCommit = new PlainLucene(baseline.path(), "diagnostic: plain"
              + " KnnFloatVectorQuery on the one-commit index")) {
        report.append(String.format(Locale.ROOT, "%n#### Embedded (Lucene): search, top %d, %d"
            + " queries (index %s)%n%n", topK, data.queries().length, keepOurs));
        report.append(String.format(Locale.ROOT, "Baseline: `new IndexSearcher(DirectoryReader"
            + ".open(FSDirectory.open(<the store's folder>)))`, `searcher.search(new"
            + " KnnFloatVectorQuery(\"vector\", q, n), n)` with n = max(top k, candidates), then"
            + " the stored fields of the top %d. The store's index has %s; the one-commit index"
            + " %s.%n%n", topK, plain.shape(), oneCommit.shape()));
        runSearch(plain, new OursLuceneSearch(candidate.store()), List.of(oneCommit), data,
            exact);
      }
    } finally {
      for (IngestContender c : contenders) {
        c.close();
      }
      if (!Boolean.parseBoolean(o.get("keep", "false"))) {
        deleteTree(workDir.resolve("store"));
        deleteTree(workDir.resolve("raw"));
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
      c.settle();
      c.drop();
    }
  }

  // ----------------------------------------------------------------------------------- ingest

  /**
   * Every contender writes all rows into a fresh target of its own, {@code rounds} times, the order
   * rotating each round. The first contender is the baseline of the ratios. The targets named in
   * {@code keep} (in the last round) are left for the search.
   */
  private void runIngest(List<IngestContender> contenders, Dataset data, boolean indexed,
      int rounds, String... keep) throws Exception {
    Set<String> kept = new HashSet<>(Arrays.asList(keep));
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
        log("%s %s: ingest, %s, round %d/%d: %s writes %,d rows in batches of %d", scope, store,
            indexed ? "HNSW" : "no index", r + 1, rounds, c.name(), data.rows(), batch);
        long pid = c.serverPid();
        long serverBefore = Cpu.processTicks(pid);
        long clientBefore = Cpu.ownNanos();
        long start = System.nanoTime();
        c.ingest(data, batch);
        long wall = System.nanoTime() - start;
        c.settle();
        long settle = System.nanoTime() - start - wall;
        long clientCpu = Cpu.ownNanos() - clientBefore;
        long serverAfter = Cpu.processTicks(pid);
        long samePid = c.serverPid();
        long count = c.count();
        if (count != data.rows()) {
          throw new IllegalStateException(c.name() + " left " + count + " rows in " + table
              + ", expected " + data.rows());
        }
        IngestRun run = new IngestRun(wall, settle, clientCpu,
            serverBefore < 0 || serverAfter < 0 || samePid != pid ? -1
                : Cpu.ticksToNanos(serverAfter - serverBefore), c.details());
        runs.get(c).add(run);
        log("  -> %,.0f rows/s (%.1f s%s; client CPU %.1f s, server backend CPU %s)%s",
            data.rows() / (wall / 1e9), wall / 1e9, pid < 0 ? String.format(Locale.ROOT,
                " + %.1f s until merges finished", settle / 1e9) : "", clientCpu / 1e9,
            run.serverCpuNanos() < 0 ? "n/a" : String.format(Locale.ROOT, "%.1f s",
                run.serverCpuNanos() / 1e9), run.details().isEmpty() ? "" : "; " + run.details());
        if (!kept.contains(table) || r < rounds - 1) {
          c.drop();
        }
      }
    }
    reportIngest(data, indexed, rounds, runs, tables);
  }

  private void reportIngest(Dataset data, boolean indexed, int rounds,
      Map<IngestContender, List<IngestRun>> runs, Map<IngestContender, String> tables) {
    boolean embedded = store.equals("embedded");
    report.append(String.format(Locale.ROOT, "%n#### %s: ingest, %s%n%n", storeName(), indexed
        ? "HNSW index (m=" + HNSW_M + ", ef_construction=" + HNSW_EF_CONSTRUCTION
            + ", cosine) " + (embedded ? "built as the documents go in" : "created before the rows")
        : "no vector index"));
    IngestContender baseline = runs.keySet().iterator().next();
    double baseRate = meanRate(data, runs.get(baseline), embedded);
    report.append("| contender | rows/s per round | rows/s mean | vs ").append(baseline.key())
        .append(embedded ? " | s until the last call returned | + s until merges finished"
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
      String perRound = rs.stream().map(r -> String.format(Locale.ROOT, "%,.0f",
          data.rows() / (r.totalNanos(embedded) / 1e9))).collect(Collectors.joining(" / "));
      double wall = rs.stream().mapToLong(IngestRun::wallNanos).average().orElse(0) / 1e9;
      double cpu = rs.stream().mapToLong(IngestRun::clientCpuNanos).average().orElse(0) / 1e9;
      if (embedded) {
        report.append(String.format(Locale.ROOT, "| %s | %s | %,.0f | **%.2f** | %.1f | %.1f |"
            + " %,.0f | %.1f |%n", e.getKey().name(), perRound, rate, rate / baseRate, wall,
            rs.stream().mapToLong(IngestRun::settleNanos).average().orElse(0) / 1e9,
            returnedRates.get(e.getKey().key()), cpu));
      } else {
        report.append(String.format(Locale.ROOT, "| %s | %s | %,.0f | **%.2f** | %.1f | %.1f |"
            + " %s |%n", e.getKey().name(), perRound, rate, rate / baseRate, wall, cpu,
            rs.stream().allMatch(r -> r.serverCpuNanos() >= 0)
                ? String.format(Locale.ROOT, "%.1f (%.0f %%)", rs.stream()
                    .mapToLong(IngestRun::serverCpuNanos).average().orElse(0) / 1e9,
                    100.0 * rs.stream().mapToLong(IngestRun::serverCpuNanos).sum()
                        / rs.stream().mapToLong(IngestRun::wallNanos).sum())
                : "n/a"));
      }
    }
    if (embedded) {
      report.append(String.format(Locale.ROOT, "%nrows/s = %,d rows / time until the index was"
          + " settled: the last call returned, then the writer was closed, which waits for the"
          + " merges Lucene still runs in the background (documents built inside the timing);"
          + " %d round(s), order rotating per round; CPU of this JVM (all threads, merges, JIT"
          + " and GC included) over the same time.%n", data.rows(), rounds));
    } else {
      report.append(String.format(Locale.ROOT, "%nrows/s = %,d rows / wall time of the whole"
          + " ingest (input objects built inside the timing); %d round(s), contender order"
          + " rotating per round; CPU from /proc (this JVM, all threads, JIT and GC included;"
          + " the PostgreSQL backend process of the contender's one connection), mean per"
          + " round; busy %% = backend CPU / wall time (low when the backend waited for the"
          + " client, the network or a CPU).%n", data.rows(), rounds));
    }
    runs.forEach((c, rs) -> rs.stream().map(IngestRun::details).filter(d -> !d.isEmpty())
        .reduce((a, b) -> b).ifPresent(d -> report.append("\n").append(c.name()).append(": ")
            .append(d).append(".\n")));
    if (rates.containsKey("ours")) {
      report.append("\n");
      String variant = indexed ? "HNSW" : "no index";
      if (rates.containsKey("raw")) {
        double ratio = rates.get("ours") / rates.get("raw");
        report.append(String.format(Locale.ROOT, "- ours / %s: **%.2f** (target ≥ 0.8: %s)%s%n",
            baseline.key().equals("raw") ? baseline.name() : "raw", ratio, metText(ratio >= 0.8),
            embedded ? String.format(Locale.ROOT, "; until the calls returned: %.2f",
                returnedRates.get("ours") / returnedRates.get("raw")) : ""));
        targets.add(new TargetResult(scope, store, "ingest (" + variant + "): ours ÷ "
            + (embedded ? "plain IndexWriter, one commit" : "raw binary COPY"),
            String.format(Locale.ROOT, "%.2f (%,.0f vs %,.0f rows/s)", ratio, rates.get("ours"),
                rates.get("raw")), "≥ 0.8", ratio >= 0.8));
      }
      if (rates.containsKey("lc4j")) {
        double ratio = rates.get("ours") / rates.get("lc4j");
        report.append(String.format(Locale.ROOT, "- ours / LangChain4j: **%.2f×** (target ≥ 2×:"
            + " %s)%n", ratio, metText(ratio >= 2)));
        targets.add(new TargetResult(scope, store, "ingest (" + variant + "): ours ÷"
            + " LangChain4j addAll", String.format(Locale.ROOT, "%.2f× (%,.0f vs %,.0f rows/s)",
                ratio, rates.get("ours"), rates.get("lc4j")), "≥ 2×", ratio >= 2));
      }
    }
    if (!tables.isEmpty()) {
      report.append(embedded ? "\nIndexes as created:\n\n" : "\nTables as created (before the"
          + " rows):\n\n");
      tables.forEach((c, t) -> report.append("- ").append(c.name()).append(": ").append(t)
          .append("\n"));
    }
  }

  private String storeName() {
    return store.equals("embedded") ? "Embedded (Lucene)" : "pgvector";
  }

  private static String metText(boolean met) {
    return met ? "met" : "missed";
  }

  private static double meanRate(Dataset data, List<IngestRun> runs, boolean withSettle) {
    return runs.stream().mapToDouble(r -> data.rows() / (r.totalNanos(withSettle) / 1e9))
        .average().orElse(0);
  }

  // ----------------------------------------------------------------------------------- search

  private void runPgSearch(Dataset data, int[][] exact, String table) throws Exception {
    pg.vacuumAnalyze(table);
    PgVectorStore store = PgVectorStoreFactory.openTable(ours, settings(table, data.dims(), true));
    try (PlainSql plain = new PlainSql(pg, table, data.dims(), false);
        PlainSql inTransaction = new PlainSql(pg, table, data.dims(), true)) {
      SearchContender candidate = new OursSearch(store, ours);
      OursSearch filtered = new OursSearch(store, ours, accessLikeFilter(),
          "diagnostic: ours with an access-like filter (an OR of containments, every row)");
      report.append(String.format(Locale.ROOT, "%n#### pgvector: search, top %d, %d queries,"
          + " HNSW (table %s)%n%n", topK, data.queries().length, table));
      report.append("Plain SQL: `").append(plain.sql).append("` on one JDBC connection, the"
          + " query vector bound as pgvector text; ef_search set with SET on that session (at"
          + " \"default\": the module's default, ").append(defaultEf()).append("; the plan"
          + " at each ef_search is listed below the table).\n\n");
      runSearch(plain, candidate, List.of(inTransaction, filtered), data, exact);
      report.append("- plan of ours with the access-like filter at the default: ")
          .append(filtered.plan(data.queries()[0], topK, OptionalInt.empty())).append("\n");
      // Only now: before pgvector's library is loaded in the session, SHOW gives an empty string.
      report.append("- server default hnsw.ef_search (what a plain query gets without SET): ")
          .append(plain.show("hnsw.ef_search")).append("\n");
    }
  }

  /** The module's default HNSW accuracy for this run's top k. */
  private int defaultEf() {
    return IndexSpec.hnsw().defaultAccuracy(topK);
  }

  private static String efName(OptionalInt ef) {
    return ef.isPresent() ? Integer.toString(ef.getAsInt())
        : IndexSpec.DEFAULT_EF_SEARCH + " (default)";
  }

  /**
   * Every path answers every query at each ef of --ef, in rounds whose order alternates
   * (baseline, candidate, diagnostics..., then reversed) after an untimed warm-up; latency per
   * query. The targets are judged on the candidate against the baseline at the default.
   */
  private void runSearch(SearchContender baseline, SearchContender candidate,
      List<SearchContender> diagnostics, Dataset data, int[][] exact) throws Exception {
    List<SearchContender> paths = new ArrayList<>(List.of(baseline, candidate));
    paths.addAll(diagnostics);
    int rounds = o.getInt("search-rounds", 2);
    int warm = Math.min(o.getInt("warmup-queries", 100), data.queries().length);
    report.append("| ").append(store.equals("embedded") ? "candidates" : "ef_search")
        .append(" | path | p50 ms | p99 ms | mean ms | recall@").append(topK)
        .append(" | p50 ratio | p99 ratio | client CPU ms/query | server backend CPU ms/query |\n")
        .append("|---|---|---|---|---|---|---|---|---|---|\n");
    List<String> notes = new ArrayList<>();
    for (OptionalInt ef : efs) {
      String efName = efName(ef);
      log("%s %s: search, ef %s: warm-up %d queries per path", scope, store, efName, warm);
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
      String plan = baseline.plan(data.queries()[0], topK, ef);
      if (plan != null) {
        notes.add(String.format(Locale.ROOT, "%s %s: plan of the plain query: %s",
            store.equals("embedded") ? "candidates" : "ef_search", efName, plan));
      }
      SearchRun b = runs.get(baseline);
      SearchRun c = runs.get(candidate);
      runs.forEach((path, run) -> report.append(run.row(efName, path.name(),
          run.recall(exact), path == baseline ? null : b)));
      double recall = c.recall(exact);
      double p50 = c.p(0.5) / b.p(0.5);
      double p99 = c.p(0.99) / b.p(0.99);
      log("  -> recall@%d %.3f; p50 %.2f ms (%.2f×), p99 %.2f ms (%.2f×)", topK, recall,
          c.p(0.5), p50, c.p(0.99), p99);
      notes.add(String.format(Locale.ROOT, "%s %s: %s p50 %.2f× (target ≤ 1.2×: %s), p99 %.2f×"
          + " (%s), recall@%d %.3f (target ≥ 0.95: %s); same ids as the baseline for %d of %d"
          + " queries", store.equals("embedded") ? "candidates" : "ef_search", efName,
          candidate.name(), p50, metText(p50 <= 1.2), p99, metText(p99 <= 1.2), topK, recall,
          metText(recall >= 0.95), c.sameAnswers(b), data.queries().length));
      int effective = ef.orElse(defaultEf());
      sweep.add(new SweepPoint(scope, store, effective, ef.isEmpty(), recall, c.p(0.5),
          b.recall(exact), b.p(0.5)));
      if (ef.isEmpty()) {
        String what = "search at the default (" + effective + "): ours ÷ " + baseline.name();
        targets.add(new TargetResult(scope, store, what + ", p50", String.format(Locale.ROOT,
            "%.2f× (%.2f vs %.2f ms)", p50, c.p(0.5), b.p(0.5)), "≤ 1.2×", p50 <= 1.2));
        targets.add(new TargetResult(scope, store, what + ", p99", String.format(Locale.ROOT,
            "%.2f× (%.2f vs %.2f ms)", p99, c.p(0.99), b.p(0.99)), "≤ 1.2×", p99 <= 1.2));
        targets.add(new TargetResult(scope, store, "recall@" + topK + " at the default ("
            + effective + ")", String.format(Locale.ROOT, "%.3f", recall), "≥ 0.95",
            recall >= 0.95));
      }
    }
    report.append(String.format(Locale.ROOT, "%nLatency per query in ms over %d round(s) per path"
        + " (order alternating, after %d warm-up queries per path); ratio = path / %s;"
        + " recall@%d against exact neighbours computed by brute force over the vectors; CPU"
        + " over that path's rounds (this JVM, all threads; for pgvector also the backend of the"
        + " path's connection, from /proc, 10 ms ticks, so only roughly).%n%n",
        rounds, warm, baseline.name(), topK));
    notes.forEach(n -> report.append("- ").append(n).append("\n"));
  }

  // ---------------------------------------------------------------------------------- summary

  /** One target judged: where, what, the figure, the target and whether it was met. */
  record TargetResult(String scope, String store, String measure, String value, String target,
      boolean met) {}

  /** The candidate's and the baseline's recall and p50 at one ef (candidate count). */
  record SweepPoint(String scope, String store, int ef, boolean isDefault, double recall,
      double p50, double baselineRecall, double baselineP50) {}

  private void appendSummary() {
    report.append("\n### Summary of the targets\n\n| data | store | measure | result | target |"
        + " met? |\n|---|---|---|---|---|---|\n");
    for (TargetResult t : targets) {
      report.append(String.format(Locale.ROOT, "| %s | %s | %s | %s | %s | %s |%n", t.scope(),
          t.store(), t.measure(), t.value(), t.target(), t.met() ? "met" : "**missed**"));
    }
    if (sweep.isEmpty()) {
      return;
    }
    report.append(String.format(Locale.ROOT, "%n### Recall@%d and p50 against ef_search"
        + " (pgvector) / candidates (Lucene)%n%n", topK));
    List<Integer> values = sweep.stream().map(SweepPoint::ef).distinct().sorted().toList();
    Map<String, List<SweepPoint>> byCase = new LinkedHashMap<>();
    sweep.forEach(p -> byCase.computeIfAbsent(p.scope() + " | " + p.store(),
        k -> new ArrayList<>()).add(p));
    report.append("| data | store |");
    values.forEach(v -> report.append(" ").append(v).append(v == defaultEf() ? " (default)" : "")
        .append(" |"));
    report.append(" smallest reaching 0.95 | smallest reaching 0.99 |\n|---|---|");
    values.forEach(v -> report.append("---|"));
    report.append("---|---|\n");
    for (Map.Entry<String, List<SweepPoint>> e : byCase.entrySet()) {
      Map<Integer, SweepPoint> at = new TreeMap<>();
      e.getValue().forEach(p -> at.put(p.ef(), p));
      report.append("| ").append(e.getKey()).append(" |");
      for (int v : values) {
        SweepPoint p = at.get(v);
        report.append(p == null ? " |" : String.format(Locale.ROOT, " %.3f / %.2f ms |",
            p.recall(), p.p50()));
      }
      report.append(" ").append(smallest(at, 0.95)).append(" | ").append(smallest(at, 0.99))
          .append(" |\n");
    }
    report.append(String.format(Locale.ROOT, "%nEach cell: recall@%d / p50 latency of the store's"
        + " own search (PgVectorStore.search, LuceneVectorStore.search) at that ef_search or"
        + " candidate count; \"smallest\" among the values measured.%n", topK));
  }

  private static String smallest(Map<Integer, SweepPoint> at, double recall) {
    return at.values().stream().filter(p -> p.recall() >= recall).map(SweepPoint::ef)
        .min(Comparator.naturalOrder()).map(String::valueOf)
        .orElse("> " + at.keySet().stream().max(Comparator.naturalOrder()).orElse(0));
  }

  // ----------------------------------------------------------------------------------- tidy-up

  void close() {
    if (ours != null) {
      ours.close();
    }
  }

  static void deleteTree(Path root) throws IOException {
    if (!Files.exists(root)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
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

    /**
     * Waits for work the target still does in the background after {@link #ingest} returned (timed
     * separately); afterwards {@link #count} and {@link #details} see the final state.
     */
    default void settle() throws Exception {}

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

    /** How the server runs this path's query at {@code ef}, or null when there is no plan. */
    default String plan(float[] query, int topK, OptionalInt ef) throws Exception {
      return null;
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
      PgVectorStoreFactory.openTable(registry, settings(table, data.dims(), indexed));
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
      store = PgVectorStoreFactory.openTable(database, settings(table, data.dims(), indexed));
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
      PgVectorStoreFactory.openTable(registry, settings(table, data.dims(), indexed));
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

  /**
   * The adapter's search, optionally with a metadata filter (the search path's access filter has
   * the same shape: an OR of containments that matches nearly every row).
   */
  record OursSearch(PgVectorStore store, Database database, Filter filter, String name)
      implements SearchContender {
    OursSearch(PgVectorStore store, Database database) {
      this(store, database, Filter.all(), "ours: PgVectorStore.search");
    }

    @Override
    public long serverPid() throws SQLException {
      try (Connection c = database.dataSource().getConnection()) {
        return Pg.backendPid(c);
      }
    }

    @Override
    public List<String> search(float[] query, int topK, OptionalInt ef) {
      List<Match> matches = store.search(request(query, topK, ef));
      List<String> ids = new ArrayList<>(matches.size());
      matches.forEach(m -> ids.add(m.id()));
      return ids;
    }

    @Override
    public String plan(float[] query, int topK, OptionalInt ef) {
      return store.explain(request(query, topK, ef)).stream()
          .map(line -> line.trim().replaceAll("\\s+\\(cost=.*", "").replaceFirst("^->\\s*", ""))
          .filter(line -> line.contains(" Scan "))
          .collect(java.util.stream.Collectors.joining("; "));
    }

    private SearchRequest request(float[] query, int topK, OptionalInt ef) {
      SearchRequest.Builder request = SearchRequest.of(query).topK(topK).filter(filter);
      ef.ifPresent(request::accuracy);
      return request.build();
    }
  }

  /** A filter like semantic search's access filter: an OR of containments matching every row. */
  static Filter accessLikeFilter() {
    List<Filter> groups = new ArrayList<>();
    for (int g = 0; g < 10; g++) {
      groups.add(Filter.eq("group", "g" + g));
    }
    return Filter.or(groups.toArray(Filter[]::new));
  }

  /**
   * The adapter's query, by hand, on one JDBC connection: in autocommit mode with ef_search set
   * on the session when it changes (the baseline), or ({@code transactional}, a diagnostic) in the
   * adapter's round trips: a transaction per query, {@code SET LOCAL hnsw.ef_search}, the query,
   * COMMIT. The ef_search is the adapter's: the asked one, or the module's default, never below
   * top k.
   */
  static final class PlainSql implements SearchContender, AutoCloseable {
    final String sql;
    private final boolean transactional;
    private final Connection connection;
    private final PreparedStatement statement;
    private int currentEf = -1;

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
      int effective = Math.min(1000, Math.max(topK,
          ef.orElse(IndexSpec.hnsw().defaultAccuracy(topK))));
      if (transactional) {
        connection.setAutoCommit(false);
        try (Statement s = connection.createStatement()) {
          s.execute("SET LOCAL hnsw.ef_search = " + effective);
        }
        List<String> ids = query(query, topK);
        connection.commit();
        return ids;
      }
      if (effective != currentEf) {
        try (Statement s = connection.createStatement()) {
          s.execute("SET hnsw.ef_search = " + effective);
        }
        currentEf = effective;
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

    @Override
    public String plan(float[] query, int topK, OptionalInt ef) throws SQLException {
      connection.setAutoCommit(true);
      try (Statement s = connection.createStatement()) {
        s.execute("SET hnsw.ef_search = " + Math.min(1000, Math.max(topK,
            ef.orElse(IndexSpec.hnsw().defaultAccuracy(topK)))));
      }
      currentEf = -1;
      return plan(query);
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
        currentEf = -1;
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

  // ------------------------------------------------------------------- embedded (Lucene) store

  /**
   * The embedded store: LuceneVectorStore.upsert in batches (each one update of the batch's ids,
   * commit and searcher refresh). Settling closes the store, which waits for running merges.
   */
  static final class OursLucene implements IngestContender {
    private final Path root;
    private LuceneStoreSettings settings;
    private LuceneVectorStore store;

    OursLucene(Path root) {
      this.root = root;
    }

    @Override
    public String key() {
      return "ours";
    }

    @Override
    public String name() {
      return "ours: LuceneVectorStore.upsert";
    }

    @Override
    public void create(String name, Dataset data, boolean indexed) throws IOException {
      closeStore();
      settings = new LuceneStoreSettings(name, data.dims(), DistanceMetric.COSINE,
          IndexSpec.hnsw(HNSW_M, HNSW_EF_CONSTRUCTION), Optional.empty());
      deleteTree(path());
      store = EmbeddedVectorStoreFactory.openIndex(root, settings);
    }

    Path path() {
      return EmbeddedVectorStoreFactory.directoryOf(root, settings.name());
    }

    LuceneVectorStore store() {
      return store;
    }

    /** Opens the settled index again (for the search). */
    void reopen() {
      closeStore();
      store = EmbeddedVectorStoreFactory.openIndex(root, settings);
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
    public void settle() {
      closeStore();
    }

    @Override
    public long count() throws IOException {
      return RawLucene.numDocs(path());
    }

    @Override
    public String describe() {
      return "`" + store.describe().notes() + "`; documents as `RecordDocuments.toDocument`"
          + " builds them";
    }

    @Override
    public String details() {
      return RawLucene.segments(path());
    }

    @Override
    public long serverPid() {
      return -1;
    }

    @Override
    public void drop() throws IOException {
      closeStore();
      deleteTree(path());
    }

    @Override
    public void close() {
      closeStore();
    }

    private void closeStore() {
      if (store != null) {
        store.close();
        store = null;
      }
    }
  }

  /**
   * Baseline: a plain IndexWriter (Lucene's defaults, StandardAnalyzer, HNSW maxConn/beamWidth as
   * the store's) adding the documents the store would write, one commit at the end. Settling
   * closes the writer, which waits for running merges.
   */
  static final class RawLucene implements IngestContender {
    private final Path root;
    private Path path;
    private Directory directory;
    private IndexWriter writer;

    RawLucene(Path root) {
      this.root = root;
    }

    @Override
    public String key() {
      return "raw";
    }

    @Override
    public String name() {
      return "plain Lucene IndexWriter (one commit)";
    }

    Path path() {
      return path;
    }

    @Override
    public void create(String name, Dataset data, boolean indexed) throws IOException {
      closeWriter();
      path = root.resolve(name);
      deleteTree(path);
      Files.createDirectories(path);
      directory = FSDirectory.open(path);
      writer = new IndexWriter(directory, new IndexWriterConfig(new StandardAnalyzer())
          .setOpenMode(IndexWriterConfig.OpenMode.CREATE)
          .setCodec(codec(data.dims())));
    }

    /** Lucene's default codec with HNSW(maxConn 16, beamWidth 64) and room for > 1024 dims. */
    static Lucene912Codec codec(int dims) {
      KnnVectorsFormat hnsw = new Lucene99HnswVectorsFormat(HNSW_M, HNSW_EF_CONSTRUCTION);
      KnnVectorsFormat wide = new KnnVectorsFormat(hnsw.getName()) {
        @Override
        public KnnVectorsWriter fieldsWriter(SegmentWriteState state) throws IOException {
          return hnsw.fieldsWriter(state);
        }

        @Override
        public KnnVectorsReader fieldsReader(SegmentReadState state) throws IOException {
          return hnsw.fieldsReader(state);
        }

        @Override
        public int getMaxDimensions(String field) {
          return Math.max(dims, hnsw.getMaxDimensions(field));
        }
      };
      return new Lucene912Codec() {
        @Override
        public KnnVectorsFormat getKnnVectorsFormatForField(String field) {
          return wide;
        }
      };
    }

    @Override
    public void ingest(Dataset data, int batch) throws IOException {
      for (int i = 0; i < data.rows(); i++) {
        writer.addDocument(document(data, i));
      }
      writer.commit();
    }

    /**
     * The fields RecordDocuments.toDocument writes for row i: id (term, stored), text (analysed,
     * stored), vector (HNSW, DOT_PRODUCT on the unit vector), and per metadata entry a stored
     * value plus its filter fields (a long: DoublePoint n.k; a string: terms s.k and UTF-16BE
     * bytes r.k).
     */
    static Document document(Dataset data, int i) {
      Document d = new Document();
      d.add(new StringField("id", data.id(i), Field.Store.YES));
      d.add(new TextField("text", data.text(i), Field.Store.YES));
      d.add(new KnnFloatVectorField("vector", data.vectors()[i],
          VectorSimilarityFunction.DOT_PRODUCT));
      long n = i;
      d.add(new StoredField("m.n", n));
      d.add(new DoublePoint("n.n", n));
      String group = "g" + (i % 10);
      d.add(new StoredField("m.group", group));
      d.add(new StringField("s.group", group, Field.Store.NO));
      d.add(new StringField("r.group", new BytesRef(group.getBytes(StandardCharsets.UTF_16BE)),
          Field.Store.NO));
      return d;
    }

    @Override
    public void settle() throws IOException {
      closeWriter();
    }

    @Override
    public long count() throws IOException {
      return numDocs(path);
    }

    static long numDocs(Path path) throws IOException {
      try (Directory d = FSDirectory.open(path); DirectoryReader r = DirectoryReader.open(d)) {
        return r.numDocs();
      }
    }

    /** Segments and size of a settled index, for the report. */
    static String segments(Path path) {
      try (Directory d = FSDirectory.open(path); DirectoryReader r = DirectoryReader.open(d)) {
        long bytes = 0;
        for (String file : d.listAll()) {
          bytes += d.fileLength(file);
        }
        return String.format(Locale.ROOT, "settled index: %d segment(s), %.0f MB on disk",
            r.leaves().size(), bytes / 1e6);
      } catch (IOException e) {
        return "settled index: unreadable (" + e.getMessage() + ")";
      }
    }

    @Override
    public String describe() {
      return "`IndexWriterConfig(StandardAnalyzer)`, Lucene912Codec with"
          + " `Lucene99HnswVectorsFormat(" + HNSW_M + ", " + HNSW_EF_CONSTRUCTION + ")`, default"
          + " RAM buffer and merge policy; the same fields as the store's documents";
    }

    @Override
    public String details() {
      return segments(path);
    }

    @Override
    public long serverPid() {
      return -1;
    }

    @Override
    public void drop() throws IOException {
      closeWriter();
      deleteTree(path);
    }

    @Override
    public void close() throws IOException {
      closeWriter();
    }

    private void closeWriter() throws IOException {
      if (writer != null) {
        writer.close();
        writer = null;
      }
      if (directory != null) {
        directory.close();
        directory = null;
      }
    }
  }

  /** The embedded store's search. */
  record OursLuceneSearch(LuceneVectorStore store) implements SearchContender {
    @Override
    public String name() {
      return "ours: LuceneVectorStore.search";
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
   * A plain KnnFloatVectorQuery on a committed index: n = max(topK, ef or the module's default)
   * candidates, then the stored fields of the top k (as the store reads them).
   */
  static final class PlainLucene implements SearchContender, AutoCloseable {
    private final String name;
    private final Directory directory;
    private final DirectoryReader reader;
    private final IndexSearcher searcher;

    PlainLucene(Path path, String name) throws IOException {
      this.name = name;
      this.directory = FSDirectory.open(path);
      this.reader = DirectoryReader.open(directory);
      this.searcher = new IndexSearcher(reader);
    }

    @Override
    public String name() {
      return name;
    }

    String shape() {
      return reader.leaves().size() + " segment(s)";
    }

    @Override
    public List<String> search(float[] query, int topK, OptionalInt ef) throws IOException {
      int n = Math.max(topK, ef.orElse(LuceneVectorStore.DEFAULT_ACCURACY));
      ScoreDoc[] top = searcher.search(new KnnFloatVectorQuery("vector", query, n), n).scoreDocs;
      StoredFields stored = searcher.storedFields();
      List<String> ids = new ArrayList<>(topK);
      for (int i = 0; i < Math.min(topK, top.length); i++) {
        ids.add(stored.document(top[i].doc).get("id"));
      }
      return ids;
    }

    @Override
    public void close() throws IOException {
      reader.close();
      directory.close();
    }
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

  /**
   * Vectors and queries; row i's id and metadata derive from i, its text is {@code texts[i]} (or
   * "document i" when there are none).
   *
   * @param kind uniform, clustered or minilm
   * @param description one sentence for the report
   */
  record Dataset(String kind, String description, int dims, float[][] vectors,
      float[][] queries, String[] texts) {

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
      String description = clusters == 0
          ? String.format(Locale.ROOT, "Data: %,d random unit vectors (uniform on the sphere;"
              + " seed %d), text \"document N\"; %d random unit queries drawn apart from the"
              + " data.", rows, seed, queries)
          : String.format(Locale.ROOT, "Data: %,d unit vectors around %d random centres (cosine"
              + " ~0.7 to the centre; seed %d), text \"document N\"; %d queries drawn the same"
              + " way.", rows, clusters, seed, queries);
      return new Dataset(clusters == 0 ? "uniform" : "clustered", description, dims, v, q, null);
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
      return new Dataset(kind, description, dims, Arrays.copyOf(vectors, n), queries,
          texts == null ? null : Arrays.copyOf(texts, n));
    }

    String id(int i) {
      return new UUID(UUID_HIGH, 0x8000_0000_0000_0000L | i).toString();
    }

    static int row(String id) {
      return (int) UUID.fromString(id).getLeastSignificantBits();
    }

    String text(int i) {
      return texts == null ? "document " + i : texts[i];
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

  /**
   * Real all-MiniLM-L6-v2 embeddings of distinct passages of text found on this machine, through
   * the module's LocalEmbeddingModel; cached in a binary file per (rows, queries, seed).
   */
  static final class MiniLmData {
    private static final int MAGIC = 0x4D4C4231; // "MLB1"

    static Dataset load(int rows, int queries, long seed, Path cacheDir, List<String> roots,
        int budgetMinutes) throws IOException {
      Path cache = cacheDir.resolve("minilm-" + rows + "-" + queries + "-" + seed + ".bin");
      if (Files.isRegularFile(cache)) {
        log("minilm: reading cached embeddings from %s", cache);
        return read(cache);
      }
      long start = System.nanoTime();
      List<String> passages = Passages.collect(roots);
      int available = passages.size();
      log("minilm: %,d distinct passages in %.1f s", available, (System.nanoTime() - start) / 1e9);
      shuffle(passages, new SplittableRandom(seed));
      int wanted = Math.min(available, rows + queries);
      List<String> chosen = passages.subList(0, wanted);
      LocalEmbeddingModel model = new LocalEmbeddingModel(cacheDir.resolve("djl"),
          LocalEmbeddingModel.DEFAULT_BATCH_SIZE);
      List<float[]> vectors = new ArrayList<>(wanted);
      long embedStart = System.nanoTime();
      long deadline = embedStart + budgetMinutes * 60_000_000_000L;
      try {
        int step = 2048;
        for (int from = 0; from < wanted; from += step) {
          if (System.nanoTime() > deadline && vectors.size() > queries) {
            log("minilm: the embedding budget of %d minutes ran out after %,d passages",
                budgetMinutes, vectors.size());
            break;
          }
          vectors.addAll(model.embed(chosen.subList(from, Math.min(wanted, from + step))));
          double elapsed = (System.nanoTime() - embedStart) / 1e9;
          log("minilm: embedded %,d of %,d passages (%.0f s, %.1f ms per passage)",
              vectors.size(), wanted, elapsed, 1000 * elapsed / vectors.size());
        }
      } finally {
        model.close();
      }
      double seconds = (System.nanoTime() - embedStart) / 1e9;
      int n = vectors.size();
      float[][] q = vectors.subList(0, queries).toArray(new float[0][]);
      float[][] v = vectors.subList(queries, n).toArray(new float[0][]);
      String[] texts = chosen.subList(queries, n).toArray(new String[0]);
      IntSummaryStatisticsHolder words = IntSummaryStatisticsHolder.of(chosen.subList(0, n));
      String description = String.format(Locale.ROOT, "Data: %,d real all-MiniLM-L6-v2"
          + " embeddings (quantised, in process through the module's LocalEmbeddingModel) of"
          + " distinct text passages from %s (%,d distinct passages found; %s per passage;"
          + " shuffled with seed %d); the text is the passage. %d queries: held-out passages,"
          + " not in the data. Embedding took %.0f s (%.1f ms per passage)%s.",
          v.length, String.join(", ", roots), available, words, seed, q.length, seconds,
          1000 * seconds / n, n < rows + queries ? String.format(Locale.ROOT, "; %,d rows"
              + " instead of the %,d asked for (%s)", v.length, rows, available < rows + queries
                  ? "not enough distinct passages" : "the embedding budget ran out") : "");
      Dataset data = new Dataset("minilm", description, LocalEmbeddingModel.DIMENSION, v, q,
          texts);
      write(cache, data);
      log("minilm: cached in %s", cache);
      return data;
    }

    private static void shuffle(List<String> list, SplittableRandom random) {
      for (int i = list.size() - 1; i > 0; i--) {
        java.util.Collections.swap(list, i, random.nextInt(i + 1));
      }
    }

    private static void write(Path file, Dataset data) throws IOException {
      Files.createDirectories(file.getParent());
      Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
      try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(
          Files.newOutputStream(tmp), 1 << 16))) {
        out.writeInt(MAGIC);
        out.writeInt(data.dims());
        out.writeInt(data.rows());
        out.writeInt(data.queries().length);
        writeBytes(out, data.description().getBytes(StandardCharsets.UTF_8));
        for (float[] q : data.queries()) {
          writeVector(out, q);
        }
        for (int i = 0; i < data.rows(); i++) {
          writeVector(out, data.vectors()[i]);
          writeBytes(out, data.texts()[i].getBytes(StandardCharsets.UTF_8));
        }
      }
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    private static Dataset read(Path file) throws IOException {
      try (DataInputStream in = new DataInputStream(new BufferedInputStream(
          Files.newInputStream(file), 1 << 16))) {
        if (in.readInt() != MAGIC) {
          throw new IOException(file + " is not a bench embedding cache; delete it");
        }
        int dims = in.readInt();
        int rows = in.readInt();
        int queries = in.readInt();
        String description = new String(readBytes(in), StandardCharsets.UTF_8);
        float[][] q = new float[queries][];
        for (int i = 0; i < queries; i++) {
          q[i] = readVector(in, dims);
        }
        float[][] v = new float[rows][];
        String[] texts = new String[rows];
        for (int i = 0; i < rows; i++) {
          v[i] = readVector(in, dims);
          texts[i] = new String(readBytes(in), StandardCharsets.UTF_8);
        }
        return new Dataset("minilm", description + " (Read from the cache " + file.getFileName()
            + ".)", dims, v, q, texts);
      }
    }

    private static void writeVector(DataOutputStream out, float[] v) throws IOException {
      ByteBuffer b = ByteBuffer.allocate(4 * v.length);
      b.asFloatBuffer().put(v);
      out.write(b.array());
    }

    private static float[] readVector(DataInputStream in, int dims) throws IOException {
      byte[] bytes = new byte[4 * dims];
      in.readFully(bytes);
      float[] v = new float[dims];
      ByteBuffer.wrap(bytes).asFloatBuffer().get(v);
      return v;
    }

    private static void writeBytes(DataOutputStream out, byte[] bytes) throws IOException {
      out.writeInt(bytes.length);
      out.write(bytes);
    }

    private static byte[] readBytes(DataInputStream in) throws IOException {
      byte[] bytes = new byte[in.readInt()];
      in.readFully(bytes);
      return bytes;
    }
  }

  /** Words per passage: min / mean / max, for the report. */
  record IntSummaryStatisticsHolder(int min, double mean, int max) {
    static IntSummaryStatisticsHolder of(List<String> texts) {
      var stats = texts.stream().mapToInt(t -> t.split(" ").length).summaryStatistics();
      return new IntSummaryStatisticsHolder(stats.getMin(), stats.getAverage(), stats.getMax());
    }

    @Override
    public String toString() {
      return String.format(Locale.ROOT, "%d–%d words, mean %.0f", min, max, mean);
    }
  }

  /**
   * Distinct text passages from documentation on this machine: paragraphs (split at blank lines;
   * man pages with their troff markup removed) of 8 to 120 words, longer ones cut into pieces of
   * 120 words, kept when they read as prose (mostly letters and words); whitespace normalised,
   * duplicates dropped. Files are read in sorted order, so the list is the same on every run on the
   * same machine.
   */
  static final class Passages {
    static final List<String> ROOTS = List.of("/usr/share/doc", "/usr/share/man/man1",
        "/usr/share/man/man2", "/usr/share/man/man3", "/usr/share/man/man4", "/usr/share/man/man5",
        "/usr/share/man/man6", "/usr/share/man/man7", "/usr/share/man/man8", "/usr/share/info",
        "/usr/share/common-licenses");
    private static final int MIN_WORDS = 8;
    private static final int MAX_WORDS = 120;
    private static final Pattern NOT_PROSE = Pattern.compile(".*\\.(png|gif|jpe?g|svg|ico|json"
        + "|xml|c|h|pl|py|sh|js|css|cocci|amd64|pdf|ps|dvi|el|ini|conf|cfg|ya?ml|pem|crt|html?"
        + "|patch|diff|in|m4|ac|am|mk|rb|pm|java|tcl|awk|sed|sql|gpg|asc|sig|bin|so|a|zip|jar)$");
    private static final Set<String> BREAKS = Set.of("SH", "SS", "PP", "LP", "P", "IP", "TP", "sp",
        "br", "HP", "Sh", "Ss", "Pp", "Bl", "El", "It", "Bd", "Ed", "nf", "fi", "TH", "Dd", "Dt",
        "Os", "RS", "RE", "EX", "EE", "TQ");
    private static final Pattern ESCAPE = Pattern.compile("\\\\(f(\\[[^\\]]*\\]|\\(..|.)"
        + "|\\*(\\[[^\\]]*\\]|\\(..|.)|\\((..)|\\[([^\\]]*)\\]|s[-+]?\\d+|[-e&%c| ^0~:/,]"
        + "|\".*$|.)");
    private static final Pattern WORD = Pattern.compile("\\p{L}[\\p{L}'’-]*[.,;:!?)]*");

    static List<String> collect(List<String> roots) throws IOException {
      List<Path> files = new ArrayList<>();
      for (String root : roots) {
        Path r = Path.of(root);
        if (!Files.isDirectory(r)) {
          continue;
        }
        try (Stream<Path> s = Files.walk(r)) {
          s.filter(Files::isRegularFile).filter(p -> !Files.isSymbolicLink(p)).forEach(files::add);
        }
      }
      files.sort(Comparator.naturalOrder());
      LinkedHashSet<String> passages = new LinkedHashSet<>();
      for (Path p : files) {
        String name = p.getFileName().toString();
        boolean man = p.toString().startsWith("/usr/share/man/");
        if (!man && NOT_PROSE.matcher(name.replaceFirst("\\.gz$", "")
            .toLowerCase(Locale.ROOT)).matches()) {
          continue;
        }
        String text;
        try {
          text = read(p);
        } catch (IOException e) {
          continue; // unreadable or not gzip after all: skip
        }
        if (text.indexOf('\0') >= 0) {
          continue;
        }
        for (String paragraph : man ? troffParagraphs(text) : paragraphs(text)) {
          passages.addAll(pieces(paragraph));
        }
      }
      return new ArrayList<>(passages);
    }

    private static String read(Path p) throws IOException {
      try (InputStream in = p.toString().endsWith(".gz")
          ? new GZIPInputStream(Files.newInputStream(p)) : Files.newInputStream(p)) {
        return new String(in.readNBytes(4 << 20), StandardCharsets.UTF_8);
      }
    }

    private static List<String> paragraphs(String text) {
      return List.of(text.replace('\u001f', '\n').split("\\n\\s*\\n"));
    }

    /** Text lines and the text arguments of macros; paragraph and section macros break. */
    private static List<String> troffParagraphs(String text) {
      List<String> out = new ArrayList<>();
      StringBuilder current = new StringBuilder();
      for (String line : text.split("\n")) {
        if (line.startsWith(".") || line.startsWith("'")) {
          String rest = line.substring(1).trim();
          String macro = rest.split("\\s+", 2)[0];
          if (macro.isEmpty() || macro.startsWith("\\\"")) {
            continue;
          }
          if (BREAKS.contains(macro)) {
            flush(current, out);
          } else if (Character.isUpperCase(macro.charAt(0)) && rest.length() > macro.length()) {
            current.append(' ').append(unescape(rest.substring(macro.length()).replace("\"", "")));
          }
        } else if (line.isBlank()) {
          flush(current, out);
        } else {
          current.append(' ').append(unescape(line));
        }
      }
      flush(current, out);
      return out;
    }

    private static void flush(StringBuilder current, List<String> out) {
      if (current.length() > 0) {
        out.add(current.toString());
        current.setLength(0);
      }
    }

    private static String unescape(String s) {
      Matcher m = ESCAPE.matcher(s);
      StringBuilder b = new StringBuilder();
      while (m.find()) {
        String all = m.group();
        String replacement;
        if (all.equals("\\-")) {
          replacement = "-";
        } else if (all.equals("\\e")) {
          replacement = "\\";
        } else if (all.equals("\\ ") || all.equals("\\~")) {
          replacement = " ";
        } else if (m.group(4) != null) {
          replacement = special(m.group(4));
        } else if (m.group(5) != null) {
          replacement = special(m.group(5));
        } else {
          replacement = "";
        }
        m.appendReplacement(b, Matcher.quoteReplacement(replacement));
      }
      m.appendTail(b);
      return b.toString();
    }

    private static String special(String name) {
      return switch (name) {
        case "em", "en", "hy" -> "-";
        case "aq", "oq", "cq" -> "'";
        case "dq", "lq", "rq" -> "\"";
        case "bu" -> "*";
        case "co" -> "(c)";
        default -> "";
      };
    }

    /** The paragraph's prose pieces of MIN_WORDS..MAX_WORDS words. */
    private static List<String> pieces(String paragraph) {
      String normalised = paragraph.replaceAll("\\s+", " ").trim();
      if (normalised.isEmpty()) {
        return List.of();
      }
      String[] words = normalised.split(" ");
      List<String> out = new ArrayList<>();
      for (int from = 0; from < words.length; from += MAX_WORDS) {
        int to = Math.min(words.length, from + MAX_WORDS);
        if (to - from < MIN_WORDS) {
          break;
        }
        String piece = String.join(" ", Arrays.copyOfRange(words, from, to));
        if (prose(piece, to - from)) {
          out.add(piece);
        }
      }
      return out;
    }

    private static boolean prose(String s, int words) {
      int letters = 0;
      int visible = 0;
      for (int i = 0; i < s.length(); i++) {
        char c = s.charAt(i);
        if (!Character.isWhitespace(c)) {
          visible++;
          if (Character.isLetter(c)) {
            letters++;
          }
        }
      }
      if (letters < 0.75 * visible) {
        return false;
      }
      long wordy = Arrays.stream(s.split(" ")).filter(w -> WORD.matcher(w).matches()).count();
      return wordy >= 0.6 * words;
    }
  }

  // ----------------------------------------------------------------------------------- results

  /**
   * One timed ingest: until the last call returned ({@code wallNanos}), then until the target was
   * settled ({@code settleNanos}: background merges, 0 for PostgreSQL).
   */
  record IngestRun(long wallNanos, long settleNanos, long clientCpuNanos, long serverCpuNanos,
      String details) {
    long totalNanos(boolean withSettle) {
      return withSettle ? wallNanos + settleNanos : wallNanos;
    }
  }

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

    double recall(int[][] exact) {
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
