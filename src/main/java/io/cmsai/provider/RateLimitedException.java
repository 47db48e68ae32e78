package io.cmsai.provider;

import java.time.Duration;
import java.util.Optional;

/**
 * HTTP 429: the server (or the llm-d flow control) has no capacity for this request now. {@link
 * #retryAfter()} is the server's requested delay; {@link #droppedReason()} is llm-d's {@code
 * x-llm-d-request-dropped-reason} ({@code rejected-*} is cheap to retry, {@code evicted*} already
 * spent GPU time).
 */
public class RateLimitedException extends RetriableAiException {

  private static final long serialVersionUID = 1L;

  private final Duration retryAfter;
  private final String droppedReason;

  public RateLimitedException(
      String message, String errorType, Duration retryAfter, String droppedReason) {
    super(message, 429, errorType, null);
    this.retryAfter = retryAfter;
    this.droppedReason = droppedReason;
  }

  public Optional<Duration> retryAfter() {
    return Optional.ofNullable(retryAfter);
  }

  public Optional<String> droppedReason() {
    return Optional.ofNullable(droppedReason);
  }
}
