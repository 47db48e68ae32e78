package io.cmsai.provider;

/**
 * Streamed chat completions: text arrives piece by piece as the model generates it. Same defaults,
 * settings and events as {@link ChatService}; {@link AiCallCompleted} fires when the stream ends,
 * before the listener's terminal call. Thread-safe.
 */
public interface StreamingChatService {

  /**
   * Starts a stream and returns at once.
   *
   * @param listener receives the pieces and exactly one terminal call (see {@link StreamListener})
   * @return a handle to cancel the stream (which closes the upstream connection)
   * @throws CallVetoedException when an observer vetoed the call (nothing is sent, the listener is
   *     not called)
   */
  StreamHandle stream(ChatRequest request, StreamListener listener);
}
