package io.cmsai.web;

/**
 * The kinds of error the module's APIs answer, each with its HTTP status, its name in the module's
 * error JSON ({@code error.type}) and the {@code type} the OpenAI-compatible facade uses for it.
 */
public enum ErrorType {
  /** The request is malformed, or a parameter or field is invalid. */
  INVALID_REQUEST(400, "invalid_request", "invalid_request_error"),
  /** Settings were refused; the error names each field with its problem. */
  INVALID_SETTINGS(400, "invalid_settings", "invalid_request_error"),
  /** No (valid) credentials. */
  UNAUTHENTICATED(401, "authentication_error", "authentication_error"),
  /** The caller lacks the role. */
  FORBIDDEN(403, "forbidden", "permission_error"),
  /** No such resource. */
  NOT_FOUND(404, "not_found", "invalid_request_error"),
  /** The resource does not answer this method. */
  METHOD_NOT_ALLOWED(405, "method_not_allowed", "invalid_request_error"),
  /** The resource cannot answer in a type the caller accepts. */
  NOT_ACCEPTABLE(406, "not_acceptable", "invalid_request_error"),
  /** The request conflicts with the current state (e.g. nothing to cancel). */
  CONFLICT(409, "conflict", "invalid_request_error"),
  /** The work asked for is already running. */
  BUSY(409, "busy", "invalid_request_error"),
  /** The request body is larger than the endpoint accepts. */
  TOO_LARGE(413, "too_large", "invalid_request_error"),
  /** The request body is not JSON ({@code Content-Type} must be {@code application/json}). */
  UNSUPPORTED_MEDIA_TYPE(415, "unsupported_media_type", "invalid_request_error"),
  /** Too many attempts; the answer carries {@code Retry-After}. */
  RATE_LIMITED(429, "rate_limited", "rate_limit_error"),
  /** An unexpected failure inside the module; the server log has the details. */
  SERVER_ERROR(500, "server_error", "server_error"),
  /** The inference server answered with an error. */
  PROVIDER_ERROR(502, "provider_error", "upstream_error"),
  /** A service the request needs (vector store, model, inference server) is unavailable. */
  UNAVAILABLE(503, "unavailable", "service_unavailable");

  private final int status;
  private final String wireName;
  private final String openAiType;

  ErrorType(int status, String wireName, String openAiType) {
    this.status = status;
    this.wireName = wireName;
    this.openAiType = openAiType;
  }

  /** The HTTP status. */
  public int status() {
    return status;
  }

  /** The name in the module's error JSON. */
  public String wireName() {
    return wireName;
  }

  /** The {@code type} in OpenAI's error JSON. */
  public String openAiType() {
    return openAiType;
  }

  /**
   * The type of a status the container or the JAX-RS runtime answered: the one with that status, or
   * {@link #INVALID_REQUEST} for another 4xx and {@link #SERVER_ERROR} for another 5xx.
   */
  public static ErrorType forStatus(int status) {
    for (ErrorType type : values()) {
      if (type.status == status && type != INVALID_SETTINGS && type != BUSY) {
        return type;
      }
    }
    return status >= 400 && status < 500 ? INVALID_REQUEST : SERVER_ERROR;
  }
}
