package io.cmsai.provider;

/**
 * The server answered with a success status but not with a usable answer: the body is empty, cut
 * short, not the expected JSON, larger than the module accepts, or inconsistent (embedding vectors
 * of different lengths, or of another length than requested or known for the model). {@link
 * #statusCode()} is the status the server sent (200). Such a fault usually repeats, so the request
 * is re-sent at most once.
 */
public class BadResponseException extends UpstreamFailedException {

  private static final long serialVersionUID = 1L;

  public BadResponseException(String message, int statusCode, String errorType) {
    super(message, statusCode, errorType);
  }

  /**
   * Embedding vectors whose length is not the one expected.
   *
   * @param expected the requested {@code dimensions} or the model's known length
   * @param actual the length the server returned
   * @param source what {@code expected} is, e.g. {@code "the requested dimensions"}
   */
  public static BadResponseException dimensionMismatch(int expected, int actual, String source) {
    return new BadResponseException(
        "the server returned vectors of "
            + actual
            + " dimensions, but "
            + source
            + " is "
            + expected,
        200,
        "dimension_mismatch");
  }
}
