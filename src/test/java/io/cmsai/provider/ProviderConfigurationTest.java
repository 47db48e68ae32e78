package io.cmsai.provider;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ProviderConfigurationTest {

  @Test
  void defaults_apply_when_nothing_is_configured() {
    ProviderSettings settings = config(Map.of()).current();

    assertEquals("http://localhost:8000/v1/", settings.baseUrl().toString());
    assertEquals("Authorization", settings.authHeader());
    assertEquals("Bearer", settings.authScheme());
    assertEquals(ProviderSettings.Timeouts.DEFAULT, settings.timeouts());
    assertEquals("", settings.apiKeyRef());
  }

  @Test
  void configured_values_override_the_defaults() {
    ProviderSettings settings =
        config(
                Map.of(
                    "cms.ai.provider.kind", "llm-d",
                    "cms.ai.provider.base-url", "https://gateway.internal:8443/v1",
                    "cms.ai.provider.api-key-ref", "llmd.key",
                    "cms.ai.provider.auth-header", "api-key",
                    "cms.ai.provider.auth-scheme", "none",
                    "cms.ai.provider.first-byte-timeout", "90s",
                    "cms.ai.provider.idle-timeout", "PT45S",
                    "cms.ai.provider.connect-timeout", "500ms",
                    "cms.ai.provider.debug", "yes",
                    "cms.ai.provider.embedding-batch-size", "16"))
            .current();

    assertEquals(ProviderSettings.ServerKind.LLM_D, settings.kind());
    assertEquals("https://gateway.internal:8443/v1/", settings.baseUrl().toString());
    assertEquals("llmd.key", settings.apiKeyRef());
    assertEquals("api-key", settings.authHeader());
    assertEquals("", settings.authScheme());
    assertEquals(Duration.ofSeconds(90), settings.timeouts().firstByte());
    assertEquals(Duration.ofSeconds(45), settings.timeouts().idle());
    assertEquals(Duration.ofMillis(500), settings.timeouts().connect());
    assertTrue(settings.debug());
    assertEquals(16, settings.embeddingBatchSize());
  }

  @Test
  void an_invalid_value_names_its_key() {
    IllegalArgumentException error =
        assertThrows(
            IllegalArgumentException.class,
            () -> config(Map.of("cms.ai.provider.idle-timeout", "soon")).current());
    IllegalArgumentException scheme =
        assertThrows(
            IllegalArgumentException.class,
            () -> config(Map.of("cms.ai.provider.base-url", "ftp://host/v1")).current());
    IllegalArgumentException retries =
        assertThrows(
            IllegalArgumentException.class,
            () -> config(Map.of("cms.ai.provider.max-retries", "99")).current());

    assertTrue(error.getMessage().contains("cms.ai.provider.idle-timeout"), error.getMessage());
    assertTrue(scheme.getMessage().contains("http:// or https://"), scheme.getMessage());
    assertTrue(
        retries.getMessage().contains("cms.ai.provider.max-retries: must be 0..10"),
        retries.getMessage());
  }

  @Test
  void durations_accept_units_iso_and_plain_seconds() {
    assertEquals(Duration.ofMillis(250), ProviderConfiguration.duration("250ms"));
    assertEquals(Duration.ofSeconds(30), ProviderConfiguration.duration("30"));
    assertEquals(Duration.ofMillis(1500), ProviderConfiguration.duration("1.5s"));
    assertEquals(Duration.ofMinutes(2), ProviderConfiguration.duration("2m"));
    assertEquals(Duration.ofHours(1), ProviderConfiguration.duration("1h"));
    assertEquals(Duration.ofSeconds(5), ProviderConfiguration.duration("PT5S"));
  }

  @Test
  void auth_header_must_be_a_header_name_the_connection_does_not_set_itself() {
    ProviderConfiguration configuration = config(Map.of());

    for (String refused :
        new String[] {
          "Host",
          "connection",
          "Content-Length",
          "Transfer-Encoding",
          "Upgrade",
          "Expect",
          "X A",
          "X-A\r\nX-Injected: 1",
          "a:b"
        }) {
      assertTrue(
          configuration
              .problems(Map.of("cms.ai.provider.auth-header", refused))
              .containsKey("cms.ai.provider.auth-header"),
          refused);
    }
    for (String accepted : new String[] {"Authorization", "api-key", "x-api-key", "X-Custom_Key"}) {
      assertEquals(
          Map.of(),
          configuration.problems(Map.of("cms.ai.provider.auth-header", accepted)),
          accepted);
    }
  }

  @Test
  void auth_scheme_is_one_word_without_line_breaks() {
    ProviderConfiguration configuration = config(Map.of());

    assertTrue(
        configuration
            .problems(Map.of("cms.ai.provider.auth-scheme", "Bearer\r\nX-Injected: 1"))
            .containsKey("cms.ai.provider.auth-scheme"));
    assertTrue(
        configuration
            .problems(Map.of("cms.ai.provider.auth-scheme", "Be arer"))
            .containsKey("cms.ai.provider.auth-scheme"));
    assertEquals(Map.of(), configuration.problems(Map.of("cms.ai.provider.auth-scheme", "none")));
    assertEquals("", config(Map.of("cms.ai.provider.auth-scheme", "none")).current().authScheme());
    assertEquals(Map.of(), configuration.problems(Map.of("cms.ai.provider.auth-scheme", "Token")));
  }

  @Test
  void values_longer_than_the_limit_are_a_field_problem_and_do_not_hide_others() {
    Map<String, String> problems =
        config(Map.of())
            .problems(
                Map.of(
                    "cms.ai.provider.chat-model",
                    "m".repeat(200_000),
                    "cms.ai.provider.max-retries",
                    "11"));

    assertEquals(
        "must be at most 2000 characters, got 200000", problems.get("cms.ai.provider.chat-model"));
    assertTrue(problems.containsKey("cms.ai.provider.max-retries"));
  }

  private static ProviderConfiguration config(Map<String, String> values) {
    return new ProviderConfiguration(key -> Optional.ofNullable(values.get(key)));
  }
}
