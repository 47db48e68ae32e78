package io.cmsai.provider;

/** The server refused the credentials (HTTP 401) or their permissions (HTTP 403). */
public class AuthenticationException extends NonRetriableAiException {

  private static final long serialVersionUID = 1L;

  public AuthenticationException(String message, int statusCode, String errorType) {
    super(message, statusCode, errorType, null);
  }
}
