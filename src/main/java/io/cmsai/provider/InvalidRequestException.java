package io.cmsai.provider;

import java.util.Optional;

/**
 * The server rejected the request as malformed or unsupported (HTTP 400, 404 on the path, 405, 413,
 * 422, 501). {@link #param()} names the offending field when the server says.
 */
public class InvalidRequestException extends NonRetriableAiException {

  private static final long serialVersionUID = 1L;

  private final String param;

  public InvalidRequestException(String message, int statusCode, String errorType, String param) {
    super(message, statusCode, errorType, null);
    this.param = param;
  }

  /** The request field the server blamed, if any. */
  public Optional<String> param() {
    return Optional.ofNullable(param);
  }
}
