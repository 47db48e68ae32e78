package io.cmsai.provider;

/** A failure that a later identical request may not meet (overload, timeouts, lost connections). */
public class RetriableAiException extends AiProviderException {

  private static final long serialVersionUID = 1L;

  public RetriableAiException(String message, int statusCode, String errorType, Throwable cause) {
    super(message, statusCode, errorType, cause);
  }

  @Override
  public final boolean isRetriable() {
    return true;
  }
}
