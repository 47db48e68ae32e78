package io.cmsai.security.internal;

import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Slows password guessing: after {@value #FREE_FAILURES} consecutive failures for one user name,
 * further attempts are refused for a lock period that doubles with every further failure (30 s up
 * to 15 min). A success clears the count. Kept in memory, bounded; thread-safe.
 */
@ApplicationScoped
public class LoginThrottle {

  static final int FREE_FAILURES = 5;
  private static final Duration FIRST_LOCK = Duration.ofSeconds(30);
  private static final Duration LONGEST_LOCK = Duration.ofMinutes(15);
  private static final int MAX_TRACKED = 10_000;

  private record Failures(int count, Instant lockedUntil) {}

  private final ConcurrentMap<String, Failures> failures = new ConcurrentHashMap<>();
  private final Clock clock;

  public LoginThrottle() {
    this(Clock.systemUTC());
  }

  /** A throttle on an explicit clock (tests). */
  public LoginThrottle(Clock clock) {
    this.clock = clock;
  }

  /** Whether sign-in for {@code user} is refused now. */
  public boolean isLocked(String user) {
    Failures known = failures.get(key(user));
    return known != null && known.lockedUntil().isAfter(clock.instant());
  }

  /** Records a failed attempt. */
  public void failed(String user) {
    if (failures.size() >= MAX_TRACKED) {
      failures.clear();
    }
    failures.compute(
        key(user),
        (k, known) -> {
          int count = known == null ? 1 : known.count() + 1;
          if (count < FREE_FAILURES) {
            return new Failures(count, Instant.MIN);
          }
          long factor = 1L << Math.min(count - FREE_FAILURES, 10);
          Duration lock = FIRST_LOCK.multipliedBy(factor);
          return new Failures(
              count, clock.instant().plus(lock.compareTo(LONGEST_LOCK) > 0 ? LONGEST_LOCK : lock));
        });
  }

  /** Clears the failures of {@code user}. */
  public void succeeded(String user) {
    failures.remove(key(user));
  }

  private static String key(String user) {
    return user.strip().toLowerCase(Locale.ROOT);
  }
}
