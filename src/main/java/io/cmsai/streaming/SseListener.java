package io.cmsai.streaming;

/**
 * Receives what an {@link SseParser} finds, on the thread that feeds the parser, in stream order.
 * Only {@link #onEvent} is required; the other callbacks default to doing nothing.
 */
public interface SseListener {

  /** A complete event (terminated by a blank line) with a non-empty data buffer. */
  void onEvent(SseEvent event);

  /** A comment line ({@code : ping}); servers send these as keep-alives. */
  default void onComment(String comment) {}

  /** A valid {@code retry:} field (all ASCII digits), in milliseconds. */
  default void onRetry(long millis) {}

  /**
   * A field the specification ignores, e.g. llama.cpp's legacy {@code error: {...}} line. Reported
   * so that protocol layers can recognise vendor quirks; the parser itself ignores it.
   */
  default void onUnknownField(String name, String value) {}
}
