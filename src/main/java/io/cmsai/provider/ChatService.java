package io.cmsai.provider;

import java.util.concurrent.CompletionStage;

/**
 * Chat completions for CMS features. Inject it; every call reads the current provider settings, so
 * changed settings apply to the next call. A request without a model uses the configured default
 * chat model (or, when none is configured, the first model the server lists).
 *
 * <p>Fires {@link AiCallStarting} (which may veto) and {@link AiCallCompleted}. Thread-safe.
 */
public interface ChatService {

  /**
   * Sends the request and waits for the answer (bounded by the configured timeouts).
   *
   * @throws AiProviderException a typed failure; {@link RetriableAiException} when a later try may
   *     succeed
   */
  ChatResponse chat(ChatRequest request);

  /**
   * Sends the request; the stage completes on an HTTP client thread. Never blocks. Cancelling
   * {@code toCompletableFuture()} closes the upstream connection.
   */
  CompletionStage<ChatResponse> chatAsync(ChatRequest request);
}
