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
 */
public record Match(String id, double score, String text, Map<String, Object> metadata) {
  public Match {
    metadata = Map.copyOf(metadata);
  }
}
