package io.cmsai.search.internal;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.cmsai.embeddings.EmbeddingModel;
import java.time.Duration;

/**
 * A short-lived cache of query embeddings (Caffeine): a visitor paging through results, or many
 * visitors typing the same popular query, embed it once. Keyed by model id and text. Thread-safe.
 */
public final class QueryVectors {

  private record Key(String model, String text) {}

  private final Cache<Key, float[]> cache;

  /**
   * @param size the most queries kept
   * @param ttl how long one is kept after it was embedded
   */
  public QueryVectors(int size, Duration ttl) {
    this.cache = Caffeine.newBuilder().maximumSize(size).expireAfterWrite(ttl).build();
  }

  /** The embedding of {@code text} by {@code model}, from the cache when fresh. */
  public float[] embed(EmbeddingModel model, String text) {
    return cache.get(new Key(model.id(), text), key -> model.embed(key.text())).clone();
  }

  /** Queries cached now (approximate). */
  public long size() {
    return cache.estimatedSize();
  }
}
