package io.cmsai.bench.facade;

import java.util.Locale;

/** Progress lines on standard error, prefixed {@code [bench]}; the report goes to stdout. */
final class Log {
  private Log() {}

  static void log(String format, Object... args) {
    System.err.printf(Locale.ROOT, "[bench] " + format + "%n", args);
  }
}
