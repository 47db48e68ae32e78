package io.cmsai.provider;

/**
 * No usable connection to the server: refused, reset before a response, unknown host, or a TLS
 * failure (the message says which).
 */
public class ProviderConnectionException extends RetriableAiException {

  private static final long serialVersionUID = 1L;

  public ProviderConnectionException(String message, Throwable cause) {
    super(message, 0, null, cause);
  }
}
