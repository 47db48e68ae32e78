package io.cmsai.provider;

/**
 * Receives a streamed chat completion.
 *
 * <p>Contract: callbacks are made one at a time, in stream order, on HTTP client threads (never on
 * the thread that started the stream, and never concurrently). After any number of {@link #onDelta}
 * and {@link #onRawChunk} calls, exactly one of {@link #onComplete} or {@link #onError} is called,
 * and then nothing more. A cancelled stream ends with {@link #onError} and a {@link
 * CallCancelledException}. Callbacks must not block for long: they delay the stream.
 *
 * <p>An exception thrown by a callback cancels the stream and is reported to {@link #onError}
 * (wrapped), unless it was thrown by {@code onComplete} or {@code onError} itself, in which case it
 * is logged.
 */
public interface StreamListener {

  /** New answer or reasoning text. */
  default void onDelta(StreamDelta delta) {}

  /**
   * The JSON of each stream chunk exactly as the server sent it (before {@link #onDelta}). For
   * relays that pass the stream on; most callers ignore it.
   */
  default void onRawChunk(String json) {}

  /**
   * The chunks of one read from the server were all passed on: a relay writes out what it holds
   * now, so that everything that arrived together leaves in one write. Called after each read that
   * produced {@link #onDelta} or {@link #onRawChunk} calls, before the next read's; the terminal
   * call may follow without it.
   */
  default void onReadEnd() {}

  /**
   * Whether {@link #onDelta}, {@link #onRawChunk} and {@link #onReadEnd} always return at once
   * without blocking (no waiting for I/O, locks held only briefly). Then they run on the HTTP
   * client's I/O thread, which saves a thread hand-off per read; a callback that blocks there
   * delays every such stream of the connection. The terminal calls run on another thread either
   * way. Default: {@code false}.
   */
  default boolean nonBlocking() {
    return false;
  }

  /** The stream finished; the response holds the whole text, usage and timings. */
  void onComplete(ChatResponse response);

  /** The stream failed or was cancelled; {@link StreamInterruptedException} has partial text. */
  void onError(AiProviderException error);
}
