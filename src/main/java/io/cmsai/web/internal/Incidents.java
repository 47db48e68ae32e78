package io.cmsai.web.internal;

import io.cmsai.web.ApiError;
import io.cmsai.web.ErrorType;
import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Unexpected failures: each gets an incident id, one log line at SEVERE (the exception's class,
 * message and where it was thrown, on one line, at most a few hundred characters) and a generic
 * answer that names only the id. The full stack trace is logged at FINE under the same id, for an
 * operator who turns that level on. Request text in the line is made single-line, so a client
 * cannot forge log lines. Thread-safe.
 */
public final class Incidents {

  private static final Logger LOG = Logger.getLogger(Incidents.class.getName());
  private static final int MAX_DETAIL = 300;

  private Incidents() {}

  /**
   * Logs {@code failure} of {@code request} once and returns the error to answer.
   *
   * @param request method and path, for the log line
   */
  public static ApiError record(String request, Throwable failure) {
    String id = HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextLong()).substring(4);
    LOG.severe(
        () -> "incident " + id + ": " + oneLine(request, 200) + " failed: " + summary(failure));
    LOG.log(Level.FINE, "incident " + id + " in full", failure);
    return ApiError.of(
        ErrorType.SERVER_ERROR,
        "An unexpected error occurred (incident "
            + id
            + "). The server log has the details under that id.");
  }

  /** The exception and its root cause on one line, with the frames where each was thrown. */
  static String summary(Throwable failure) {
    Throwable root = failure;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    String text = describe(failure) + (root == failure ? "" : "; caused by " + describe(root));
    return oneLine(text, MAX_DETAIL * 2);
  }

  private static String describe(Throwable t) {
    StackTraceElement[] frames = t.getStackTrace();
    String where = frames.length == 0 ? "" : " at " + frames[0];
    return t.getClass().getName()
        + ": "
        + oneLine(String.valueOf(t.getMessage()), MAX_DETAIL)
        + where;
  }

  /** {@code text} without control characters, cut to {@code max} characters. */
  static String oneLine(String text, int max) {
    String flat = text.replaceAll("\\p{Cntrl}", " ");
    return flat.length() > max ? flat.substring(0, max) + "…" : flat;
  }
}
