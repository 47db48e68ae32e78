package io.cmsai.web;

/**
 * A request the module refuses, carrying the {@link ApiError} to answer; resources throw it and the
 * web edge answers the error. It has no stack trace (it is an answer, not a fault) and is never
 * logged above FINE.
 */
public final class ApiException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final transient ApiError error;

  public ApiException(ApiError error) {
    this(error, null);
  }

  /** The error, caused by {@code cause} (kept for debugging, never shown to the client). */
  public ApiException(ApiError error, Throwable cause) {
    super(error.message(), cause, false, false);
    this.error = error;
  }

  /** The error to answer. */
  public ApiError error() {
    return error;
  }
}
