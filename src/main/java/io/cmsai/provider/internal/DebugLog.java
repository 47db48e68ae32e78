package io.cmsai.provider.internal;

import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.Locale;
import java.util.Set;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Request and response summaries for the {@code debug} setting, on the logger {@value #LOGGER} at
 * INFO. Everything passes through the call's {@link Redactor}; the values of authentication and
 * cookie headers are never logged at all. Request bodies hold prompts (possibly personal data), so
 * they appear only with the second switch {@code debug-bodies}, cut to {@value #MAX_BODY}
 * characters; otherwise only their size. Thread-safe.
 */
final class DebugLog {

  static final String LOGGER = "io.cmsai.provider.debug";
  static final int MAX_BODY = 1000;

  private static final Logger LOG = Logger.getLogger(LOGGER);
  private static final Set<String> SECRET_HEADERS =
      Set.of(
          "authorization",
          "api-key",
          "x-api-key",
          "proxy-authorization",
          "cookie",
          "set-cookie",
          "set-cookie2");

  private final boolean enabled;
  private final boolean bodies;

  /**
   * @param enabled the {@code debug} setting
   * @param bodies the {@code debug-bodies} setting: log request bodies, not only their sizes
   */
  DebugLog(boolean enabled, boolean bodies) {
    this.enabled = enabled;
    this.bodies = bodies;
  }

  boolean enabled() {
    return enabled && LOG.isLoggable(Level.INFO);
  }

  void request(HttpRequest request, String body, int attempt, Redactor redactor) {
    if (!enabled()) {
      return;
    }
    StringBuilder text =
        new StringBuilder("→ ")
            .append(request.method())
            .append(' ')
            .append(request.uri())
            .append(" (attempt ")
            .append(attempt)
            .append(")");
    appendHeaders(text, request.headers());
    if (body != null) {
      text.append("\n  body: ")
          .append(
              bodies
                  ? cut(body)
                  : body.length() + " chars (cms.ai.provider.debug-bodies shows it)");
    }
    LOG.info(redactor.redact(text.toString()));
  }

  void response(
      HttpRequest request, int status, HttpHeaders headers, Duration elapsed, Redactor redactor) {
    if (!enabled()) {
      return;
    }
    StringBuilder text =
        new StringBuilder("← ")
            .append(status)
            .append(" for ")
            .append(request.method())
            .append(' ')
            .append(request.uri())
            .append(" after ")
            .append(elapsed.toMillis())
            .append(" ms");
    appendHeaders(text, headers);
    LOG.info(redactor.redact(text.toString()));
  }

  void outcome(String summary, Redactor redactor) {
    if (enabled()) {
      LOG.info(redactor.redact("= " + summary));
    }
  }

  private static void appendHeaders(StringBuilder text, HttpHeaders headers) {
    headers
        .map()
        .forEach(
            (name, values) -> {
              boolean secret = SECRET_HEADERS.contains(name.toLowerCase(Locale.ROOT));
              text.append("\n  ")
                  .append(name)
                  .append(": ")
                  .append(secret ? Redactor.MASK : String.join(", ", values));
            });
  }

  private static String cut(String body) {
    return body.length() > MAX_BODY
        ? body.substring(0, MAX_BODY) + "… (" + body.length() + " chars)"
        : body;
  }
}
