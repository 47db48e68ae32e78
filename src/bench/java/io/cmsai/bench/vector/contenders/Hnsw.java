package io.cmsai.bench.vector.contenders;

import io.cmsai.vectorstore.DistanceMetric;
import io.cmsai.vectorstore.IndexSpec;
import io.cmsai.vectorstore.pgvector.PgVectorSettings;
import java.util.Optional;

/**
 * The HNSW build parameters every store in the benchmark uses, and the adapter's table settings.
 */
public final class Hnsw {
  /** Graph degree: pgvector's m, Lucene's maxConn. */
  public static final int M = 16;

  /** Build-time candidate list: pgvector's ef_construction, Lucene's beamWidth. */
  public static final int EF_CONSTRUCTION = 64;

  private Hnsw() {}

  /** The pgvector adapter's settings for a bench table: cosine, HNSW or no vector index. */
  public static PgVectorSettings pgSettings(String table, int dims, boolean indexed) {
    return new PgVectorSettings(
        "public",
        table,
        dims,
        DistanceMetric.COSINE,
        indexed ? IndexSpec.hnsw(M, EF_CONSTRUCTION) : IndexSpec.none(),
        Optional.empty(),
        "simple");
  }
}
