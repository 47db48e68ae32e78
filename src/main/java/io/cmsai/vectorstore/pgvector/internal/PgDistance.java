package io.cmsai.vectorstore.pgvector.internal;

import io.cmsai.vectorstore.DistanceMetric;

/**
 * What a {@link DistanceMetric} is in pgvector: its distance operator, the operator class of its
 * indexes and the conversion of a distance into the module's score (larger is more similar, as
 * {@link DistanceMetric} defines it). The one place a metric is spelled in SQL. Immutable.
 */
public enum PgDistance {
  COSINE("<=>", "cosine_ops") {
    @Override
    public double score(double distance) {
      return 1 - distance;
    }
  },
  L2("<->", "l2_ops") {
    @Override
    public double score(double distance) {
      return 1 / (1 + distance);
    }
  },
  /** pgvector's {@code <#>} is the negative inner product. */
  INNER_PRODUCT("<#>", "ip_ops") {
    @Override
    public double score(double distance) {
      return -distance;
    }
  };

  private final String operator;
  private final String opclassSuffix;

  PgDistance(String operator, String opclassSuffix) {
    this.operator = operator;
    this.opclassSuffix = opclassSuffix;
  }

  /** The pgvector distance of {@code metric}. */
  public static PgDistance of(DistanceMetric metric) {
    return switch (metric) {
      case COSINE -> COSINE;
      case L2 -> L2;
      case INNER_PRODUCT -> INNER_PRODUCT;
    };
  }

  /** The distance operator, e.g. {@code <=>}. */
  public String operator() {
    return operator;
  }

  /** The index operator class, e.g. {@code vector_cosine_ops} or {@code halfvec_cosine_ops}. */
  public String opclass(boolean halfPrecision) {
    return (halfPrecision ? "halfvec_" : "vector_") + opclassSuffix;
  }

  /** The score of a distance this operator returned. */
  public abstract double score(double distance);
}
