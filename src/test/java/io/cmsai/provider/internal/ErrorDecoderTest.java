package io.cmsai.provider.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cmsai.provider.AiProviderException;
import io.cmsai.provider.AuthenticationException;
import io.cmsai.provider.ContextLengthExceededException;
import io.cmsai.provider.InvalidRequestException;
import io.cmsai.provider.ModelNotFoundException;
import io.cmsai.provider.RateLimitedException;
import io.cmsai.provider.ServiceUnavailableException;
import io.cmsai.provider.UpstreamFailedException;
import java.net.http.HttpHeaders;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The error decoder table: every body shape of PROTOCOLS.md section 9 item 31, and statuses. */
class ErrorDecoderTest {

  private static final Instant NOW = Instant.parse("2026-11-23T12:00:00Z");
  private final ErrorDecoder decoder = new ErrorDecoder(Clock.fixed(NOW, ZoneOffset.UTC));

  static Stream<Arguments> bodies() {
    return Stream.of(
        Arguments.of(
            "vLLM integer code",
            400,
            "{\"error\":{\"message\":\"bad temperature\",\"type\":\"BadRequestError\",\"param\":\"temperature\",\"code\":400}}",
            InvalidRequestException.class,
            "bad temperature"),
        Arguments.of(
            "OpenAI string code",
            429,
            "{\"error\":{\"message\":\"Rate limit reached\",\"type\":\"requests\",\"param\":null,\"code\":\"429\"}}",
            RateLimitedException.class,
            "Rate limit reached"),
        Arguments.of(
            "vLLM 401 plain string",
            401,
            "{\"error\":\"Unauthorized\"}",
            AuthenticationException.class,
            "Unauthorized"),
        Arguments.of(
            "Ollama string error",
            404,
            "{\"error\":\"model \\\"llama9\\\" not found, try pulling it first\"}",
            ModelNotFoundException.class,
            "llama9"),
        Arguments.of(
            "Anthropic shape",
            529,
            "{\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\",\"message\":\"Overloaded\"},\"request_id\":\"r1\"}",
            ServiceUnavailableException.class,
            "Overloaded"),
        Arguments.of(
            "llm-d plain text",
            503,
            "inference error: ResourceExhausted - no endpoints",
            ServiceUnavailableException.class,
            "ResourceExhausted"),
        Arguments.of(
            "proxy HTML",
            502,
            "<html><head><title>502 Bad Gateway</title></head><body><h1>Bad Gateway</h1></body></html>",
            UpstreamFailedException.class,
            "502 Bad Gateway"),
        Arguments.of("empty body", 503, "", ServiceUnavailableException.class, "empty body"),
        Arguments.of(
            "llama.cpp wrong path",
            404,
            "{\"error\":{\"code\":404,\"message\":\"File Not Found\",\"type\":\"not_found_error\"}}",
            InvalidRequestException.class,
            "base URL"),
        Arguments.of(
            "vLLM unknown model",
            404,
            "{\"error\":{\"message\":\"The model `x/y` does not exist.\",\"type\":\"NotFoundError\",\"param\":\"model\",\"code\":404}}",
            ModelNotFoundException.class,
            "x/y"),
        Arguments.of(
            "llama.cpp not supported",
            501,
            "{\"error\":{\"code\":501,\"message\":\"This server does not support embeddings.\",\"type\":\"not_supported_error\"}}",
            InvalidRequestException.class,
            "does not implement"),
        Arguments.of(
            "truncated JSON",
            500,
            "{\"error\":{\"message\":",
            UpstreamFailedException.class,
            "{\"error\""));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("bodies")
  void decodes_every_body_shape(
      String name, int status, String body, Class<?> type, String messagePart) {
    AiProviderException e = decoder.decode(status, headers(), body, Redactor.of());

    assertInstanceOf(type, e, name);
    assertEquals(status, e.statusCode());
    assertTrue(e.getMessage().contains(messagePart), e.getMessage());
  }

  static Stream<Arguments> retriability() {
    return Stream.of(
        Arguments.of(400, false),
        Arguments.of(401, false),
        Arguments.of(403, false),
        Arguments.of(404, false),
        Arguments.of(408, true),
        Arguments.of(413, false),
        Arguments.of(422, false),
        Arguments.of(429, true),
        Arguments.of(500, true),
        Arguments.of(502, true),
        Arguments.of(503, true),
        Arguments.of(501, false),
        Arguments.of(504, true),
        Arguments.of(529, true));
  }

  @ParameterizedTest(name = "HTTP {0} retriable={1}")
  @MethodSource("retriability")
  void classifies_statuses_as_retriable_or_not(int status, boolean retriable) {
    assertEquals(retriable, decoder.decode(status, headers(), "x", Redactor.of()).isRetriable());
  }

  @Test
  void llama_cpp_context_error_carries_the_numbers() {
    String body =
        "{\"error\":{\"code\":400,\"message\":\"request (2219 tokens) exceeds the available context"
            + " size (2048 tokens), try increasing it\",\"type\":\"exceed_context_size_error\","
            + "\"n_prompt_tokens\":2219,\"n_ctx\":2048}}";

    var e =
        assertInstanceOf(
            ContextLengthExceededException.class,
            decoder.decode(400, headers(), body, Redactor.of()));

    assertEquals(2219, e.promptTokens().orElseThrow());
    assertEquals(2048, e.contextLength().orElseThrow());
    assertFalse(e.isRetriable());
  }

  @Test
  void vllm_context_error_numbers_come_from_the_message() {
    String body =
        "{\"error\":{\"message\":\"This model's maximum context length is 4096 tokens. However, your"
            + " request has 5000 input tokens. Please reduce the length of the input messages.\","
            + "\"type\":\"BadRequestError\",\"param\":\"input_tokens\",\"code\":400}}";

    var e =
        assertInstanceOf(
            ContextLengthExceededException.class,
            decoder.decode(400, headers(), body, Redactor.of()));

    assertEquals(4096, e.contextLength().orElseThrow());
    assertEquals(5000, e.promptTokens().orElseThrow());
    assertEquals("input_tokens", e.param().orElseThrow());
  }

  @Test
  void llm_d_dropped_reason_header_is_exposed() {
    var e =
        assertInstanceOf(
            RateLimitedException.class,
            decoder.decode(
                429,
                headers("x-llm-d-request-dropped-reason", "rejected-saturated"),
                "request evicted by flow control",
                Redactor.of()));

    assertEquals("rejected-saturated", e.droppedReason().orElseThrow());
    assertTrue(e.getMessage().contains("rejected-saturated"));
  }

  @Test
  void retry_after_forms_are_read() {
    assertEquals(Duration.ofMillis(1500), retryAfter("retry-after-ms", "1500"));
    assertEquals(Duration.ofMillis(2500), retryAfter("retry-after", "2.5"));
    assertEquals(
        Duration.ofSeconds(30), retryAfter("retry-after", "Mon, 23 Nov 2026 12:00:30 GMT"));
    assertEquals(Duration.ZERO, retryAfter("retry-after", "Mon, 23 Nov 2026 11:00:00 GMT"));
    assertEquals(null, retryAfter("retry-after", "soon"));
  }

  @Test
  void retry_after_ms_wins_over_retry_after() {
    var e =
        (RateLimitedException)
            decoder.decode(
                429, headers("retry-after-ms", "200", "retry-after", "9"), "", Redactor.of());

    assertEquals(Duration.ofMillis(200), e.retryAfter().orElseThrow());
  }

  @Test
  void secrets_echoed_by_the_server_never_reach_the_message() {
    String body =
        "{\"error\":{\"message\":\"Incorrect API key provided: sk-live-123456789. Header was"
            + " Bearer sk-live-123456789\",\"type\":\"invalid_request_error\"}}";

    AiProviderException e = decoder.decode(401, headers(), body, Redactor.of("sk-live-123456789"));

    assertFalse(e.getMessage().contains("sk-live-123456789"), e.getMessage());
    assertTrue(e.getMessage().contains("***"));
  }

  @Test
  void long_bodies_are_cut() {
    AiProviderException e = decoder.decode(500, headers(), "x".repeat(10_000), Redactor.of());

    assertTrue(e.getMessage().length() < 700, "message length " + e.getMessage().length());
  }

  private Duration retryAfter(String header, String value) {
    var e = (RateLimitedException) decoder.decode(429, headers(header, value), "", Redactor.of());
    return e.retryAfter().orElse(null);
  }

  private static HttpHeaders headers(String... pairs) {
    Map<String, List<String>> map = new HashMap<>();
    for (int i = 0; i < pairs.length; i += 2) {
      map.put(pairs[i], List.of(pairs[i + 1]));
    }
    return HttpHeaders.of(map, (a, b) -> true);
  }
}
