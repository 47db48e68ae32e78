package io.cmsai.streaming;

/** The byte stream cannot be parsed as server-sent events within the parser's limits. */
public class SseProtocolException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  public SseProtocolException(String message) {
    super(message);
  }
}
