package io.cmsai.provider;

/** A failure that repeats until the request, the configuration or the server changes. */
public class NonRetriableAiException extends AiProviderException {

  private static final long serialVersionUID = 1L;

  public NonRetriableAiException(
      String message, int statusCode, String errorType, Throwable cause) {
    super(message, statusCode, errorType, cause);
  }

  @Override
  public final boolean isRetriable() {
    return false;
  }
}
