package io.cmsai.provider;

import java.time.Duration;

/**
 * The connection's circuit breaker is open after repeated connection-level failures: the call was
 * refused without contacting the server. {@link #retryAfter()} is when the breaker lets a trial
 * call through.
 */
public class CircuitOpenException extends ServiceUnavailableException {

  private static final long serialVersionUID = 1L;

  public CircuitOpenException(String message, Duration retryAfter) {
    super(message, 0, "circuit_open", retryAfter, null);
  }
}
