package io.cmsai.provider.internal;

import io.cmsai.provider.AiProviderException;
import io.cmsai.provider.CircuitOpenException;
import io.cmsai.provider.ProviderConnectionException;
import io.cmsai.provider.ProviderTimeoutException;
import io.cmsai.provider.ServiceUnavailableException;
import io.cmsai.provider.UpstreamFailedException;
import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * A circuit breaker for one connection. After {@code threshold} consecutive failures that say "the
 * server is not serving" (connection refused or reset, connect or first-byte timeout, HTTP 5xx) it
 * opens and refuses calls for {@code openFor}; then one trial call goes through (half-open), which
 * closes it on success or opens it again on failure. Rate limiting (429), client errors (4xx) and
 * interrupted streams do not count: they say nothing about the server being down.
 *
 * <p>MicroProfile Fault Tolerance's {@code @CircuitBreaker} keeps one state per annotated method,
 * but the module needs one per configured connection (a settings change starts a fresh breaker),
 * and a stream's outcome is known only when it ends, after the method returned. Hence this class.
 *
 * <p>Thread-safe.
 */
public final class CircuitBreaker {

  private enum State {
    CLOSED,
    OPEN,
    HALF_OPEN
  }

  private final int threshold;
  private final long openForNanos;
  private final LongSupplier nanoTime;
  private State state = State.CLOSED;
  private int failures;
  private long openedAt;
  private String lastFailure = "";

  public CircuitBreaker(int threshold, Duration openFor, LongSupplier nanoTime) {
    this.threshold = threshold;
    this.openForNanos = openFor.toNanos();
    this.nanoTime = nanoTime;
  }

  /**
   * Lets a call through or refuses it.
   *
   * @return whether this call is the half-open trial, whose outcome must be reported ({@link
   *     #onSuccess}, {@link #onFailure}) or given up ({@link #onTrialAbandoned})
   * @throws CircuitOpenException when the breaker is open (or half-open with a trial running)
   */
  public synchronized boolean acquire() {
    if (state == State.CLOSED) {
      return false;
    }
    long elapsed = nanoTime.getAsLong() - openedAt;
    if (state == State.OPEN && elapsed >= openForNanos) {
      state = State.HALF_OPEN; // this call is the trial
      return true;
    }
    Duration wait = Duration.ofNanos(Math.max(0, openForNanos - elapsed));
    throw new CircuitOpenException(
        state == State.HALF_OPEN
            ? "the inference server failed "
                + threshold
                + " times in a row; one trial call is under way, others wait for its outcome"
                + " (circuit breaker half-open); last failure: "
                + lastFailure
            : "the inference server failed "
                + threshold
                + " times in a row, so calls are paused for "
                + Math.max(1, (wait.toMillis() + 999) / 1000)
                + " s more (circuit breaker open); last failure: "
                + lastFailure,
        wait);
  }

  /** Records a call that got a usable answer. */
  public synchronized void onSuccess() {
    state = State.CLOSED;
    failures = 0;
  }

  /**
   * Records a failed call; only server-down failures count, and any other failure (the server
   * answered) ends a run of consecutive ones.
   */
  public synchronized void onFailure(AiProviderException failure) {
    if (!countsAsDown(failure)) {
      if (!(failure instanceof CircuitOpenException)) {
        failures = 0; // the server answered: it is up
        if (state == State.HALF_OPEN) {
          state = State.CLOSED;
        }
      }
      return;
    }
    lastFailure = failure.getMessage();
    failures++;
    if (state == State.HALF_OPEN || failures >= threshold) {
      state = State.OPEN;
      openedAt = nanoTime.getAsLong();
    }
  }

  /**
   * The trial call ended without an outcome (it was cancelled): the breaker is open again with its
   * open period over, so the next call becomes the trial.
   */
  public synchronized void onTrialAbandoned() {
    if (state == State.HALF_OPEN) {
      state = State.OPEN;
      openedAt = nanoTime.getAsLong() - openForNanos;
    }
  }

  /** Whether the breaker currently refuses calls. */
  public synchronized boolean isOpen() {
    return state == State.OPEN && nanoTime.getAsLong() - openedAt < openForNanos;
  }

  static boolean countsAsDown(AiProviderException failure) {
    if (failure instanceof CircuitOpenException) {
      return false;
    }
    if (failure instanceof ProviderTimeoutException timeout) {
      return timeout.phase() == ProviderTimeoutException.Phase.CONNECT
          || timeout.phase() == ProviderTimeoutException.Phase.FIRST_BYTE;
    }
    return failure instanceof ProviderConnectionException
        || (failure instanceof ServiceUnavailableException && failure.statusCode() >= 500)
        || (failure instanceof UpstreamFailedException && failure.statusCode() >= 500);
  }
}
