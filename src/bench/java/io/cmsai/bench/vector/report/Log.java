package io.cmsai.bench.vector.report;

import java.util.Locale;
import java.util.logging.Level;
import java.util.logging.Logger;

/** Progress lines on standard error, prefixed {@code [bench]}; the report goes to stdout. */
public final class Log {
  private Log() {}

  /** HikariCP, Flyway and Hibernate log through java.util.logging: warnings only. */
  public static void quietLogging() {
    Logger root = Logger.getLogger("");
    root.setLevel(Level.WARNING);
    for (var handler : root.getHandlers()) {
      handler.setLevel(Level.WARNING);
    }
  }

  public static void log(String format, Object... args) {
    System.err.printf(Locale.ROOT, "[bench] " + format + "%n", args);
  }
}
