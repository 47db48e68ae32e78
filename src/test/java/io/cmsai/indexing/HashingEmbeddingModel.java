package io.cmsai.indexing;

import io.cmsai.embeddings.Dimension;
import io.cmsai.embeddings.EmbeddingModel;
import io.cmsai.vectorstore.Vectors;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A deterministic stand-in embedding model for unit tests: each word adds 1 to one of 64 dimensions
 * chosen by its hash, then the vector is normalised — texts sharing words are similar. Counts the
 * texts it embeds, and can be told to fail.
 */
final class HashingEmbeddingModel implements EmbeddingModel {

  static final int DIMENSION = 64;

  final AtomicInteger embedded = new AtomicInteger();
  volatile boolean failing;

  @Override
  public String id() {
    return "test-hashing";
  }

  @Override
  public Dimension dimensionStatus() {
    return Dimension.known(DIMENSION, Dimension.Source.REGISTRY);
  }

  @Override
  public List<float[]> embed(List<String> texts) {
    if (failing) {
      throw new IllegalStateException("the embedding server is down (test)");
    }
    List<float[]> vectors = new ArrayList<>();
    for (String text : texts) {
      float[] v = new float[DIMENSION];
      for (String word : text.toLowerCase(Locale.ROOT).split("\\W+")) {
        if (!word.isEmpty()) {
          v[Math.floorMod(word.hashCode(), DIMENSION)] += 1;
        }
      }
      v[0] += 0.01f;
      vectors.add(Vectors.normalize(v));
      embedded.incrementAndGet();
    }
    return vectors;
  }

  @Override
  public boolean normalized() {
    return true;
  }
}
