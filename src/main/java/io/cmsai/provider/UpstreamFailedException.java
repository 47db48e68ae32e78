package io.cmsai.provider;

/**
 * The server (or a gateway in front of it) failed on this request, without saying it is overloaded:
 * HTTP 500, 502, 504, 408 and other 5xx except 503 and 529 (and except answers llm-d dropped, which
 * are {@link ServiceUnavailableException}s), or an unusable answer ({@link BadResponseException}).
 * Retried like other transient server errors; the facade answers 502 (504 for an upstream 504).
 */
public class UpstreamFailedException extends RetriableAiException {

  private static final long serialVersionUID = 1L;

  public UpstreamFailedException(String message, int statusCode, String errorType) {
    super(message, statusCode, errorType, null);
  }
}
