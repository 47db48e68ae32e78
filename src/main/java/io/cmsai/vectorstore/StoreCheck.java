package io.cmsai.vectorstore;

import java.util.Optional;

/**
 * The outcome of a vector store connection test.
 *
 * @param ok whether the store can be used with the current embedding model
 * @param latencyMillis how long the test took
 * @param server what answered ("PostgreSQL 15.20, pgvector 0.8.0", "Milvus v2.5.4"...), or {@code
 *     ""} when nothing did
 * @param description the table or collection, when it exists
 * @param count its records
 * @param fit how the store fits the embedding model in use
 * @param dimensionCheck the comparison with the embedding model in words: "matches", "will be
 *     created with 384 dimensions", "holds 1536-dimension vectors of text-embedding-3-small; the
 *     model in use is all-minilm-l6-v2 (384): re-index"...
 * @param problem why the test failed, in plain language, or {@code ""}
 */
public record StoreCheck(
    boolean ok,
    long latencyMillis,
    String server,
    Optional<StoreDescription> description,
    long count,
    Fit fit,
    String dimensionCheck,
    String problem) {

  /** How a store fits the embedding model in use. */
  public enum Fit {
    /** It holds vectors of this model (or of the same dimension and metric, unrecorded). */
    MATCHES("matches"),
    /** It does not exist yet and will be created for this model. */
    WILL_BE_CREATED("will be created"),
    /** The model's dimension is not known yet. */
    PENDING("pending"),
    /** It holds vectors of another dimension. */
    OTHER_DIMENSION("other dimension"),
    /** It compares vectors by another metric. */
    OTHER_METRIC("other metric"),
    /** It was built with another model or normalisation of the same dimension. */
    STALE("stale"),
    /** The store could not be reached. */
    NOT_CHECKED("not checked");

    private final String label;

    Fit(String label) {
      this.label = label;
    }

    /** A short label for display, e.g. {@code matches}. */
    public String label() {
      return label;
    }
  }
}
