package io.cmsai.provider;

import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

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

  /**
   * The provider failure behind {@code error}, past {@link CompletionException} and {@link
   * ExecutionException} wrappers: the failure itself, a {@link CallCancelledException} for a
   * cancelled future, or a {@link ProviderConnectionException} wrapping anything else.
   */
  public static AiProviderException of(Throwable error) {
    Throwable e = error;
    while ((e instanceof CompletionException || e instanceof ExecutionException)
        && e.getCause() != null) {
      e = e.getCause();
    }
    if (e instanceof AiProviderException provider) {
      return provider;
    }
    if (e instanceof CancellationException) {
      return new CallCancelledException("the call was cancelled", "");
    }
    return new ProviderConnectionException("the call failed: " + e, e);
  }

  /** Whether repeating the identical request later may succeed. */
  public abstract boolean isRetriable();
}
