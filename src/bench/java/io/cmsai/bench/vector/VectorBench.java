package io.cmsai.bench.vector;

import io.cmsai.bench.Options;
import io.cmsai.bench.vector.contenders.Hnsw;
import io.cmsai.bench.vector.contenders.IngestContender;
import io.cmsai.bench.vector.contenders.SearchContender;
import io.cmsai.bench.vector.data.Dataset;
import io.cmsai.bench.vector.data.MiniLmData;
import io.cmsai.bench.vector.data.Passages;
import io.cmsai.bench.vector.data.Pg;
import io.cmsai.bench.vector.data.RunOptions;
import io.cmsai.bench.vector.report.Findings;
import io.cmsai.bench.vector.report.Log;
import io.cmsai.bench.vector.report.Summary;
import io.cmsai.embeddings.LocalEmbeddingModel;
import io.cmsai.platform.Database;
import io.cmsai.platform.DatabaseSettings;
import io.cmsai.testing.WorkDirs;
import io.cmsai.vectorstore.pgvector.PgVectorSettings;
import io.cmsai.vectorstore.pgvector.PgVectorStoreFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Vector store benchmark: ingest rate and search latency/recall of the module's stores (pgvector
 * and the embedded Lucene store) against the cheapest way of doing the same thing by hand, in one
 * run (run by bench/run-vector-bench.sh, which puts the test classes, the module's classes and the
 * comparison libraries on the class path).
 *
 * <pre>
 *   java -cp CLASSPATH io.cmsai.bench.vector.VectorBench [--rows 100000] [--dims 384,1536]
 *       [--data uniform] [--stores pgvector,embedded] [--queries 500] [--batch 1000]
 *       [--ingest raw,ours,lc4j,staged] [--ingest-hnsw raw,ours,lc4j] [--index hnsw,none]
 *       [--raw-batch 0] [--rounds 1] [--flat-rounds 3] [--embedded-rounds 1]
 *       [--ef 40,64,default,200,400] [--search-rounds 2] [--top-k 10] [--seed 42]
 *       [--warmup-rows 2000] [--warmup-queries 100] [--clusters 100] [--corpus DIRS]
 *       [--embed-minutes 20] [--cache-dir target/bench-cache] [--work-dir target/bench/lucene]
 *       [--keep false] [--about TEXT] [--out results.md]
 * </pre>
 *
 * <p>PostgreSQL (only with --stores pgvector): AI_TEST_PG_URL (jdbc:postgresql://host:port/db),
 * AI_TEST_PG_USER, AI_TEST_PG_PASSWORD. Every table it creates is named bench_*; leftovers of an
 * interrupted run are dropped first. The embedded indexes live under --work-dir (emptied first).
 *
 * <p>Data (--data, a list; each data set runs at every dimension it has; see {@code data}):
 *
 * <ul>
 *   <li>uniform: --rows random unit vectors (Gaussian components, normalised; seeded), --queries
 *       more drawn the same way; text "document N". The worst case for an approximate index: no
 *       structure at all.
 *   <li>clustered: unit vectors around --clusters random centres (cosine ~0.7 to their centre), a
 *       crude stand-in for real embeddings; queries drawn the same way.
 *   <li>minilm: real all-MiniLM-L6-v2 embeddings (384 dimensions, the module's LocalEmbeddingModel,
 *       in process) of distinct text passages found on this machine (--corpus: Debian docs, English
 *       man pages, info manuals, licences); the text is the passage. Queries are held-out passages
 *       (never in the data). Embeddings are cached in --cache-dir, keyed by rows, queries and seed.
 *       At most --embed-minutes are spent embedding; fewer rows are used when that runs out (the
 *       report says so).
 * </ul>
 *
 * <p>Each row has an id (a UUID string, as LangChain4j requires) and two metadata fields. Exact
 * neighbours come from brute force over the vectors in this JVM (cosine), computed once per data
 * set and dimension and shared by every store.
 *
 * <p>pgvector ({@link PgVectorRun}), per dimension and per index variant (HNSW m=16,
 * ef_construction=64, cosine, created BEFORE the rows go in, so every contender pays the same index
 * maintenance; and no vector index): each contender writes all rows into a fresh table of its own,
 * in rounds whose order rotates.
 *
 * <ul>
 *   <li>raw: one binary COPY of all rows straight into the adapter's table definition (its own
 *       encoder, not the module's); the baseline. --raw-batch N: one COPY + commit per N rows.
 *   <li>ours: PgVectorStore.upsert in batches of --batch.
 *   <li>lc4j: LangChain4j PgVectorEmbeddingStore.addAll in batches of --batch, its own table with
 *       its default settings (it has no HNSW option; the bench adds the same HNSW index).
 *   <li>staged: diagnostic: the adapter's staging SQL per batch (temp staging table, COPY, INSERT
 *       ... SELECT ... ON CONFLICT) issued by hand, timing each phase (by default only without
 *       index: with HNSW, index maintenance is nearly all of it).
 * </ul>
 *
 * <p>--ingest lists the contenders of the variant without index (the first is the baseline of the
 * ratios), --ingest-hnsw those of the HNSW variant (default: --ingest without staged). Search (on
 * the adapter's HNSW table, after VACUUM ANALYZE): PgVectorStore.search against the identical SQL
 * on one plain JDBC connection in autocommit mode with SET hnsw.ef_search (the baseline), plus a
 * diagnostic issuing that SQL in the adapter's round trips (a transaction per query, SET LOCAL
 * hnsw.ef_search, COMMIT).
 *
 * <p>Embedded ({@link EmbeddedRun}; Lucene HNSW, maxConn 16, beamWidth 64, the store's cosine as
 * DOT_PRODUCT on unit vectors): LuceneVectorStore.upsert in batches of --batch (each batch one
 * update, commit and searcher refresh, as the store does) against a plain IndexWriter adding the
 * same documents (same fields and codec parameters) with one commit at the end (the baseline). Both
 * are timed until the call returns and until the merges still running then have finished (the index
 * is closed). Search: LuceneVectorStore.search against a plain IndexSearcher running
 * KnnFloatVectorQuery with the same candidate count on the same index (the baseline), plus a
 * diagnostic: the same plain query on the baseline's one-commit index.
 *
 * <p>Searches ({@link SearchRounds}) run at each value of --ef (HNSW ef_search / Lucene candidates;
 * "default" = the module's default when a request gives no accuracy: IndexSpec.defaultAccuracy), in
 * rounds that alternate the order, after an untimed warm-up. Reported: latency p50/p99/mean per
 * query, recall@k against the exact neighbours, whether the store returned the same ids as its
 * baseline, CPU; at the end a summary of every target and the recall sweep. Results:
 * docs/BENCHMARKS.md.
 *
 * <p>Adding a store: implement {@link IngestContender} (and {@link SearchContender}) for it and run
 * it through {@link IngestRounds} and {@link SearchRounds}, as {@link PgVectorRun} and {@link
 * EmbeddedRun} do. Not thread-safe: one run, one thing measured at a time.
 */
public final class VectorBench {
  private final RunOptions opts;
  private final Findings findings = new Findings();
  private final StringBuilder report = findings.report();
  private Pg pg;
  private Database ours;

  VectorBench(RunOptions opts) {
    this.opts = opts;
  }

  public static void main(String[] args) throws Exception {
    Log.quietLogging();
    Options o = new Options(args);
    VectorBench bench = new VectorBench(RunOptions.of(o));
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

  /** Measures every data set at every dimension; returns the markdown report. */
  String run() throws Exception {
    List<Integer> dims = dims();
    describeSetup();
    for (String kind : opts.dataKinds()) {
      for (int d : dims) {
        if (kind.equals("minilm") && d != LocalEmbeddingModel.DIMENSION) {
          Log.log("minilm has %d dimensions only: skipping %d", LocalEmbeddingModel.DIMENSION, d);
          continue;
        }
        measure(dataset(kind, d));
      }
    }
    new Summary(findings, opts.topK(), opts.defaultEf()).append();
    report.append(
        String.format(
            Locale.ROOT,
            "%nLoad average at the end: %s.%n",
            Files.readString(Path.of("/proc/loadavg")).trim()));
    return report.toString();
  }

  private List<Integer> dims() {
    List<Integer> dims = new ArrayList<>();
    for (String d : opts.options().get("dims", "384,1536").split(",")) {
      int n = Integer.parseInt(d.trim());
      if (n < 1 || n > PgVectorSettings.MAX_VECTOR_INDEX_DIMENSION) {
        throw new IllegalArgumentException(
            "--dims: 1.."
                + PgVectorSettings.MAX_VECTOR_INDEX_DIMENSION
                + " (the raw COPY encoder writes vector, not halfvec), got "
                + n);
      }
      dims.add(n);
    }
    return dims;
  }

  /** The report's head: the run, the server, the embedded store, the common parameters. */
  private void describeSetup() throws Exception {
    if (opts.options().has("about")) {
      report.append("Run: ").append(opts.options().get("about", "")).append("\n");
    }
    if (opts.withPg()) {
      pg = Pg.fromEnvironment();
      // Two connections: PgVectorStore.open runs Flyway, which holds a second connection (with a
      // pool of one, open() times out). Writes and searches use one connection at a time.
      ours = PgVectorStoreFactory.connect(new DatabaseSettings(pg.url, pg.user, pg.password, 2));
      report.append(
          String.format(
              Locale.ROOT,
              "Server: PostgreSQL %s; pgvector %s; %s.%n",
              pg.serverVersion(),
              pg.extensionVersion(),
              pg.settings(
                  "shared_buffers",
                  "work_mem",
                  "maintenance_work_mem",
                  "synchronous_commit",
                  "max_parallel_workers_per_gather")));
    }
    if (opts.withEmbedded()) {
      report.append(
          String.format(
              Locale.ROOT,
              "Embedded: Apache Lucene %s in this JVM (%s)," + " indexes under %s.%n",
              org.apache.lucene.util.Version.LATEST,
              Runtime.version(),
              opts.workDir()));
      WorkDirs.deleteTree(opts.workDir());
    }
    report.append(
        String.format(
            Locale.ROOT,
            "Common: ids are UUID strings, metadata {n, group};"
                + " ingest batches of %d; top %d; HNSW m=%d, ef_construction=%d (Lucene maxConn %d,"
                + " beamWidth %d), cosine; searches at %s.%n",
            opts.batch(),
            opts.topK(),
            Hnsw.M,
            Hnsw.EF_CONSTRUCTION,
            Hnsw.M,
            Hnsw.EF_CONSTRUCTION,
            opts.efs().stream().map(RunOptions::efName).collect(Collectors.joining(", "))));
  }

  /** One data set at one dimension: its description, the exact neighbours, then every store. */
  private void measure(Dataset data) throws Exception {
    findings.scope(data.kind() + " " + data.dims() + "-d");
    report.append(
        String.format(
            Locale.ROOT,
            "%n### %s, %d dimensions, %,d rows%n%n%s%n",
            data.kind(),
            data.dims(),
            data.rows(),
            data.description()));
    if (!opts.withPg() && !opts.withEmbedded()) {
      return;
    }
    Log.log(
        "%s: exact top %d of %d queries by brute force",
        findings.scope(), opts.topK(), data.queries().length);
    long start = System.nanoTime();
    int[][] exact = data.exactTopK(opts.topK());
    Log.log("  -> %.1f s", (System.nanoTime() - start) / 1e9);
    if (opts.withPg()) {
      new PgVectorRun(opts, findings, pg, ours).run(data, exact);
    }
    if (opts.withEmbedded()) {
      new EmbeddedRun(opts, findings).run(data, exact);
    }
  }

  private Dataset dataset(String kind, int dims) throws Exception {
    return switch (kind) {
      case "minilm" ->
          MiniLmData.load(
              opts.rows(),
              opts.queries(),
              opts.seed(),
              Path.of(opts.options().get("cache-dir", "target/bench-cache")),
              List.of(opts.options().get("corpus", String.join(",", Passages.ROOTS)).split(",")),
              opts.options().getInt("embed-minutes", 20));
      case "clustered" ->
          Dataset.generate(
              opts.rows(),
              dims,
              opts.queries(),
              opts.options().getInt("clusters", 100),
              opts.seed() + dims);
      default -> Dataset.generate(opts.rows(), dims, opts.queries(), 0, opts.seed() + dims);
    };
  }

  /** Closes the adapter's connection pool, if the run opened one. */
  void close() {
    if (ours != null) {
      ours.close();
    }
  }
}
