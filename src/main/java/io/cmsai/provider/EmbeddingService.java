package io.cmsai.provider;

import java.util.List;
import java.util.concurrent.CompletionStage;

/**
 * Text embeddings for CMS features (semantic search, similarity). Large input lists are split into
 * batches sent concurrently within the configured bounds. Thread-safe.
 */
public interface EmbeddingService {

  /**
   * Embeds the inputs of {@code request}.
   *
   * @throws AiProviderException a typed failure
   */
  EmbeddingResponse embed(EmbeddingRequest request);

  /**
   * Embeds the inputs of {@code request} without blocking the calling thread. The stage completes
   * on a client thread, exceptionally with an {@link AiProviderException}. Cancelling its {@code
   * toCompletableFuture()} closes the upstream connections of the batches still running and stops
   * any retry waiting (for a caller who left).
   *
   * @throws AiProviderException when the call cannot start (e.g. no embedding model configured)
   */
  CompletionStage<EmbeddingResponse> embedAsync(EmbeddingRequest request);

  /** The vector of one text with the default embedding model. */
  default float[] embed(String text) {
    return embed(EmbeddingRequest.of(List.of(text))).vectors().get(0);
  }

  /** The vectors of {@code texts}, in order, with the default embedding model. */
  default List<float[]> embedAll(List<String> texts) {
    return embed(EmbeddingRequest.of(texts)).vectors();
  }

  /** The id of the default embedding model. */
  String model();

  /**
   * The vector length of the default embedding model: learnt by embedding a probe text once per
   * model, then cached.
   *
   * @throws AiProviderException when it is not known yet and the server cannot be reached
   */
  int dimension();
}
