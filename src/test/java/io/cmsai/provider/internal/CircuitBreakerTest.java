package io.cmsai.provider.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cmsai.provider.AiProviderException;
import io.cmsai.provider.AuthenticationException;
import io.cmsai.provider.BadResponseException;
import io.cmsai.provider.CircuitOpenException;
import io.cmsai.provider.InvalidRequestException;
import io.cmsai.provider.ProviderConnectionException;
import io.cmsai.provider.ProviderTimeoutException;
import io.cmsai.provider.ProviderTimeoutException.Phase;
import io.cmsai.provider.RateLimitedException;
import io.cmsai.provider.ServiceUnavailableException;
import io.cmsai.provider.StreamInterruptedException;
import io.cmsai.provider.UpstreamFailedException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The circuit breaker on a fake monotonic clock. */
class CircuitBreakerTest {

  private static final Duration OPEN_FOR = Duration.ofSeconds(30);

  private final AtomicLong now = new AtomicLong(1_000_000_000L);
  private final CircuitBreaker breaker = new CircuitBreaker(3, OPEN_FOR, now::get);

  private final ProviderConnectionException refused =
      new ProviderConnectionException("connection refused by h:80", null);

  @Test
  void a_new_breaker_is_closed_and_lets_calls_through() {
    assertFalse(breaker.acquire(), "a closed breaker has no trial");
    assertFalse(breaker.isOpen());
  }

  @Test
  void failures_below_the_threshold_keep_it_closed() {
    fail(2, refused);

    assertFalse(breaker.isOpen());
    assertFalse(breaker.acquire());
  }

  @Test
  void the_threshold_of_consecutive_server_down_failures_opens_it() {
    fail(3, refused);

    assertTrue(breaker.isOpen());
    assertThrows(CircuitOpenException.class, breaker::acquire);
  }

  @Test
  void an_open_breaker_names_the_remaining_wait_and_the_last_failure() {
    fail(3, refused);
    advance(Duration.ofSeconds(10));

    CircuitOpenException error = assertThrows(CircuitOpenException.class, breaker::acquire);

    assertEquals(Duration.ofSeconds(20), error.retryAfter().orElseThrow());
    assertTrue(error.getMessage().contains("connection refused by h:80"), error.getMessage());
    assertTrue(error.isRetriable());
  }

  @Test
  void a_success_starts_the_count_again() {
    fail(2, refused);
    breaker.onSuccess();
    fail(2, refused);

    assertFalse(breaker.isOpen());
  }

  @Test
  void an_answer_in_between_breaks_the_run_of_consecutive_failures() {
    fail(2, refused);
    breaker.onFailure(new RateLimitedException("busy", null, null, null));
    fail(2, refused);

    assertFalse(breaker.isOpen(), "a 429 says the server is up");
  }

  @Test
  void failures_that_do_not_say_the_server_is_down_never_open_it() {
    fail(5, new RateLimitedException("busy", null, null, null));
    fail(5, new InvalidRequestException("bad", 400, null, null));
    fail(5, new AuthenticationException("no", 401, null));
    fail(5, new StreamInterruptedException("cut", null, "Hel", null));
    fail(5, timeout(Phase.IDLE));
    fail(5, timeout(Phase.TOTAL));
    fail(5, new ServiceUnavailableException("408", 408, null, null, null));
    fail(5, new ServiceUnavailableException("full", 0, "bulkhead_full", null, null));
    fail(5, new UpstreamFailedException("408", 408, null));
    fail(5, new BadResponseException("not JSON", 200, "bad_response"));

    assertFalse(breaker.isOpen());
  }

  @Test
  void refusals_resets_5xx_and_connect_or_first_byte_timeouts_say_the_server_is_down() {
    assertTrue(CircuitBreaker.countsAsDown(refused));
    assertTrue(CircuitBreaker.countsAsDown(timeout(Phase.CONNECT)));
    assertTrue(CircuitBreaker.countsAsDown(timeout(Phase.FIRST_BYTE)));
    assertTrue(
        CircuitBreaker.countsAsDown(
            new ServiceUnavailableException("down", 503, null, null, null)));
    assertTrue(
        CircuitBreaker.countsAsDown(
            new ServiceUnavailableException("boom", 500, null, null, null)));
    assertTrue(CircuitBreaker.countsAsDown(new UpstreamFailedException("boom", 500, null)));
    assertTrue(CircuitBreaker.countsAsDown(new UpstreamFailedException("proxy", 502, null)));
    assertFalse(CircuitBreaker.countsAsDown(new CircuitOpenException("open", Duration.ZERO)));
  }

  @Test
  void after_the_open_period_exactly_one_trial_goes_through() {
    fail(3, refused);
    advance(OPEN_FOR);

    assertTrue(breaker.acquire(), "the first call after the period is the trial");
    assertThrows(CircuitOpenException.class, breaker::acquire);
  }

  @Test
  void a_successful_trial_closes_it() {
    fail(3, refused);
    advance(OPEN_FOR);
    breaker.acquire();

    breaker.onSuccess();

    assertFalse(breaker.acquire());
    assertFalse(breaker.acquire());
  }

  @Test
  void a_failed_trial_opens_it_again_for_a_whole_period() {
    fail(3, refused);
    advance(OPEN_FOR);
    breaker.acquire();

    breaker.onFailure(refused);
    advance(OPEN_FOR.minusSeconds(1));

    assertTrue(breaker.isOpen());
    assertThrows(CircuitOpenException.class, breaker::acquire);
  }

  @Test
  void a_trial_answered_with_a_client_error_closes_it() {
    fail(3, refused);
    advance(OPEN_FOR);
    breaker.acquire();

    breaker.onFailure(new InvalidRequestException("bad", 400, null, null));

    assertFalse(breaker.acquire());
  }

  @Test
  void an_abandoned_trial_makes_the_next_call_the_trial() {
    fail(3, refused);
    advance(OPEN_FOR);
    breaker.acquire();

    breaker.onTrialAbandoned();

    assertTrue(breaker.acquire(), "the next call is the new trial");
    assertThrows(CircuitOpenException.class, breaker::acquire);
  }

  @Test
  void abandoning_when_no_trial_runs_changes_nothing() {
    breaker.onTrialAbandoned();
    assertFalse(breaker.acquire());

    fail(3, refused);
    breaker.onTrialAbandoned();
    assertThrows(CircuitOpenException.class, breaker::acquire);
  }

  private void fail(int times, AiProviderException failure) {
    for (int i = 0; i < times; i++) {
      breaker.onFailure(failure);
    }
  }

  private void advance(Duration by) {
    now.addAndGet(by.toNanos());
  }

  private static ProviderTimeoutException timeout(Phase phase) {
    return new ProviderTimeoutException("timed out", phase, Duration.ofSeconds(1), null);
  }
}
