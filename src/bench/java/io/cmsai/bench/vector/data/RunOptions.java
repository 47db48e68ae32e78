package io.cmsai.bench.vector.data;

import io.cmsai.bench.Options;
import io.cmsai.vectorstore.IndexSpec;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.stream.Collectors;

/**
 * The run's options, checked: rows, queries, batch, top k, seed, the data sets, the stores, the
 * ingest contenders per index variant, the index variants and the ef values of the searches; the
 * raw {@link Options} for the rest.
 */
public record RunOptions(
    Options options,
    int rows,
    int queries,
    int batch,
    int topK,
    long seed,
    List<String> dataKinds,
    boolean withPg,
    boolean withEmbedded,
    List<String> ingestKeys,
    List<String> ingestKeysHnsw,
    List<Boolean> indexVariants,
    List<OptionalInt> efs,
    Path workDir) {
  public static final List<String> DATA_KINDS = List.of("uniform", "clustered", "minilm");

  /** Reads and checks the options; throws IllegalArgumentException naming the bad one. */
  public static RunOptions of(Options o) {
    int rows = o.getInt("rows", 100_000);
    int queries = o.getInt("queries", 500);
    int batch = o.getInt("batch", 1000);
    int topK = o.getInt("top-k", 10);
    long seed = Long.parseLong(o.get("seed", "42"));
    List<String> dataKinds = List.of(o.get("data", "uniform").split(","));
    for (String kind : dataKinds) {
      if (!DATA_KINDS.contains(kind)) {
        throw new IllegalArgumentException("--data takes " + DATA_KINDS + "; got " + kind);
      }
    }
    List<String> stores = List.of(o.get("stores", "pgvector,embedded").split(","));
    for (String s : stores) {
      if (!s.equals("pgvector") && !s.equals("embedded") && !s.equals("none")) {
        throw new IllegalArgumentException(
            "--stores takes pgvector and/or embedded, or none (only"
                + " prepare the data: embed and cache it); got "
                + s);
      }
    }
    List<String> ingestKeys = contenderKeys(o, "ingest", "raw,ours,lc4j,staged");
    List<String> ingestKeysHnsw =
        contenderKeys(
            o,
            "ingest-hnsw",
            ingestKeys.stream().filter(k -> !k.equals("staged")).collect(Collectors.joining(",")));
    return new RunOptions(
        o,
        rows,
        queries,
        batch,
        topK,
        seed,
        dataKinds,
        stores.contains("pgvector"),
        stores.contains("embedded"),
        ingestKeys,
        ingestKeysHnsw,
        indexVariants(o),
        efs(o),
        Path.of(o.get("work-dir", "target/bench/lucene")).toAbsolutePath());
  }

  private static List<String> contenderKeys(Options o, String option, String fallback) {
    List<String> keys = List.of(o.get(option, fallback).split(","));
    for (String key : keys) {
      if (!List.of("raw", "ours", "lc4j", "staged").contains(key)) {
        throw new IllegalArgumentException(
            "--" + option + " takes raw, ours, lc4j, staged; got " + key);
      }
    }
    return keys;
  }

  private static List<Boolean> indexVariants(Options o) {
    List<Boolean> variants = new ArrayList<>();
    for (String v : o.get("index", "hnsw,none").split(",")) {
      if (!v.equals("hnsw") && !v.equals("none")) {
        throw new IllegalArgumentException("--index takes hnsw and/or none; got " + v);
      }
      variants.add(v.equals("hnsw"));
    }
    return List.copyOf(variants);
  }

  private static List<OptionalInt> efs(Options o) {
    List<OptionalInt> efs = new ArrayList<>();
    for (String v : o.get("ef", "40,64,default,200,400").split(",")) {
      if (v.equals("none")) {
        continue;
      }
      efs.add(v.equals("default") ? OptionalInt.empty() : OptionalInt.of(Integer.parseInt(v)));
    }
    return List.copyOf(efs);
  }

  /** Whether --keep asks to leave the tables and indexes in place. */
  public boolean keep() {
    return Boolean.parseBoolean(options.get("keep", "false"));
  }

  /** The module's default HNSW accuracy for this run's top k. */
  public int defaultEf() {
    return IndexSpec.hnsw().defaultAccuracy(topK);
  }

  public static String efName(OptionalInt ef) {
    return ef.isPresent()
        ? Integer.toString(ef.getAsInt())
        : IndexSpec.DEFAULT_EF_SEARCH + " (default)";
  }

  /** The table (or index directory) of a contender: bench_KEY_DIMS_hnsw or _flat. */
  public static String table(String key, int dims, boolean indexed) {
    return "bench_" + key + "_" + dims + (indexed ? "_hnsw" : "_flat");
  }
}
