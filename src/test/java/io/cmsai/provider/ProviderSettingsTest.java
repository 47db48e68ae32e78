package io.cmsai.provider;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cmsai.provider.ProviderSettings.ServerKind;
import io.cmsai.provider.ProviderSettings.Timeouts;
import io.cmsai.testing.SettingsBuilder;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProviderSettingsTest {

  @Test
  void a_base_url_without_a_trailing_slash_gets_one() {
    ProviderSettings settings = ProviderSettings.defaults(URI.create("http://vllm:8000/v1"));

    assertEquals(URI.create("http://vllm:8000/v1/"), settings.baseUrl());
  }

  @Test
  void a_base_url_with_a_trailing_slash_is_kept() {
    ProviderSettings settings = ProviderSettings.defaults(URI.create("http://vllm:8000/v1/"));

    assertEquals(URI.create("http://vllm:8000/v1/"), settings.baseUrl());
  }

  @Test
  void endpoints_are_joined_to_the_base_url() {
    ProviderSettings settings =
        ProviderSettings.defaults(URI.create("https://gw.example.com/openai/v1"));

    assertEquals(
        URI.create("https://gw.example.com/openai/v1/chat/completions"),
        settings.endpoint("chat/completions"));
  }

  @Test
  void the_health_url_is_the_base_url_without_its_v1() {
    assertEquals(URI.create("http://vllm:8000/health"), health("http://vllm:8000/v1"));
    assertEquals(URI.create("http://vllm:8000/health"), health("http://vllm:8000/v1/"));
    assertEquals(
        URI.create("https://gw.example.com/openai/health"),
        health("https://gw.example.com/openai/v1"));
    assertEquals(URI.create("http://llama:8080/health"), health("http://llama:8080"));
    assertEquals(URI.create("http://llama:8080/api/health"), health("http://llama:8080/api"));
  }

  @Test
  void only_http_and_https_base_urls_are_accepted() {
    for (String url : List.of("ftp://h/v1", "file:///v1", "ws://h/v1", "//h/v1", "h:8000/v1")) {
      IllegalArgumentException error =
          assertThrows(IllegalArgumentException.class, () -> health(url), url);

      assertTrue(error.getMessage().contains("http:// or https://"), error.getMessage());
    }
  }

  @Test
  void an_upper_case_scheme_is_accepted_and_normalised() {
    ProviderSettings settings = ProviderSettings.defaults(URI.create("HTTP://vllm:8000/v1"));

    assertEquals("http", settings.baseUrl().getScheme());
  }

  @Test
  void a_base_url_without_a_host_is_rejected() {
    IllegalArgumentException error =
        assertThrows(IllegalArgumentException.class, () -> health("http:///v1"));

    assertTrue(error.getMessage().contains("no host"), error.getMessage());
  }

  @Test
  void a_base_url_with_a_query_or_fragment_is_rejected() {
    assertThrows(IllegalArgumentException.class, () -> health("http://vllm:8000/v1?api-version=1"));
    assertThrows(IllegalArgumentException.class, () -> health("http://vllm:8000/v1#top"));
  }

  @Test
  void a_base_url_with_user_info_is_rejected_without_repeating_it() {
    IllegalArgumentException error =
        assertThrows(
            IllegalArgumentException.class,
            () -> health("https://admin:sk-secret-4711@gw.example.com/v1"));

    assertTrue(error.getMessage().contains("key reference"), error.getMessage());
    assertFalse(error.getMessage().contains("sk-secret-4711"), error.getMessage());
    assertFalse(error.getMessage().contains("admin"), error.getMessage());
  }

  @Test
  void blank_text_settings_fall_back_to_their_defaults() {
    ProviderSettings settings =
        SettingsBuilder.of("http://vllm:8000/v1")
            .apiKeyRef("  llm.key ")
            .auth(" ", null)
            .chatModel(null)
            .build();

    assertEquals("llm.key", settings.apiKeyRef());
    assertEquals("Authorization", settings.authHeader());
    assertEquals("", settings.authScheme());
    assertEquals("", settings.chatModel());
  }

  @Test
  void numbers_out_of_range_are_rejected_naming_the_setting() {
    assertRejected("max retries", () -> settings().maxRetries(11).build());
    assertRejected("max concurrent calls", () -> settings().bulkhead(0, 0).build());
    assertRejected("max queued calls", () -> settings().bulkhead(1, -1).build());
    assertRejected(
        "circuit failure threshold", () -> settings().circuit(0, Duration.ofSeconds(1)).build());
    assertRejected("circuit open duration", () -> settings().circuit(1, Duration.ZERO).build());
    assertRejected("embedding batch size", () -> settings().embeddingBatches(0, 1).build());
    assertRejected("embedding concurrency", () -> settings().embeddingBatches(1, 65).build());
  }

  @Test
  void timeouts_must_be_positive() {
    assertRejected(
        "first-byte timeout",
        () -> new Timeouts(Duration.ofSeconds(1), Duration.ZERO, Duration.ofSeconds(1), null));
    assertRejected(
        "idle timeout",
        () ->
            new Timeouts(
                Duration.ofSeconds(1),
                Duration.ofSeconds(1),
                Duration.ofSeconds(-1),
                Duration.ofSeconds(1)));
    assertRejected(
        "total timeout",
        () ->
            new Timeouts(
                Duration.ofSeconds(1), Duration.ofSeconds(1), Duration.ofSeconds(1), null));
  }

  @Test
  void server_kinds_are_parsed_from_common_names() {
    assertEquals(ServerKind.LLM_D, ServerKind.parse(" llm_d "));
    assertEquals(ServerKind.LLM_D, ServerKind.parse("LLMD"));
    assertEquals(ServerKind.OPENAI_COMPATIBLE, ServerKind.parse("vLLM"));
    assertEquals(ServerKind.OPENAI_COMPATIBLE, ServerKind.parse("llama.cpp"));
    assertRejected("unknown server kind 'tgi'", () -> ServerKind.parse("tgi"));
  }

  private static SettingsBuilder settings() {
    return SettingsBuilder.of("http://vllm:8000/v1");
  }

  private static URI health(String baseUrl) {
    return ProviderSettings.defaults(URI.create(baseUrl)).healthUrl();
  }

  private static void assertRejected(String naming, Runnable build) {
    IllegalArgumentException error = assertThrows(IllegalArgumentException.class, build::run);
    assertTrue(error.getMessage().contains(naming), error.getMessage());
  }

  @Test
  void the_builder_starts_from_the_descriptors_defaults_and_the_configuration_reads_the_same() {
    ProviderSettings built = ProviderSettings.builder().build();

    assertEquals(new ProviderConfiguration(k -> java.util.Optional.empty()).current(), built);
    assertEquals(ServerKind.OPENAI_COMPATIBLE, built.kind());
    assertEquals(2, built.maxRetries());
    assertEquals(Timeouts.DEFAULT, built.timeouts());
    assertEquals(Duration.ofSeconds(10), built.timeouts().connect());
  }

  @Test
  void to_builder_changes_only_what_is_named() {
    ProviderSettings settings =
        ProviderSettings.builder().baseUrl("http://vllm:8000/v1").chatModel("m").build();

    ProviderSettings changed = settings.toBuilder().maxRetries(5).build();

    assertEquals(5, changed.maxRetries());
    assertEquals(settings, changed.toBuilder().maxRetries(settings.maxRetries()).build());
    assertEquals(0, settings.withoutRetries().maxRetries());
    assertThrows(IllegalArgumentException.class, () -> settings.toBuilder().maxRetries(11).build());
  }
}
