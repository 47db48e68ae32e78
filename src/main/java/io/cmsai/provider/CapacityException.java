package io.cmsai.provider;

import java.time.Duration;
import java.util.Optional;

/**
 * The server or a gateway had no capacity for the request: rate limited ({@link
 * RateLimitedException}) or overloaded/unavailable ({@link ServiceUnavailableException}). Carries
 * the delay the server asked for and llm-d's {@code x-llm-d-request-dropped-reason} ({@code
 * rejected-*} is cheap to retry; {@code evicted*} already spent GPU time).
 */
public abstract class CapacityException extends RetriableAiException {

  private static final long serialVersionUID = 1L;

  private final Duration retryAfter;
  private final String droppedReason;

  protected CapacityException(
      String message, int statusCode, String errorType, Duration retryAfter, String droppedReason) {
    super(message, statusCode, errorType, null);
    this.retryAfter = retryAfter;
    this.droppedReason = droppedReason;
  }

  /** The delay the server asked for ({@code Retry-After}, {@code retry-after-ms}), if any. */
  public Optional<Duration> retryAfter() {
    return Optional.ofNullable(retryAfter);
  }

  /** llm-d's reason for dropping the request, if the gateway gave one. */
  public Optional<String> droppedReason() {
    return Optional.ofNullable(droppedReason);
  }
}
