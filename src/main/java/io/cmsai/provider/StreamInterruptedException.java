package io.cmsai.provider;

/**
 * A streamed response ended abnormally after it started: the connection was cut, the stream ended
 * without its terminator ({@code [DONE]}), or the server sent an error event after the HTTP 200.
 * The text received so far is kept in {@link #partialText()}. Never retried automatically, since
 * the caller has already seen part of the answer.
 */
public class StreamInterruptedException extends RetriableAiException {

  private static final long serialVersionUID = 1L;

  private final String partialText;

  public StreamInterruptedException(
      String message, String errorType, String partialText, Throwable cause) {
    super(message, 0, errorType, cause);
    this.partialText = partialText;
  }

  /** Content received before the interruption (possibly empty). */
  public String partialText() {
    return partialText;
  }
}
