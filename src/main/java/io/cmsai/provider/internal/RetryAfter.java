package io.cmsai.provider.internal;

import java.net.http.HttpHeaders;
import java.time.Clock;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * Reads the delay a server asks for before a retry: {@code retry-after-ms} (milliseconds, decimals
 * allowed), else {@code Retry-After} as seconds (decimals allowed) or as an HTTP date. Negative
 * delays count as zero; unparseable values as absent.
 */
public final class RetryAfter {

  private RetryAfter() {}

  public static Optional<Duration> from(HttpHeaders headers, Clock clock) {
    Optional<Duration> millis =
        headers.firstValue("retry-after-ms").flatMap(v -> number(v, 1)).map(Duration::ofNanos);
    if (millis.isPresent()) {
      return millis;
    }
    return headers.firstValue("retry-after").flatMap(v -> parse(v.strip(), clock));
  }

  private static Optional<Duration> parse(String value, Clock clock) {
    Optional<Duration> seconds = number(value, 1000).map(Duration::ofNanos);
    if (seconds.isPresent()) {
      return seconds;
    }
    try {
      ZonedDateTime at = ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME);
      Duration delay = Duration.between(clock.instant(), at.toInstant());
      return Optional.of(delay.isNegative() ? Duration.ZERO : delay);
    } catch (DateTimeParseException e) {
      return Optional.empty();
    }
  }

  /** {@code value} in units of {@code unitMillis} milliseconds, as nanoseconds. */
  private static Optional<Long> number(String value, long unitMillis) {
    try {
      double amount = Double.parseDouble(value.strip());
      if (Double.isNaN(amount) || Double.isInfinite(amount)) {
        return Optional.empty();
      }
      double nanos = Math.max(0, amount) * unitMillis * 1_000_000d;
      return Optional.of(nanos >= Long.MAX_VALUE ? Long.MAX_VALUE : (long) nanos);
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }
}
