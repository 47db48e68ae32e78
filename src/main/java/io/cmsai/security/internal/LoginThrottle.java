package io.cmsai.security.internal;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;

/**
 * Progressive delays against password guessing, per (user name, source address): the first {@value
 * #FREE_FAILURES} failures in a row cost nothing; from then on every failure makes the next attempt
 * wait, 30 s after the fifth and twice as long after each further one, up to 15 min. Attempts
 * before the wait is over are to be refused without checking the password. A success clears the
 * pair; failures are forgotten one hour after the last one (always after the wait is over).
 *
 * <p>Bounded: at most {@code maxTracked} pairs are remembered. When that many are, new pairs are
 * not tracked (their attempts are left to the per-address and global {@link FailureBudget}); a pair
 * already tracked, and above all one being delayed, is never dropped to make room. Another
 * address's failures never delay a user's attempts from an address without failures. Thread-safe.
 */
public final class LoginThrottle {

  static final int FREE_FAILURES = 5;
  static final Duration FIRST_DELAY = Duration.ofSeconds(30);
  static final Duration LONGEST_DELAY = Duration.ofMinutes(15);
  static final Duration FORGET_AFTER = Duration.ofHours(1);

  /** The number of pairs remembered by default. */
  public static final int MAX_TRACKED = 10_000;

  private static final int MAX_NAME = 200;

  /** What a failure did. */
  public enum Outcome {
    /** Counted; the next attempt may come at once. */
    COUNTED,
    /** Counted; the next attempt must wait ({@link #delay}). */
    DELAYED,
    /** Not counted: the throttle is full (the failure budget still applies). */
    UNTRACKED
  }

  private record Failures(int count, Instant retryAt) {}

  private final Cache<String, Failures> failures;
  private final Clock clock;
  private final int maxTracked;

  /** A throttle on the system clock remembering {@value #MAX_TRACKED} pairs. */
  public LoginThrottle() {
    this(Clock.systemUTC(), MAX_TRACKED);
  }

  /** A throttle on an explicit clock and bound (tests). */
  public LoginThrottle(Clock clock, int maxTracked) {
    this.clock = clock;
    this.maxTracked = maxTracked;
    this.failures =
        Caffeine.newBuilder()
            .expireAfterWrite(FORGET_AFTER)
            .ticker(() -> nanos(clock.instant()))
            .executor(Runnable::run)
            .build();
  }

  /** How long attempts of {@code user} from {@code address} must still wait; empty: none. */
  public Optional<Duration> delay(String user, String address) {
    Failures known = failures.getIfPresent(key(user, address));
    Instant now = clock.instant();
    if (known == null || !known.retryAt().isAfter(now)) {
      return Optional.empty();
    }
    return Optional.of(Duration.between(now, known.retryAt()));
  }

  /** Records a failed attempt of {@code user} from {@code address}. */
  public Outcome failed(String user, String address) {
    String key = key(user, address);
    if (failures.getIfPresent(key) == null && isFull()) {
      return Outcome.UNTRACKED;
    }
    Instant now = clock.instant();
    Failures updated =
        failures
            .asMap()
            .merge(key, new Failures(1, now), (known, one) -> next(known.count() + 1, now));
    return updated.retryAt().isAfter(now) ? Outcome.DELAYED : Outcome.COUNTED;
  }

  /** Forgets the failures of {@code user} from {@code address}. */
  public void succeeded(String user, String address) {
    failures.invalidate(key(user, address));
  }

  /** The number of pairs remembered now. */
  public long tracked() {
    failures.cleanUp();
    return failures.estimatedSize();
  }

  private static Failures next(int count, Instant now) {
    if (count < FREE_FAILURES) {
      return new Failures(count, now);
    }
    Duration delay = FIRST_DELAY.multipliedBy(1L << Math.min(count - FREE_FAILURES, 10));
    return new Failures(
        count, now.plus(delay.compareTo(LONGEST_DELAY) > 0 ? LONGEST_DELAY : delay));
  }

  private boolean isFull() {
    if (failures.estimatedSize() < maxTracked) {
      return false;
    }
    failures.cleanUp();
    return failures.estimatedSize() >= maxTracked;
  }

  private static String key(String user, String address) {
    String name = user.strip().toLowerCase(Locale.ROOT);
    return (name.length() > MAX_NAME ? name.substring(0, MAX_NAME) : name) + '\n' + address;
  }

  static long nanos(Instant at) {
    return at.getEpochSecond() * 1_000_000_000L + at.getNano();
  }
}
