package io.cmsai.api.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cmsai.provider.AiProviderException;
import io.cmsai.provider.AuthenticationException;
import io.cmsai.provider.BadResponseException;
import io.cmsai.provider.CallVetoedException;
import io.cmsai.provider.CircuitOpenException;
import io.cmsai.provider.ContextLengthExceededException;
import io.cmsai.provider.InvalidRequestException;
import io.cmsai.provider.ModelNotFoundException;
import io.cmsai.provider.ProviderConnectionException;
import io.cmsai.provider.ProviderTimeoutException;
import io.cmsai.provider.RateLimitedException;
import io.cmsai.provider.ServiceUnavailableException;
import io.cmsai.provider.StreamInterruptedException;
import io.cmsai.provider.UpstreamFailedException;
import java.security.Principal;
import java.time.Duration;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class OpenAiErrorTest {

  static Stream<Arguments> failures() {
    return Stream.of(
        Arguments.of(new CallVetoedException("policy"), 403, "permission_error", null),
        Arguments.of(
            new ContextLengthExceededException("too long", 400, null, "input_tokens", 9000, 8192),
            400,
            "invalid_request_error",
            "context_length_exceeded"),
        Arguments.of(
            new ModelNotFoundException("no model", 404, null),
            404,
            "invalid_request_error",
            "model_not_found"),
        Arguments.of(
            new InvalidRequestException("bad", 400, null, "top_p"),
            400,
            "invalid_request_error",
            null),
        Arguments.of(
            new AuthenticationException("401", 401, null),
            502,
            "upstream_authentication_error",
            null),
        Arguments.of(
            new RateLimitedException("slow down", null, Duration.ofMillis(1500), null),
            429,
            "rate_limit_error",
            "rate_limited"),
        Arguments.of(
            new ServiceUnavailableException("busy", 503, null, null, "rejected-saturated"),
            503,
            "service_unavailable",
            null),
        Arguments.of(
            new CircuitOpenException("paused", Duration.ofSeconds(12)),
            503,
            "service_unavailable",
            null),
        Arguments.of(
            new ProviderTimeoutException(
                "slow", ProviderTimeoutException.Phase.FIRST_BYTE, Duration.ofSeconds(1), null),
            504,
            "timeout",
            null),
        Arguments.of(new ProviderConnectionException("refused", null), 502, "upstream_error", null),
        Arguments.of(
            new StreamInterruptedException("cut", null, "par", null), 502, "upstream_error", null),
        Arguments.of(
            new UpstreamFailedException("HTTP 500", 500, null), 502, "upstream_error", null),
        Arguments.of(
            new UpstreamFailedException("HTTP 502", 502, "server_error"),
            502,
            "upstream_error",
            null),
        Arguments.of(new UpstreamFailedException("HTTP 504", 504, null), 504, "timeout", null),
        Arguments.of(
            new BadResponseException("not JSON", 200, "bad_response"),
            502,
            "upstream_error",
            "bad_response"),
        Arguments.of(
            BadResponseException.dimensionMismatch(256, 384, "the requested dimensions"),
            502,
            "upstream_error",
            "dimension_mismatch"),
        Arguments.of(
            new ServiceUnavailableException("overloaded", 529, "overloaded_error", null, null),
            503,
            "service_unavailable",
            null));
  }

  @ParameterizedTest
  @MethodSource("failures")
  void provider_failures_map_to_openai_errors(
      AiProviderException failure, int status, String type, String code) {
    OpenAiError error = OpenAiError.from(failure);

    assertEquals(status, error.status());
    assertEquals(type, error.type());
    assertEquals(code, error.code());
    String message = error.toJson().getJsonObject("error").getString("message");
    if (failure instanceof AuthenticationException) {
      assertEquals(OpenAiError.UPSTREAM_CREDENTIALS, message);
    } else {
      assertTrue(message.contains(failure.getMessage()), message);
    }
  }

  @Test
  void a_failure_of_the_modules_own_credentials_tells_api_callers_nothing_about_the_reference() {
    OpenAiError error =
        OpenAiError.from(
            new AuthenticationException(
                "the key reference 'llm.api-key' does not resolve: put it in"
                    + " /srv/cms-ai/secrets/llm.api-key or set cms.ai.secret.llm.api-key",
                0,
                null));

    assertEquals(502, error.status());
    assertEquals(OpenAiError.UPSTREAM_CREDENTIALS, error.message());
    assertFalse(error.toJson().toString().contains("llm.api-key"), error.toJson().toString());
    assertFalse(error.toJson().toString().contains("/srv"), error.toJson().toString());
  }

  @Test
  void retry_after_is_advertised_in_whole_seconds_rounded_up() {
    assertEquals(
        Optional.of("2"),
        OpenAiError.from(new RateLimitedException("x", null, Duration.ofMillis(1500), null))
            .retryAfterHeader());
    assertEquals(
        Optional.of("12"),
        OpenAiError.from(new CircuitOpenException("x", Duration.ofSeconds(12))).retryAfterHeader());
    assertEquals(
        Optional.empty(),
        OpenAiError.from(new ProviderConnectionException("x", null)).retryAfterHeader());
  }

  @Test
  void a_429_without_retry_after_advertises_the_modules_backoff_and_the_servers_delay_wins() {
    RateLimitedException bare = new RateLimitedException("x", null, null, null);

    assertEquals(Optional.empty(), OpenAiError.from(bare).retryAfterHeader());
    assertEquals(
        Optional.of("2"),
        OpenAiError.from(bare.withBackoff(Duration.ofMillis(1001))).retryAfterHeader());
    assertEquals(
        Optional.of("1"),
        OpenAiError.from(bare.withBackoff(Duration.ofMillis(40))).retryAfterHeader());
    assertEquals(
        Optional.of("1"), OpenAiError.from(bare.withBackoff(Duration.ZERO)).retryAfterHeader());
    RateLimitedException named = new RateLimitedException("x", null, Duration.ofSeconds(7), null);
    assertEquals(
        Optional.of("7"),
        OpenAiError.from(named.withBackoff(Duration.ofSeconds(1))).retryAfterHeader());
  }

  @Test
  void a_dimension_mismatch_names_both_dimensions() {
    OpenAiError error =
        OpenAiError.from(
            BadResponseException.dimensionMismatch(256, 384, "the requested dimensions"));

    assertTrue(error.message().contains("384 dimensions"), error.message());
    assertTrue(error.message().contains("is 256"), error.message());
  }

  @Test
  void access_needs_a_signed_in_user_with_the_role_unless_anonymous_is_allowed() {
    Principal alice = () -> "alice";
    ApiAccess access = new ApiAccess("ai-user", false);

    assertEquals(401, access.check(null, role -> true).orElseThrow().status());
    assertEquals(403, access.check(alice, role -> false).orElseThrow().status());
    assertTrue(access.check(alice, "ai-user"::equals).isEmpty());
    assertTrue(new ApiAccess("**", false).check(alice, role -> false).isEmpty());
    assertTrue(new ApiAccess("ai-user", true).check(null, role -> false).isEmpty());
  }
}
