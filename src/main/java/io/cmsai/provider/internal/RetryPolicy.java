package io.cmsai.provider.internal;

import io.cmsai.provider.AiProviderException;
import io.cmsai.provider.BadResponseException;
import io.cmsai.provider.CapacityException;
import io.cmsai.provider.StreamInterruptedException;
import java.time.Duration;
import java.util.Optional;
import java.util.function.DoubleSupplier;

/**
 * When to re-send a failed request, and after how long.
 *
 * <p>Rules: only before any response byte has reached the caller (a retry mid-stream would
 * duplicate tokens); only {@linkplain AiProviderException#isRetriable() retriable} failures, never
 * an interrupted stream; at most {@code maxRetries} times. A delay the server asks for ({@code
 * Retry-After}, {@code retry-after-ms}) is obeyed when it is at most {@code maxServerDelay}, and a
 * longer one means "do not retry" (Azure may say 86400 s). Otherwise the delay grows exponentially
 * from {@code initialBackoff} up to {@code maxBackoff}, with jitter (half fixed, half random) so
 * that many clients do not retry in step; requests llm-d evicted after dispatch back off four times
 * longer, since they already spent GPU time.
 *
 * <p>An unusable success answer ({@link BadResponseException}: empty, malformed, inconsistent) is
 * re-sent once at most, since it usually repeats.
 *
 * <p>MicroProfile Fault Tolerance's {@code @Retry} cannot express these rules (its delay is fixed
 * per annotation and it cannot see whether bytes reached the caller), so retries are driven by this
 * policy in code.
 *
 * @param maxRetries retries after the first attempt, 0 to 10
 * @param initialBackoff delay before the first retry when the server names none
 * @param maxBackoff upper bound of the exponential delay
 * @param maxServerDelay longest server-requested delay that is still obeyed
 */
public record RetryPolicy(
    int maxRetries, Duration initialBackoff, Duration maxBackoff, Duration maxServerDelay) {

  /** Two retries, 0.5 s doubling up to 8 s, obeying server delays up to 60 s. */
  public static final RetryPolicy DEFAULT =
      new RetryPolicy(2, Duration.ofMillis(500), Duration.ofSeconds(8), Duration.ofSeconds(60));

  /** Never retry. */
  public static final RetryPolicy NONE =
      new RetryPolicy(0, Duration.ZERO, Duration.ZERO, Duration.ZERO);

  public RetryPolicy {
    if (maxRetries < 0 || maxRetries > 10) {
      throw new IllegalArgumentException("maxRetries must be 0..10, got " + maxRetries);
    }
    if (initialBackoff.isNegative() || maxBackoff.compareTo(initialBackoff) < 0) {
      throw new IllegalArgumentException("need 0 <= initialBackoff <= maxBackoff");
    }
  }

  /**
   * The delay before retry number {@code retry} (1 for the first retry) after {@code failure}, or
   * empty when the request must not be retried.
   *
   * @param responseStarted whether any response content already reached the caller
   * @param random a source of numbers in [0, 1) for the jitter
   */
  public Optional<Duration> delayBefore(
      int retry, AiProviderException failure, boolean responseStarted, DoubleSupplier random) {
    if (responseStarted
        || retry > maxRetries
        || !failure.isRetriable()
        || failure instanceof StreamInterruptedException
        || (failure instanceof BadResponseException && retry > 1)) {
      return Optional.empty();
    }
    Optional<Duration> requested = serverDelay(failure);
    if (requested.isPresent()) {
      return requested.get().compareTo(maxServerDelay) <= 0 ? requested : Optional.empty();
    }
    return Optional.of(backoff(retry, failure, random));
  }

  /**
   * The jittered exponential delay before retry number {@code retry} after {@code failure} when the
   * server names none, whether or not that retry will happen: also the estimate the module passes
   * on to its own callers once its retries are spent.
   */
  public Duration backoff(int retry, AiProviderException failure, DoubleSupplier random) {
    long base =
        Math.min(maxBackoff.toMillis(), initialBackoff.toMillis() << Math.min(retry - 1, 20));
    if (wasEvicted(failure)) {
      base = Math.min(maxBackoff.toMillis(), base * 4);
    }
    return Duration.ofMillis(base / 2 + (long) (random.getAsDouble() * (base / 2.0)));
  }

  private static Optional<Duration> serverDelay(AiProviderException failure) {
    return failure instanceof CapacityException capacity ? capacity.retryAfter() : Optional.empty();
  }

  private static boolean wasEvicted(AiProviderException failure) {
    return failure instanceof CapacityException capacity
        && capacity.droppedReason().filter(r -> r.startsWith("evicted")).isPresent();
  }
}
