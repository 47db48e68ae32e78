package io.cmsai.vectorstore.embedded.internal;

import io.cmsai.vectorstore.DistanceMetric;
import io.cmsai.vectorstore.Vectors;
import org.apache.lucene.index.VectorSimilarityFunction;

/**
 * How each {@link DistanceMetric} maps to a Lucene similarity, and Lucene's scores back to the
 * port's convention (Lucene 9.12 {@link VectorSimilarityFunction}):
 *
 * <ul>
 *   <li>{@link DistanceMetric#COSINE}: vectors are scaled to unit length and compared with {@code
 *       DOT_PRODUCT} (Lucene's recommended form of cosine; its {@code COSINE} gives NaN for a zero
 *       vector). Lucene's score is {@code (1 + cos) / 2}, so {@code cos = 2s - 1}.
 *   <li>{@link DistanceMetric#L2}: {@code EUCLIDEAN}, score {@code 1 / (1 + d²)}, so {@code d =
 *       sqrt(1/s - 1)} and the port's score is {@code 1 / (1 + d)}.
 *   <li>{@link DistanceMetric#INNER_PRODUCT}: {@code MAXIMUM_INNER_PRODUCT} (no unit length
 *       needed), score {@code 1 / (1 - dot)} for a negative dot product and {@code dot + 1}
 *       otherwise, so {@code dot = 1 - 1/s} below 1 and {@code s - 1} from 1.
 * </ul>
 */
public final class LuceneScores {

  private LuceneScores() {}

  /**
   * The Lucene similarity that ranks like {@code metric} (on {@link #prepare prepared} vectors).
   */
  public static VectorSimilarityFunction similarity(DistanceMetric metric) {
    return switch (metric) {
      case COSINE -> VectorSimilarityFunction.DOT_PRODUCT;
      case L2 -> VectorSimilarityFunction.EUCLIDEAN;
      case INNER_PRODUCT -> VectorSimilarityFunction.MAXIMUM_INNER_PRODUCT;
    };
  }

  /** The vector as stored and queried: unit length for cosine, otherwise unchanged (a copy). */
  public static float[] prepare(DistanceMetric metric, float[] vector) {
    return metric == DistanceMetric.COSINE ? Vectors.normalize(vector) : vector.clone();
  }

  /** Lucene's score of two prepared vectors as the port's score ({@link DistanceMetric}). */
  public static double toScore(DistanceMetric metric, float luceneScore) {
    double s = luceneScore;
    return switch (metric) {
      case COSINE -> Math.max(-1, Math.min(1, 2 * s - 1));
      case L2 -> s <= 0 ? 0 : 1 / (1 + Math.sqrt(Math.max(0, 1 / s - 1)));
      case INNER_PRODUCT -> s < 1 ? 1 - 1 / s : s - 1;
    };
  }
}
