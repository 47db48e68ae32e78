package io.cmsai.provider;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cmsai.config.LayeredSettings.Field;
import io.cmsai.config.LayeredSettings.Origin;
import io.cmsai.config.SettingsRepository;
import io.cmsai.platform.Database;
import io.cmsai.testing.TestDatabases;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Administrator-saved provider settings over configuration, in the module's H2 database. */
class SavedProviderSettingsTest {

  @TempDir Path temp;

  private Database database;
  private SettingsRepository repository;
  private final Map<String, String> configured = new HashMap<>();

  @BeforeEach
  void open() {
    database = TestDatabases.migratedH2(temp);
    repository = new SettingsRepository(database);
    configured.put("cms.ai.provider.base-url", "http://configured:8000/v1");
    configured.put("cms.ai.provider.idle-timeout", "30s");
  }

  @AfterEach
  void close() {
    database.close();
  }

  @Test
  void saved_values_override_configured_ones_at_once_and_after_a_restart() {
    ProviderConfiguration configuration = configuration();
    assertEquals("http://configured:8000/v1/", configuration.current().baseUrl().toString());

    configuration.save(
        Map.of(
            "cms.ai.provider.base-url", "https://gateway:8443/v1",
            "cms.ai.provider.api-key-ref", "llmd.key"));

    assertEquals("https://gateway:8443/v1/", configuration.current().baseUrl().toString());
    ProviderSettings afterRestart = configuration().current();
    assertEquals("https://gateway:8443/v1/", afterRestart.baseUrl().toString());
    assertEquals("llmd.key", afterRestart.apiKeyRef());
    assertEquals(Duration.ofSeconds(30), afterRestart.timeouts().idle(), "configured, not saved");
  }

  @Test
  void a_blank_value_removes_the_saved_one_so_the_configured_value_applies_again() {
    ProviderConfiguration configuration = configuration();
    configuration.save(Map.of("cms.ai.provider.idle-timeout", "90s"));

    configuration.save(Map.of("cms.ai.provider.idle-timeout", " "));

    assertEquals(Duration.ofSeconds(30), configuration.current().timeouts().idle());
    assertTrue(repository.findByPrefix(ProviderConfiguration.PREFIX).isEmpty());
  }

  @Test
  void an_invalid_value_is_refused_and_nothing_of_the_change_is_saved() {
    ProviderConfiguration configuration = configuration();

    IllegalArgumentException error =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                configuration.save(
                    Map.of(
                        "cms.ai.provider.chat-model", "good-model",
                        "cms.ai.provider.connect-timeout", "soon")));
    IllegalArgumentException unknown =
        assertThrows(
            IllegalArgumentException.class,
            () -> configuration.save(Map.of("cms.ai.provider.colour", "blue")));
    IllegalArgumentException scheme =
        assertThrows(
            IllegalArgumentException.class,
            () -> configuration.save(Map.of("cms.ai.provider.base-url", "ftp://x/v1")));

    assertTrue(error.getMessage().contains("cms.ai.provider.connect-timeout"), error.getMessage());
    assertTrue(unknown.getMessage().contains("cms.ai.provider.colour"), unknown.getMessage());
    assertTrue(scheme.getMessage().contains("http://"), scheme.getMessage());
    assertEquals(Map.of(), repository.findByPrefix(ProviderConfiguration.PREFIX));
  }

  @Test
  void origins_say_which_values_are_saved_configured_or_built_in() {
    ProviderConfiguration configuration = configuration();
    configuration.save(Map.of("cms.ai.provider.chat-model", "m"));

    Map<String, Origin> origins = configuration.origins();

    assertEquals(Origin.SAVED, origins.get("cms.ai.provider.chat-model"));
    assertEquals(Origin.CONFIGURED, origins.get("cms.ai.provider.base-url"));
    assertEquals(Origin.DEFAULT, origins.get("cms.ai.provider.max-retries"));
    assertEquals(ProviderConfiguration.KEYS.size(), origins.size());
  }

  @Test
  void only_keys_under_the_prefix_are_read_even_with_like_wildcards_nearby() {
    repository.put("cms_ai_provider_x", "not mine");
    repository.put("cms.ai.providerX", "not mine either");
    repository.put("cms.ai.provider.chat-model", "mine");

    assertEquals(
        Map.of("cms.ai.provider.chat-model", "mine"),
        repository.findByPrefix(ProviderConfiguration.PREFIX));
  }

  @Test
  void every_invalid_field_gets_its_own_message_and_nothing_is_saved() {
    ProviderConfiguration configuration = configuration();

    Map<String, String> problems =
        configuration.problems(
            Map.of(
                "cms.ai.provider.base-url", "ftp://gateway/v1",
                "cms.ai.provider.connect-timeout", "0s",
                "cms.ai.provider.total-timeout", "soon",
                "cms.ai.provider.max-retries", "11",
                "cms.ai.provider.api-key-ref", "sk-not a name",
                "cms.ai.provider.chat-model", "fine"));

    assertEquals(
        Set.of(
            "cms.ai.provider.base-url",
            "cms.ai.provider.connect-timeout",
            "cms.ai.provider.total-timeout",
            "cms.ai.provider.max-retries",
            "cms.ai.provider.api-key-ref"),
        problems.keySet());
    assertTrue(problems.get("cms.ai.provider.base-url").contains("http://"));
    assertEquals(
        "must be between 1ms and 5m, got '0s'", problems.get("cms.ai.provider.connect-timeout"));
    assertTrue(problems.get("cms.ai.provider.total-timeout").contains("not a duration"));
    assertTrue(problems.get("cms.ai.provider.max-retries").contains("0..10"));
    assertTrue(problems.get("cms.ai.provider.api-key-ref").contains("never the key itself"));
    assertEquals(
        Map.of("cms.ai.provider.x", "unknown setting"),
        configuration.problems(Map.of("cms.ai.provider.x", "1")));
    assertTrue(configuration.problems(Map.of("cms.ai.provider.total-timeout", "24h")).isEmpty());
    assertFalse(configuration.problems(Map.of("cms.ai.provider.total-timeout", "25h")).isEmpty());
    assertTrue(repository.findByPrefix(ProviderConfiguration.PREFIX).isEmpty());
  }

  @Test
  void a_preview_applies_unsaved_values_without_saving_them() {
    ProviderConfiguration configuration = configuration();
    configuration.save(Map.of("cms.ai.provider.chat-model", "saved-model"));

    ProviderSettings preview =
        configuration.preview(
            Map.of(
                "cms.ai.provider.base-url", "http://other:9000/v1",
                "cms.ai.provider.chat-model", ""));

    assertEquals("http://other:9000/v1/", preview.baseUrl().toString());
    assertEquals("", preview.chatModel(), "a blank value previews the inherited one");
    assertEquals("saved-model", configuration.current().chatModel());
    assertEquals("http://configured:8000/v1/", configuration.current().baseUrl().toString());
  }

  @Test
  void settings_show_saved_inherited_and_default_values_and_reset_removes_every_saved_one() {
    ProviderConfiguration configuration = configuration();
    configuration.save(Map.of("cms.ai.provider.base-url", "https://saved:1/v1"));

    Map<String, Field> byKey = new HashMap<>();
    configuration.settings().forEach(s -> byKey.put(s.key(), s));

    assertEquals(ProviderConfiguration.KEYS.size(), byKey.size());
    Field url = byKey.get("base-url");
    assertEquals("https://saved:1/v1", url.saved());
    assertEquals(Origin.SAVED, url.origin());
    assertEquals("http://configured:8000/v1", url.inherited());
    assertEquals(Origin.CONFIGURED, url.inheritedOrigin());
    Field idle = byKey.get("idle-timeout");
    assertEquals(Origin.CONFIGURED, idle.origin());
    assertEquals("30s", idle.inherited());
    Field total = byKey.get("total-timeout");
    assertEquals(Origin.DEFAULT, total.origin());
    assertEquals("15m", total.inherited());
    assertEquals("", total.saved());

    configuration.reset();

    assertTrue(repository.findByPrefix(ProviderConfiguration.PREFIX).isEmpty());
    assertEquals("http://configured:8000/v1/", configuration.current().baseUrl().toString());
  }

  @Test
  void texts_read_back_to_the_same_settings() {
    ProviderConfiguration configuration = configuration();
    configuration.save(
        Map.of(
            "cms.ai.provider.auth-scheme", "none",
            "cms.ai.provider.kind", "llm-d",
            "cms.ai.provider.connect-timeout", "1500ms",
            "cms.ai.provider.base-url", "https://saved:1/v1/"));
    ProviderSettings settings = configuration.current();
    Map<String, String> texts = configuration.texts();
    Map<String, String> full = new HashMap<>();
    texts.forEach((k, v) -> full.put(ProviderConfiguration.PREFIX + k, v));

    assertEquals(
        settings, new ProviderConfiguration(k -> Optional.ofNullable(full.get(k))).current());
    assertEquals("1500ms", ProviderConfiguration.text(Duration.ofMillis(1500)));
    assertEquals("2m", ProviderConfiguration.text(Duration.ofSeconds(120)));
  }

  private ProviderConfiguration configuration() {
    return new ProviderConfiguration(
        key -> Optional.ofNullable(configured.get(key)),
        () -> repository.findByPrefix(ProviderConfiguration.PREFIX),
        repository::saveAll);
  }
}
