package io.cmsai.provider;

import java.time.Duration;
import java.util.Optional;

/**
 * HTTP 429: the server, or the llm-d flow control, has no capacity for this request now. When the
 * server named no delay, {@link #backoff()} is the module's own estimate once its retries are
 * spent.
 */
public class RateLimitedException extends CapacityException {

  private static final long serialVersionUID = 1L;

  private final Duration backoff;

  public RateLimitedException(
      String message, String errorType, Duration retryAfter, String droppedReason) {
    this(message, errorType, retryAfter, droppedReason, null);
  }

  private RateLimitedException(
      String message,
      String errorType,
      Duration retryAfter,
      String droppedReason,
      Duration backoff) {
    super(message, 429, errorType, retryAfter, droppedReason);
    this.backoff = backoff;
  }

  /**
   * The same failure, carrying the delay the module itself would wait before its next retry (the
   * jittered exponential backoff of its retry policy), for callers to pass on as {@code
   * Retry-After} when the server sent none.
   */
  public RateLimitedException withBackoff(Duration estimate) {
    RateLimitedException copy =
        new RateLimitedException(
            getMessage(),
            errorType().orElse(null),
            retryAfter().orElse(null),
            droppedReason().orElse(null),
            estimate);
    copy.setStackTrace(getStackTrace());
    return copy;
  }

  /**
   * The module's back-off estimate when the server named no delay and the retries were spent; empty
   * when the server named one ({@link #retryAfter()}) or the request was not sent again.
   */
  public Optional<Duration> backoff() {
    return Optional.ofNullable(backoff);
  }
}
