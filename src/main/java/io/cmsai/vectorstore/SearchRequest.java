package io.cmsai.vectorstore;

import io.cmsai.vectorstore.filter.Filter;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;

/**
 * A nearest-neighbour query.
 *
 * @param vector the query vector (the store's dimension, finite values)
 * @param topK how many matches at most, 1 to 1000
 * @param filter which records may match ({@link Filter#all()} for all)
 * @param minScore drop matches scoring below this ({@link DistanceMetric} scores)
 * @param accuracy the per-query accuracy knob of the index: HNSW {@code ef_search}, IVFFlat {@code
 *     probes} (pgvector) / {@code nprobe} (Milvus); empty for the store's default
 * @param hybridText when present, rank by reciprocal rank fusion of vector similarity and full-text
 *     relevance of this text (stores with {@link VectorStore#supportsHybridSearch()})
 */
public record SearchRequest(
    float[] vector,
    int topK,
    Filter filter,
    OptionalDouble minScore,
    OptionalInt accuracy,
    Optional<String> hybridText) {

  /** The largest {@code topK}. */
  public static final int MAX_TOP_K = 1000;

  public SearchRequest {
    if (vector == null) {
      throw new IllegalArgumentException("a search needs a query vector");
    }
    vector = vector.clone();
    checkTopK(topK);
    filter = filter == null ? Filter.all() : filter;
    if (minScore.isPresent() && !Double.isFinite(minScore.getAsDouble())) {
      throw new IllegalArgumentException("minScore must be a finite number");
    }
    if (accuracy.isPresent() && (accuracy.getAsInt() < 1 || accuracy.getAsInt() > 10_000)) {
      throw new IllegalArgumentException(
          "accuracy (ef_search / probes) must be 1..10000, got " + accuracy.getAsInt());
    }
    hybridText = hybridText.map(String::strip).filter(t -> !t.isEmpty());
  }

  /**
   * {@code topK}, checked.
   *
   * @throws IllegalArgumentException when it is not 1..{@value #MAX_TOP_K}
   */
  public static int checkTopK(int topK) {
    if (topK < 1 || topK > MAX_TOP_K) {
      throw new IllegalArgumentException("topK must be 1.." + MAX_TOP_K + ", got " + topK);
    }
    return topK;
  }

  @Override
  public float[] vector() {
    return vector.clone();
  }

  /** A builder for a query with {@code vector}: top 10, no filter, no minimum. */
  public static Builder of(float[] vector) {
    return new Builder(vector);
  }

  /** Builds a {@link SearchRequest}; not thread-safe. */
  public static final class Builder {
    private final float[] vector;
    private int topK = 10;
    private Filter filter = Filter.all();
    private OptionalDouble minScore = OptionalDouble.empty();
    private OptionalInt accuracy = OptionalInt.empty();
    private Optional<String> hybridText = Optional.empty();

    private Builder(float[] vector) {
      this.vector = vector;
    }

    public Builder topK(int topK) {
      this.topK = topK;
      return this;
    }

    public Builder filter(Filter filter) {
      this.filter = filter;
      return this;
    }

    public Builder minScore(double minScore) {
      this.minScore = OptionalDouble.of(minScore);
      return this;
    }

    public Builder accuracy(int efSearchOrProbes) {
      this.accuracy = OptionalInt.of(efSearchOrProbes);
      return this;
    }

    public Builder hybrid(String text) {
      this.hybridText = Optional.ofNullable(text);
      return this;
    }

    public SearchRequest build() {
      return new SearchRequest(vector, topK, filter, minScore, accuracy, hybridText);
    }
  }
}
