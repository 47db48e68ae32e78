package io.cmsai.embeddings;

import java.util.Collections;
import java.util.List;

/**
 * Turns texts into vectors: the port the indexer and semantic search embed through. Obtain the one
 * in use from {@link EmbeddingModelSelector#current()}. Implementations are thread-safe.
 */
public interface EmbeddingModel {

  /** The model id, as recorded in an {@link io.cmsai.vectorstore.EmbeddingFingerprint}. */
  String id();

  /**
   * The vector length, or why it is not known yet. May embed a probe text (once, then cached);
   * never fails because the model server is unreachable.
   */
  Dimension dimensionStatus();

  /**
   * The vector length. May embed a probe text (once, then cached).
   *
   * @throws DimensionPendingException when it is not known and the model server cannot be asked
   */
  default int dimension() {
    return dimensionStatus().value();
  }

  /**
   * The vectors of {@code texts}, in order; an empty list for no texts. Large lists are split into
   * batches.
   *
   * @throws IllegalArgumentException when a text is {@code null} or blank (naming its index)
   * @throws io.cmsai.provider.AiProviderException when a remote model's server call fails
   * @throws IllegalStateException when the local model cannot be loaded
   */
  List<float[]> embed(List<String> texts);

  /** The vector of one text; see {@link #embed(List)}. */
  default float[] embed(String text) {
    return embed(Collections.singletonList(text)).get(0);
  }

  /**
   * Whether every vector is guaranteed to have unit length (so inner product equals cosine
   * similarity). {@code false} means the model may or may not normalise: compare with cosine.
   */
  boolean normalized();

  /**
   * Tokens of one input text the model reads (special tokens excluded); longer texts are truncated
   * or windowed by the model. Size chunks with {@link #tokenCounter()} to stay within it.
   */
  default int maxInputTokens() {
    return 512;
  }

  /**
   * A counter for this model's tokens: exact when the tokenizer is known, otherwise a conservative
   * (over-)estimate ({@link TokenCounters#estimate()}).
   */
  default TokenCounter tokenCounter() {
    return TokenCounters.estimate();
  }
}
