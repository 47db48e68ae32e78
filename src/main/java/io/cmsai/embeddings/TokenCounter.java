package io.cmsai.embeddings;

/**
 * Counts the tokens a model reads in a text (without the special tokens it adds). Thread-safe.
 *
 * <p>Counts of parts need not add up to the count of the whole: a tokenizer may merge or split
 * differently across a join (BPE merges a space into the next word; WordPiece does not count
 * spaces). Callers that must stay within a limit count the final text.
 */
@FunctionalInterface
public interface TokenCounter {

  /**
   * The number of tokens in {@code text}; 0 for the empty string.
   *
   * @throws NullPointerException when {@code text} is {@code null}
   */
  int count(String text);
}
