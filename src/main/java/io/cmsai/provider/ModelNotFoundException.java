package io.cmsai.provider;

/** The server does not serve the requested model (HTTP 404 naming a model). */
public class ModelNotFoundException extends NonRetriableAiException {

  private static final long serialVersionUID = 1L;

  public ModelNotFoundException(String message, int statusCode, String errorType) {
    super(message, statusCode, errorType, null);
  }
}
