package io.cmsai.security.internal;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Token buckets that bound how many password checks may fail, per source address and for the whole
 * server, so that nobody can make the server hash passwords faster than it can afford. Each attempt
 * {@linkplain #take takes} one token from its address's bucket and one from the global bucket
 * <em>before</em> the password is checked; a successful check {@linkplain #giveBack gives them
 * back}, so only failures use the budget. Buckets refill continuously. Thread-safe.
 *
 * <p>Per address: {@value #ADDRESS_CAPACITY} attempts, then one every 30 s. Globally: {@value
 * #GLOBAL_CAPACITY} attempts, then one every 2 s (a PBKDF2 check costs about 0.45 s of CPU). At
 * most {@value #MAX_ADDRESSES} addresses are remembered; beyond that, the least useful bucket is
 * dropped and the global bucket still holds.
 */
public final class FailureBudget {

  static final int ADDRESS_CAPACITY = 10;
  static final Duration ADDRESS_REFILL = Duration.ofSeconds(30);
  static final int GLOBAL_CAPACITY = 60;
  static final Duration GLOBAL_REFILL = Duration.ofSeconds(2);
  static final int MAX_ADDRESSES = 100_000;

  private final Clock clock;
  private final Cache<String, Bucket> addresses;
  private Bucket global;

  public FailureBudget(Clock clock) {
    this.clock = clock;
    this.addresses =
        Caffeine.newBuilder()
            // An untouched bucket is full again after this long, exactly like a new one.
            .expireAfterWrite(ADDRESS_REFILL.multipliedBy(ADDRESS_CAPACITY))
            .maximumSize(MAX_ADDRESSES)
            .ticker(() -> LoginThrottle.nanos(clock.instant()))
            .executor(Runnable::run)
            .build();
    this.global = Bucket.full(GLOBAL_CAPACITY, clock.instant());
  }

  /**
   * Takes one attempt from {@code address}'s and the global budget.
   *
   * @return empty when taken; otherwise how long until one is available (nothing was taken)
   */
  public Optional<Duration> take(String address) {
    Instant now = clock.instant();
    synchronized (this) {
      Bucket mine =
          addresses
              .asMap()
              .getOrDefault(address, Bucket.full(ADDRESS_CAPACITY, now))
              .at(now, ADDRESS_CAPACITY, ADDRESS_REFILL);
      Bucket all = global.at(now, GLOBAL_CAPACITY, GLOBAL_REFILL);
      if (mine.tokens() < 1 || all.tokens() < 1) {
        Duration wait = max(mine.untilOne(ADDRESS_REFILL), all.untilOne(GLOBAL_REFILL));
        return Optional.of(wait);
      }
      addresses.put(address, mine.minus(1));
      global = all.minus(1);
      return Optional.empty();
    }
  }

  /** Returns an attempt taken for {@code address} (its password was right). */
  public void giveBack(String address) {
    Instant now = clock.instant();
    synchronized (this) {
      Bucket mine = addresses.getIfPresent(address);
      if (mine != null) {
        addresses.put(
            address, mine.at(now, ADDRESS_CAPACITY, ADDRESS_REFILL).plus(1, ADDRESS_CAPACITY));
      }
      global = global.at(now, GLOBAL_CAPACITY, GLOBAL_REFILL).plus(1, GLOBAL_CAPACITY);
    }
  }

  private static Duration max(Duration a, Duration b) {
    return a.compareTo(b) >= 0 ? a : b;
  }

  /** Tokens at an instant. */
  private record Bucket(double tokens, Instant at) {

    static Bucket full(int capacity, Instant now) {
      return new Bucket(capacity, now);
    }

    Bucket at(Instant now, int capacity, Duration refill) {
      if (!now.isAfter(at)) {
        return this;
      }
      double gained = (double) Duration.between(at, now).toNanos() / refill.toNanos();
      return new Bucket(Math.min(capacity, tokens + gained), now);
    }

    Bucket minus(int n) {
      return new Bucket(tokens - n, at);
    }

    Bucket plus(int n, int capacity) {
      return new Bucket(Math.min(capacity, tokens + n), at);
    }

    Duration untilOne(Duration refill) {
      if (tokens >= 1) {
        return Duration.ZERO;
      }
      return Duration.ofNanos((long) Math.ceil((1 - tokens) * refill.toNanos()));
    }
  }
}
