package io.cmsai.provider;

import java.time.Duration;

/** A configured timeout expired; {@link #phase()} says which one. */
public class ProviderTimeoutException extends RetriableAiException {

  private static final long serialVersionUID = 1L;

  /** Which timeout expired. */
  public enum Phase {
    /** Establishing the TCP/TLS connection. */
    CONNECT,
    /** Waiting for the first byte of the response after sending the request. */
    FIRST_BYTE,
    /** Waiting for the next chunk of a streamed response. */
    IDLE,
    /** The whole call. */
    TOTAL
  }

  private final Phase phase;
  private final Duration limit;

  public ProviderTimeoutException(String message, Phase phase, Duration limit, Throwable cause) {
    super(message, 0, null, cause);
    this.phase = phase;
    this.limit = limit;
  }

  public Phase phase() {
    return phase;
  }

  /** The configured limit that expired. */
  public Duration limit() {
    return limit;
  }
}
