package io.cmsai.vectorstore;

/**
 * What produced the vectors of a table or collection. Recorded when it is created; a store whose
 * fingerprint differs from the embedding model in use is stale and must be re-indexed rather than
 * mixed.
 *
 * @param model the embedding model id ({@code all-minilm-l6-v2}, {@code text-embedding-3-small}...)
 * @param dimension the vectors' length
 * @param metric the metric the store compares them with
 * @param normalized whether the vectors are scaled to unit length before storing
 */
public record EmbeddingFingerprint(
    String model, int dimension, DistanceMetric metric, boolean normalized) {

  public EmbeddingFingerprint {
    if (model == null || model.isBlank()) {
      throw new IllegalArgumentException("the embedding model id is required");
    }
    model = model.strip();
    Vectors.checkDimension(dimension);
    if (metric == null) {
      throw new IllegalArgumentException("the metric is required");
    }
  }

  /**
   * Checks that a store's own settings agree with this fingerprint.
   *
   * @param where what the settings describe, for the message ({@code the index}, {@code the
   *     collection settings})
   * @throws IllegalArgumentException naming both sides when the dimension or metric differ
   */
  public void checkAgrees(int dimension, DistanceMetric metric, String where) {
    if (this.dimension != dimension || this.metric != metric) {
      throw new IllegalArgumentException(
          "the embedding fingerprint ("
              + this.dimension
              + " dimensions, "
              + this.metric.id()
              + ") contradicts "
              + where
              + " ("
              + dimension
              + " dimensions, "
              + metric.id()
              + ")");
    }
  }

  /** How this fingerprint differs from {@code other}, in words, or {@code ""} when they match. */
  public String difference(EmbeddingFingerprint other) {
    StringBuilder out = new StringBuilder();
    if (!model.equals(other.model)) {
      out.append("model ").append(model).append(" vs ").append(other.model);
    }
    if (dimension != other.dimension) {
      out.append(out.isEmpty() ? "" : ", ")
          .append("dimension ")
          .append(dimension)
          .append(" vs ")
          .append(other.dimension);
    }
    if (metric != other.metric) {
      out.append(out.isEmpty() ? "" : ", ")
          .append("metric ")
          .append(metric.id())
          .append(" vs ")
          .append(other.metric.id());
    }
    if (normalized != other.normalized) {
      out.append(out.isEmpty() ? "" : ", ")
          .append(normalized ? "normalised vs not normalised" : "not normalised vs normalised");
    }
    return out.toString();
  }
}
