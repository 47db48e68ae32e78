package io.cmsai.api.internal;

/** A client request the facade refuses, with the error to answer. */
public final class RequestError extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final transient OpenAiError error;

  public RequestError(OpenAiError error) {
    super(error.message());
    this.error = error;
  }

  public OpenAiError error() {
    return error;
  }
}
