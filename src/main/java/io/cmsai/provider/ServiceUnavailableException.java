package io.cmsai.provider;

import java.time.Duration;
import java.util.Optional;

/**
 * The server or a gateway in front of it is overloaded, loading, or failing (HTTP 500, 502, 503,
 * 504, 529). {@link #droppedReason()} carries llm-d's {@code x-llm-d-request-dropped-reason}.
 */
public class ServiceUnavailableException extends RetriableAiException {

  private static final long serialVersionUID = 1L;

  private final Duration retryAfter;
  private final String droppedReason;

  public ServiceUnavailableException(
      String message, int statusCode, String errorType, Duration retryAfter, String droppedReason) {
    super(message, statusCode, errorType, null);
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
