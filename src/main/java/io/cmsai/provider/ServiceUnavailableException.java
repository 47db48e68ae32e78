package io.cmsai.provider;

import java.time.Duration;

/**
 * The server or a gateway in front of it has no capacity now: overloaded or loading (HTTP 503,
 * Anthropic's 529, any answer llm-d dropped with {@code x-llm-d-request-dropped-reason}), the
 * module's bulkhead is full, or its circuit breaker is open ({@link CircuitOpenException}). Other
 * server errors are {@link UpstreamFailedException}s.
 */
public class ServiceUnavailableException extends CapacityException {

  private static final long serialVersionUID = 1L;

  public ServiceUnavailableException(
      String message, int statusCode, String errorType, Duration retryAfter, String droppedReason) {
    super(message, statusCode, errorType, retryAfter, droppedReason);
  }
}
