package io.cmsai.config;

import java.net.URI;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How a setting's text becomes a value and back. {@code parse} receives stripped, non-empty text
 * and throws {@link IllegalArgumentException} saying why it is refused (the reason is shown under
 * the form field, after "invalid value for KEY: " in logs); {@code format} writes a value so that
 * {@code parse} reads it back. Immutable and thread-safe.
 *
 * @param name what the configuration reference calls the type ({@code duration}, {@code integer
 *     0..10}...)
 * @param parse reads a value, validating it
 * @param format writes a value
 * @param <T> the value
 */
public record SettingType<T>(String name, Function<String, T> parse, Function<T, String> format) {

  private static final Pattern SIMPLE_DURATION =
      Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*(ms|s|m|h)?", Pattern.CASE_INSENSITIVE);

  /** Free text, as given. */
  public static final SettingType<String> TEXT = new SettingType<>("text", s -> s, s -> s);

  /**
   * {@code true}/{@code yes}/{@code on}/{@code 1} or {@code false}/{@code no}/{@code off}/{@code
   * 0}.
   */
  public static final SettingType<Boolean> BOOLEAN =
      new SettingType<>("boolean", SettingType::bool, b -> Boolean.toString(b));

  /** {@code 500ms}, {@code 30s}, {@code 2m}, {@code 1h}, ISO-8601 ({@code PT30S}) or seconds. */
  public static final SettingType<Duration> DURATION =
      new SettingType<>("duration", SettingType::duration, SettingType::text);

  /** An absolute or relative URI. */
  public static final SettingType<URI> URI_TYPE =
      new SettingType<>("URL", SettingType::uri, URI::toString);

  /** A key reference: the name of a secret, never the secret. */
  public static final SettingType<String> KEY_REFERENCE =
      new SettingType<>("key reference", KeyResolver::checkReference, s -> s);

  /** A whole number from {@code min} to {@code max}. */
  public static SettingType<Integer> integer(int min, int max) {
    return new SettingType<>(
        "integer " + min + ".." + max,
        text -> {
          int value = parseInt(text);
          if (value < min || value > max) {
            throw new IllegalArgumentException("must be " + min + ".." + max + ", got " + value);
          }
          return value;
        },
        i -> Integer.toString(i));
  }

  /** A whole number of at least {@code min}. */
  public static SettingType<Integer> atLeast(int min) {
    return integer(min, Integer.MAX_VALUE).checked("integer ≥ " + min, i -> i);
  }

  /** A whole number from {@code min} to {@code max}. */
  public static SettingType<Long> longInteger(long min, long max) {
    return new SettingType<>(
        "integer " + min + ".." + max,
        text -> {
          long value;
          try {
            value = Long.parseLong(text);
          } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + text + "' is not a whole number", e);
          }
          if (value < min || value > max) {
            throw new IllegalArgumentException("must be " + min + ".." + max + ", got " + value);
          }
          return value;
        },
        l -> Long.toString(l));
  }

  /** A decimal number from {@code min} to {@code max}. */
  public static SettingType<Double> decimal(double min, double max) {
    return new SettingType<>(
        "number " + min + ".." + max,
        text -> {
          double value;
          try {
            value = Double.parseDouble(text);
          } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + text + "' is not a number", e);
          }
          if (!(value >= min && value <= max)) {
            throw new IllegalArgumentException("must be " + min + ".." + max + ", got " + value);
          }
          return value;
        },
        d -> Double.toString(d));
  }

  /** A duration from {@code min} to {@code max}. */
  public static SettingType<Duration> duration(Duration min, Duration max) {
    return new SettingType<>(
        "duration " + text(min) + ".." + text(max),
        text -> {
          Duration value = duration(text);
          if (value.compareTo(min) < 0 || value.compareTo(max) > 0) {
            throw new IllegalArgumentException(
                "must be between " + text(min) + " and " + text(max) + ", got '" + text + "'");
          }
          return value;
        },
        SettingType::text);
  }

  /** This type under another name, with {@code check} applied after parsing. */
  public SettingType<T> checked(String name, Function<T, T> check) {
    return new SettingType<>(name, parse.andThen(check), format);
  }

  /** Parses {@code 500ms}, {@code 30s}, {@code 2m}, {@code 1h}, {@code PT30S} or seconds. */
  public static Duration duration(String text) {
    Matcher m = SIMPLE_DURATION.matcher(text.strip());
    if (m.matches()) {
      double amount = Double.parseDouble(m.group(1));
      String unit = m.group(2) == null ? "s" : m.group(2).toLowerCase(Locale.ROOT);
      double millis =
          switch (unit) {
            case "ms" -> amount;
            case "m" -> amount * 60_000;
            case "h" -> amount * 3_600_000;
            default -> amount * 1000;
          };
      return Duration.ofMillis(Math.round(millis));
    }
    try {
      return Duration.parse(text.strip());
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException(
          "'" + text + "' is not a duration (examples: 500ms, 30s, 2m, PT30S)", e);
    }
  }

  /** A duration the way {@link #duration(String)} reads it back: {@code 500ms}, {@code 2m}. */
  public static String text(Duration duration) {
    long millis = duration.toMillis();
    if (millis % 3_600_000 == 0) {
      return millis / 3_600_000 + "h";
    }
    if (millis % 60_000 == 0) {
      return millis / 60_000 + "m";
    }
    return millis % 1000 == 0 ? millis / 1000 + "s" : millis + "ms";
  }

  private static int parseInt(String text) {
    try {
      return Integer.parseInt(text);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("'" + text + "' is not a whole number", e);
    }
  }

  private static URI uri(String text) {
    try {
      return URI.create(text);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("'" + text + "' is not a URL", e);
    }
  }

  private static boolean bool(String text) {
    return switch (text.toLowerCase(Locale.ROOT)) {
      case "true", "yes", "on", "1" -> true;
      case "false", "no", "off", "0" -> false;
      default -> throw new IllegalArgumentException("'" + text + "' is not true or false");
    };
  }
}
