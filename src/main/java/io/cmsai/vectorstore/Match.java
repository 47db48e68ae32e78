package io.cmsai.vectorstore;

import java.util.Map;

/**
 * A search result.
 *
 * @param id the record's id
 * @param score larger is more similar ({@link DistanceMetric}); for hybrid search, the fused rank
 *     score
 * @param text the record's text
 * @param metadata the record's metadata
 * @param found which ranking found it: {@link Found#VECTOR} for a vector search, {@link Found#TEXT}
 *     for a keyword search, either or {@link Found#BOTH} for a hybrid search
 */
public record Match(
    String id, double score, String text, Map<String, Object> metadata, Found found) {

  /** Which ranking of a search found a match. */
  public enum Found {
    /** The vector (dense) ranking only. */
    VECTOR,
    /** The full-text (keyword) ranking only. */
    TEXT,
    /** Both rankings of a hybrid search. */
    BOTH;

    /** Whether the vector ranking found it. */
    public boolean byVector() {
      return this != TEXT;
    }

    /** Whether the full-text ranking found it. */
    public boolean byText() {
      return this != VECTOR;
    }

    /** The value for a match found by the rankings named. */
    public static Found of(boolean byVector, boolean byText) {
      if (byVector && byText) {
        return BOTH;
      }
      return byText ? TEXT : VECTOR;
    }
  }

  public Match {
    metadata = Map.copyOf(metadata);
    if (found == null) {
      throw new IllegalArgumentException("found is required");
    }
  }

  /** A match of a vector search. */
  public Match(String id, double score, String text, Map<String, Object> metadata) {
    this(id, score, text, metadata, Found.VECTOR);
  }

  /** This match with another score and ranking. */
  public Match with(double newScore, Found how) {
    return new Match(id, newScore, text, metadata, how);
  }
}
