package io.cmsai.provider;

import java.time.Duration;

/**
 * The server or a gateway in front of it is overloaded, loading, or failing (HTTP 408, 500, 502,
 * 503, 504, 529).
 */
public class ServiceUnavailableException extends CapacityException {

  private static final long serialVersionUID = 1L;

  public ServiceUnavailableException(
      String message, int statusCode, String errorType, Duration retryAfter, String droppedReason) {
    super(message, statusCode, errorType, retryAfter, droppedReason);
  }
}
