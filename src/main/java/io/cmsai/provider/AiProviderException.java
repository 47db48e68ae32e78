package io.cmsai.provider;

import java.util.Optional;

/**
 * Root of every failure of a call to an inference server. Unchecked; split into {@link
 * RetriableAiException} (a later identical request may succeed) and {@link NonRetriableAiException}
 * (it will fail the same way until something changes).
 *
 * <p>Messages are written for an operator, include the server's own message when there is one, and
 * never contain API keys or {@code Authorization} values.
 */
public abstract class AiProviderException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final int statusCode;
  private final String errorType;

  protected AiProviderException(String message, int statusCode, String errorType, Throwable cause) {
    super(message, cause);
    this.statusCode = statusCode;
    this.errorType = errorType;
  }

  /** The HTTP status the server answered, or 0 when no response was received (or after a 200). */
  public int statusCode() {
    return statusCode;
  }

  /** The server's error type (e.g. {@code invalid_request_error}), if it gave one. */
  public Optional<String> errorType() {
    return Optional.ofNullable(errorType);
  }

  /** Whether repeating the identical request later may succeed. */
  public abstract boolean isRetriable();
}
