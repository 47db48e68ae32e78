package io.cmsai.vectorstore.embedded;

import io.cmsai.vectorstore.DistanceMetric;
import io.cmsai.vectorstore.EmbeddingFingerprint;
import io.cmsai.vectorstore.IndexSpec;
import io.cmsai.vectorstore.IndexType;
import io.cmsai.vectorstore.Names;
import io.cmsai.vectorstore.Vectors;
import java.util.Optional;

/**
 * One embedded (Lucene) vector index. Fixed when the index is created: reopening it with another
 * dimension, metric, index or embedding fingerprint is refused.
 *
 * @param name the index name: letters, digits, {@code _} and {@code -}, up to 64 characters
 *     (checked here, so a name can never leave the {@code vectors/} directory)
 * @param dimension the vectors' length
 * @param metric how vectors are compared
 * @param index {@link IndexType#NONE} (exact search) or {@link IndexType#HNSW} with {@code m}
 *     (Lucene's {@code maxConn}, 1..512, default 16) and {@code ef_construction} (Lucene's {@code
 *     beamWidth}, 1..3200, default 64); kept with both parameters filled in
 * @param fingerprint the embedding model, recorded when the index is created
 */
public record LuceneStoreSettings(
    String name,
    int dimension,
    DistanceMetric metric,
    IndexSpec index,
    Optional<EmbeddingFingerprint> fingerprint) {

  /** HNSW {@code m} when the index spec does not give it. */
  public static final int DEFAULT_M = 16;

  /** HNSW {@code ef_construction} when the index spec does not give it. */
  public static final int DEFAULT_EF_CONSTRUCTION = 64;

  private static final int MAX_M = 512;
  private static final int MAX_EF_CONSTRUCTION = 3200;

  public LuceneStoreSettings {
    name = Names.embedded(name);
    Vectors.checkDimension(dimension);
    if (metric == null || index == null || fingerprint == null) {
      throw new IllegalArgumentException("metric, index and fingerprint (optional) are required");
    }
    index = checkIndex(index);
    fingerprint.ifPresent(f -> f.checkAgrees(dimension, metric, "the index"));
  }

  /** Settings for {@code name}: cosine, HNSW with default parameters, no fingerprint. */
  public static LuceneStoreSettings of(String name, int dimension) {
    return new LuceneStoreSettings(
        name, dimension, DistanceMetric.COSINE, IndexSpec.hnsw(), Optional.empty());
  }

  /** These settings with {@code fingerprint}. */
  public LuceneStoreSettings withFingerprint(EmbeddingFingerprint fingerprint) {
    return new LuceneStoreSettings(name, dimension, metric, index, Optional.of(fingerprint));
  }

  /** Whether searches use the HNSW graph (otherwise they are exact). */
  public boolean approximate() {
    return index.type() == IndexType.HNSW;
  }

  /** HNSW {@code m}: Lucene's {@code maxConn}. */
  public int maxConn() {
    return index instanceof IndexSpec.Hnsw hnsw ? hnsw.m() : DEFAULT_M;
  }

  /** HNSW {@code ef_construction}: Lucene's {@code beamWidth}. */
  public int beamWidth() {
    return index instanceof IndexSpec.Hnsw hnsw ? hnsw.efConstruction() : DEFAULT_EF_CONSTRUCTION;
  }

  private static IndexSpec checkIndex(IndexSpec index) {
    if (index.type() == IndexType.NONE) {
      return IndexSpec.none();
    }
    if (index.type() != IndexType.HNSW) {
      throw new IllegalArgumentException(
          "the embedded store offers index none (exact) or hnsw, not " + index.type());
    }
    IndexSpec.Hnsw hnsw = (IndexSpec.Hnsw) index;
    atMost("m", hnsw.m(), MAX_M);
    atMost("ef_construction", hnsw.efConstruction(), MAX_EF_CONSTRUCTION);
    return hnsw;
  }

  private static void atMost(String parameter, int value, int max) {
    if (value > max) {
      throw new IllegalArgumentException(
          "HNSW " + parameter + " must be 1.." + max + " for the embedded store, got " + value);
    }
  }
}
