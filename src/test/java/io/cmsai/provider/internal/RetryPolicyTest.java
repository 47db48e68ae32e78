package io.cmsai.provider.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cmsai.provider.AuthenticationException;
import io.cmsai.provider.BadResponseException;
import io.cmsai.provider.ContextLengthExceededException;
import io.cmsai.provider.ProviderConnectionException;
import io.cmsai.provider.ProviderTimeoutException;
import io.cmsai.provider.RateLimitedException;
import io.cmsai.provider.ServiceUnavailableException;
import io.cmsai.provider.StreamInterruptedException;
import io.cmsai.provider.UpstreamFailedException;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RetryPolicyTest {

  private final RetryPolicy policy =
      new RetryPolicy(3, Duration.ofMillis(100), Duration.ofSeconds(1), Duration.ofSeconds(60));
  private final ProviderConnectionException refused =
      new ProviderConnectionException("refused", null);

  @Test
  void backoff_doubles_with_jitter_between_half_and_full_and_is_capped() {
    assertEquals(
        Optional.of(Duration.ofMillis(50)), policy.delayBefore(1, refused, false, () -> 0));
    assertEquals(
        Optional.of(Duration.ofMillis(99)), policy.delayBefore(1, refused, false, () -> 0.999));
    assertEquals(
        Optional.of(Duration.ofMillis(100)), policy.delayBefore(2, refused, false, () -> 0));
    assertEquals(
        Optional.of(Duration.ofMillis(200)), policy.delayBefore(3, refused, false, () -> 0));
    RetryPolicy many =
        new RetryPolicy(10, Duration.ofMillis(100), Duration.ofSeconds(1), Duration.ofSeconds(60));
    assertEquals(Optional.of(Duration.ofMillis(500)), many.delayBefore(9, refused, false, () -> 0));
  }

  @Test
  void gives_up_after_max_retries() {
    assertEquals(Optional.empty(), policy.delayBefore(4, refused, false, () -> 0));
  }

  @Test
  void never_retries_once_the_response_reached_the_caller() {
    assertEquals(Optional.empty(), policy.delayBefore(1, refused, true, () -> 0));
  }

  @Test
  void never_retries_non_retriable_failures_or_interrupted_streams() {
    assertEquals(
        Optional.empty(),
        policy.delayBefore(1, new AuthenticationException("no", 401, null), false, () -> 0));
    assertEquals(
        Optional.empty(),
        policy.delayBefore(
            1, new ContextLengthExceededException("long", 400, null, null, 10, 5), false, () -> 0));
    assertEquals(
        Optional.empty(),
        policy.delayBefore(
            1, new StreamInterruptedException("cut", null, "Hel", null), false, () -> 0));
  }

  @Test
  void obeys_a_server_delay_within_the_cap_and_refuses_one_beyond_it() {
    var soon = new RateLimitedException("busy", null, Duration.ofSeconds(2), null);
    var tomorrow = new RateLimitedException("quota", null, Duration.ofSeconds(86_400), null);

    assertEquals(Optional.of(Duration.ofSeconds(2)), policy.delayBefore(1, soon, false, () -> 0.7));
    assertEquals(Optional.empty(), policy.delayBefore(1, tomorrow, false, () -> 0));
  }

  @Test
  void llm_d_evicted_requests_back_off_longer_than_rejected_ones() {
    var rejected = new ServiceUnavailableException("x", 503, null, null, "rejected-saturated");
    var evicted = new RateLimitedException("x", null, null, "evicted-ttl");

    Duration cheap = policy.delayBefore(1, rejected, false, () -> 0).orElseThrow();
    Duration costly = policy.delayBefore(1, evicted, false, () -> 0).orElseThrow();

    assertTrue(costly.compareTo(cheap.multipliedBy(4)) == 0, cheap + " vs " + costly);
  }

  @Test
  void an_unusable_success_answer_is_re_sent_once_at_most() {
    var malformed = new BadResponseException("not JSON", 200, "bad_response");

    assertTrue(policy.delayBefore(1, malformed, false, () -> 0).isPresent());
    assertEquals(Optional.empty(), policy.delayBefore(2, malformed, false, () -> 0));
    assertTrue(
        policy
            .delayBefore(2, new UpstreamFailedException("HTTP 500", 500, null), false, () -> 0)
            .isPresent());
  }

  @Test
  void the_backoff_estimate_is_the_delay_of_that_retry_even_beyond_max_retries() {
    assertEquals(Duration.ofMillis(200), policy.backoff(3, refused, () -> 0));
    assertEquals(Duration.ofMillis(799), policy.backoff(4, refused, () -> 0.999));
    assertEquals(Duration.ofMillis(500), policy.backoff(9, refused, () -> 0));
    assertEquals(Duration.ZERO, RetryPolicy.NONE.backoff(1, refused, () -> 0.5));
  }

  @Test
  void timeouts_are_retried() {
    var timeout =
        new ProviderTimeoutException(
            "slow", ProviderTimeoutException.Phase.FIRST_BYTE, Duration.ofSeconds(1), null);

    assertTrue(policy.delayBefore(1, timeout, false, () -> 0).isPresent());
  }
}
