package io.cmsai.provider;

import java.time.Duration;

/** HTTP 429: the server, or the llm-d flow control, has no capacity for this request now. */
public class RateLimitedException extends CapacityException {

  private static final long serialVersionUID = 1L;

  public RateLimitedException(
      String message, String errorType, Duration retryAfter, String droppedReason) {
    super(message, 429, errorType, retryAfter, droppedReason);
  }
}
