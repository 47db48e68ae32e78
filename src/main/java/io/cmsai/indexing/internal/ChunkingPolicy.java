package io.cmsai.indexing.internal;

/**
 * How {@link Chunker} cuts an item's text.
 *
 * @param maxTokens the most tokens of one chunk's text, prefix included (at least 16); keep it at
 *     or below the embedding model's {@link io.cmsai.embeddings.EmbeddingModel#maxInputTokens()}
 * @param overlapTokens the most tokens a chunk repeats from the end of the previous one (0 for
 *     none; less than half of {@code maxTokens})
 * @param contextShare the share of {@code maxTokens} the prefix (title and context lines) may take,
 *     0 to 0.5 (0: no prefix)
 */
public record ChunkingPolicy(int maxTokens, int overlapTokens, double contextShare) {

  /** The smallest {@code maxTokens}: room for a prefix and some text in every chunk. */
  public static final int MIN_MAX_TOKENS = 16;

  /**
   * @throws IllegalArgumentException when a value is out of its range (the message names it)
   */
  public ChunkingPolicy {
    if (maxTokens < MIN_MAX_TOKENS) {
      throw new IllegalArgumentException(
          "maxTokens must be at least " + MIN_MAX_TOKENS + ", got " + maxTokens);
    }
    if (overlapTokens < 0 || overlapTokens * 2 >= maxTokens) {
      throw new IllegalArgumentException(
          "overlapTokens must be at least 0 and less than half of maxTokens ("
              + maxTokens
              + "), got "
              + overlapTokens);
    }
    if (!(contextShare >= 0 && contextShare <= 0.5)) {
      throw new IllegalArgumentException(
          "contextShare must be between 0 and 0.5, got " + contextShare);
    }
  }

  /** The most tokens of a chunk's prefix: {@code contextShare × maxTokens}, rounded down. */
  public int maxPrefixTokens() {
    return (int) Math.floor(contextShare * maxTokens);
  }
}
