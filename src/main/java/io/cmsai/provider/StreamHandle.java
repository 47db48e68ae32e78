package io.cmsai.provider;

import java.util.concurrent.CompletionStage;

/** Controls a running stream. Thread-safe. */
public interface StreamHandle {

  /**
   * Stops the stream and closes the upstream connection, so the server stops generating. The
   * listener receives {@link CallCancelledException} unless the stream already ended. Idempotent.
   */
  void cancel();

  /** Whether the listener has received its terminal call. */
  boolean isDone();

  /** Completes with the response, or exceptionally with the {@link AiProviderException}. */
  CompletionStage<ChatResponse> result();
}
