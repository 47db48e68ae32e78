package io.cmsai.bench.facade.report;

import java.util.Locale;

/** Number formats of the report (always {@link Locale#ROOT}). */
public final class Formats {
  private Formats() {}

  /** One decimal, or "-" for NaN and infinity. */
  public static String fmt1(double v) {
    return Double.isNaN(v) || Double.isInfinite(v) ? "-" : String.format(Locale.ROOT, "%.1f", v);
  }

  /** A whole number without decimals, else one decimal. */
  public static String fmt(double v) {
    return v == Math.rint(v) ? Long.toString((long) v) : String.format(Locale.ROOT, "%.1f", v);
  }
}
