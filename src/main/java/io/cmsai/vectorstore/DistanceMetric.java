package io.cmsai.vectorstore;

import java.util.Locale;

/**
 * How vectors are compared. Every store reports a <em>score</em> where larger means more similar:
 *
 * <ul>
 *   <li>{@link #COSINE}: the cosine similarity, -1 to 1;
 *   <li>{@link #INNER_PRODUCT}: the dot product (for unit vectors, the cosine similarity);
 *   <li>{@link #L2}: {@code 1 / (1 + d)} with {@code d} the Euclidean distance, 0 to 1.
 * </ul>
 */
public enum DistanceMetric {
  COSINE,
  L2,
  INNER_PRODUCT;

  /**
   * Reads {@code cosine}, {@code l2} / {@code euclidean}, {@code ip} / {@code inner-product} /
   * {@code dot}, in any case.
   *
   * @throws IllegalArgumentException naming the accepted values
   */
  public static DistanceMetric parse(String text) {
    String value = text == null ? "" : text.strip().toLowerCase(Locale.ROOT).replace('_', '-');
    return switch (value) {
      case "cosine" -> COSINE;
      case "l2", "euclidean" -> L2;
      case "ip", "inner-product", "dot", "dot-product" -> INNER_PRODUCT;
      default ->
          throw new IllegalArgumentException(
              "unknown metric '" + text + "': use cosine, l2 or inner-product");
    };
  }

  /**
   * The score of two vectors under this metric, computed exactly (a reference for tests, exact
   * search).
   */
  public double score(float[] a, float[] b) {
    double dot = 0;
    double normA = 0;
    double normB = 0;
    double squared = 0;
    for (int i = 0; i < a.length; i++) {
      dot += (double) a[i] * b[i];
      normA += (double) a[i] * a[i];
      normB += (double) b[i] * b[i];
      double diff = (double) a[i] - b[i];
      squared += diff * diff;
    }
    return switch (this) {
      case COSINE -> normA == 0 || normB == 0 ? 0 : dot / (Math.sqrt(normA) * Math.sqrt(normB));
      case INNER_PRODUCT -> dot;
      case L2 -> 1 / (1 + Math.sqrt(squared));
    };
  }

  /** The name used in settings and messages ({@code cosine}, {@code l2}, {@code inner-product}). */
  public String id() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }
}
