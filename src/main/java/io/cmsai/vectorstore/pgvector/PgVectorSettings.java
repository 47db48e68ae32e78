package io.cmsai.vectorstore.pgvector;

import io.cmsai.vectorstore.DistanceMetric;
import io.cmsai.vectorstore.EmbeddingFingerprint;
import io.cmsai.vectorstore.IndexSpec;
import io.cmsai.vectorstore.IndexType;
import io.cmsai.vectorstore.Names;
import io.cmsai.vectorstore.Vectors;
import java.util.Optional;

/**
 * One pgvector table.
 *
 * @param schema the PostgreSQL schema ({@code public} by default)
 * @param table the table name: lower-case letters, digits and {@code _}, starting with a letter or
 *     {@code _}, up to 63 characters (checked here, so no name can carry SQL)
 * @param dimension the vectors' length; above 2000 they are stored as {@code halfvec} (pgvector
 *     indexes {@code vector} up to 2000 and {@code halfvec} up to 4000 dimensions)
 * @param metric how vectors are compared
 * @param index none, HNSW ({@code m}, {@code ef_construction}) or IVFFlat ({@code lists}; created
 *     only once the table holds {@link #ivfFlatMinRows()} rows, for good recall)
 * @param fingerprint the embedding model, recorded when the table is created
 * @param textSearchConfig the PostgreSQL text search configuration of hybrid search ({@code
 *     simple}, {@code english}, {@code german}...)
 */
public record PgVectorSettings(
    String schema,
    String table,
    int dimension,
    DistanceMetric metric,
    IndexSpec index,
    Optional<EmbeddingFingerprint> fingerprint,
    String textSearchConfig) {

  /** The most dimensions stored as {@code vector}; above, {@code halfvec}. */
  public static final int MAX_VECTOR_INDEX_DIMENSION = 2000;

  /** The most dimensions pgvector can index at all ({@code halfvec}). */
  public static final int MAX_HALFVEC_INDEX_DIMENSION = 4000;

  public PgVectorSettings {
    schema =
        Names.lowerIdentifier("schema", schema == null || schema.isBlank() ? "public" : schema);
    table = Names.lowerIdentifier("table", table);
    Vectors.checkDimension(dimension);
    if (dimension > 16_000) {
      throw new IllegalArgumentException(
          "pgvector stores at most 16000 dimensions, got " + dimension);
    }
    if (metric == null || index == null) {
      throw new IllegalArgumentException("metric and index are required");
    }
    if (index.type() == IndexType.AUTOINDEX) {
      throw new IllegalArgumentException(
          "AUTOINDEX is a Milvus index type; pgvector offers none, hnsw and ivfflat");
    }
    if (index.type() != IndexType.NONE && dimension > MAX_HALFVEC_INDEX_DIMENSION) {
      throw new IllegalArgumentException(
          "pgvector cannot index more than "
              + MAX_HALFVEC_INDEX_DIMENSION
              + " dimensions ("
              + dimension
              + " given): use index none (exact search) or a model with fewer dimensions");
    }
    fingerprint.ifPresent(
        f -> {
          if (f.dimension() != dimension || f.metric() != metric) {
            throw new IllegalArgumentException(
                "the embedding fingerprint ("
                    + f.dimension()
                    + " dimensions, "
                    + f.metric().id()
                    + ") does not match the table ("
                    + dimension
                    + ", "
                    + metric.id()
                    + ")");
          }
        });
    textSearchConfig =
        Names.lowerIdentifier(
            "text search configuration",
            textSearchConfig == null || textSearchConfig.isBlank() ? "simple" : textSearchConfig);
  }

  /** Settings for {@code table} in {@code public}, cosine, HNSW with default parameters. */
  public static PgVectorSettings of(String table, int dimension) {
    return new PgVectorSettings(
        "public",
        table,
        dimension,
        DistanceMetric.COSINE,
        IndexSpec.hnsw(),
        Optional.empty(),
        "simple");
  }

  /** Whether vectors are stored as {@code halfvec}. */
  public boolean halfPrecision() {
    return dimension > MAX_VECTOR_INDEX_DIMENSION;
  }

  /**
   * Rows needed before the IVFFlat index is built: 39 per list (k-means' rule of thumb), ≥ 1000.
   */
  public long ivfFlatMinRows() {
    int lists = index instanceof IndexSpec.IvfFlat ivf ? ivf.lists() : IndexSpec.DEFAULT_LISTS;
    return Math.max(1000L, 39L * lists);
  }

  /** The schema-qualified name, for messages and the registry. */
  public String qualifiedName() {
    return schema + "." + table;
  }
}
