package io.cmsai.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cmsai.config.KeyResolver.Found;
import io.cmsai.config.KeyResolver.Resolution;
import io.cmsai.platform.DataDirectory;
import io.cmsai.testing.LogRecords;
import io.cmsai.testing.ServerLikeConfig;
import io.cmsai.testing.ServerLikeConfig.Extra;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KeyResolverTest {

  private static final String CONFIG_SECRET = "sk-from-config-1234";
  private static final String FILE_SECRET = "sk-from-file-5678";
  private static final String PROPERTY = "cms.ai.secret.unit-test.key";

  @TempDir Path dir;

  private final Map<String, Found> config = new HashMap<>();
  private final Map<String, String> hosts = new HashMap<>();
  private final List<String> oldStyle = new ArrayList<>();
  private Path secrets;
  private KeyResolver resolver;

  @BeforeEach
  void create() throws IOException {
    secrets = Files.createDirectories(dir.resolve("secrets"));
    resolver =
        new KeyResolver(
            name -> Optional.ofNullable(config.get(name)),
            name -> Optional.ofNullable(hosts.get(name)),
            oldStyle::contains,
            secrets);
  }

  @AfterEach
  void clearProperties() {
    System.clearProperty(PROPERTY);
    System.clearProperty("unit-test.key");
  }

  // --- the sources a reference resolves from, on a server-like configuration ---

  @Test
  void a_reference_resolves_from_cms_ai_secret_as_a_system_property() {
    System.setProperty(PROPERTY, CONFIG_SECRET);
    KeyResolver server = serverResolver(Map.of());

    assertEquals(Optional.of(CONFIG_SECRET), server.resolve("unit-test.key"));
    assertEquals("system property", server.describe("unit-test.key").source());
  }

  @Test
  void a_reference_resolves_from_a_password_alias_named_cms_ai_secret() {
    KeyResolver server =
        serverResolver(
            Map.of("cms.ai.secret.portal.key", new Extra(CONFIG_SECRET, "Password Alias")));

    assertEquals(Optional.of(CONFIG_SECRET), server.resolve("portal.key"));
    assertEquals("Payara password alias", server.describe("portal.key").source());
  }

  @Test
  void the_environment_variable_of_a_reference_is_cms_ai_secret_in_upper_case_with_underscores() {
    assertEquals("CMS_AI_SECRET_LLM_API_KEY", KeyResolver.environmentName("llm.api-key"));
    assertEquals("CMS_AI_SECRET_OPENAI_KEY_2", KeyResolver.environmentName("OpenAI_key-2"));
  }

  @Test
  void server_settings_environment_variables_and_system_properties_never_resolve()
      throws IOException {
    System.setProperty("unit-test.key", CONFIG_SECRET);
    KeyResolver server =
        serverResolver(
            Map.of(
                "cms.ai.admin.initial-password", new Extra("Admin-Passw0rd", "Properties"),
                "cms.ai.db.password", new Extra("db-secret", "Environment"),
                "portal.alias", new Extra("alias-secret", "Password Alias")));

    for (String name :
        List.of(
            "unit-test.key",
            "cms.ai.admin.initial-password",
            "cms.ai.db.password",
            "portal.alias",
            "PATH",
            "HOME",
            "java.home",
            "user.name")) {
      assertEquals(Optional.empty(), server.resolve(name), name);
      assertEquals(
          new Resolution(name, false, "not found", server.describe(name).hint()),
          server.describe(name),
          name);
    }
    assertTrue(System.getenv("PATH") != null, "the test needs PATH in its environment");
  }

  @Test
  void a_name_with_a_value_elsewhere_is_described_exactly_like_a_name_with_none() {
    System.setProperty("unit-test.key", CONFIG_SECRET);
    KeyResolver server = serverResolver(Map.of());

    Resolution exists = server.describe("unit-test.key");
    Resolution none = server.describe("unit-test.kez");

    assertEquals(
        none.hint().replace("unit-test.kez", "X").replace("UNIT_TEST_KEZ", "X"),
        exists.hint().replace("unit-test.key", "X").replace("UNIT_TEST_KEY", "X"));
    assertEquals(none.source(), exists.source());
  }

  // --- the secrets directory ---

  @Test
  void the_configuration_under_cms_ai_secret_is_asked_before_the_secrets_file() throws IOException {
    config.put("llm.key", new Found(CONFIG_SECRET, "environment variable"));
    secret("llm.key", FILE_SECRET);

    assertEquals(Optional.of(CONFIG_SECRET), resolver.resolve("llm.key"));
  }

  @Test
  void a_reference_missing_from_the_configuration_is_read_from_its_secrets_file()
      throws IOException {
    secret("llm.key", FILE_SECRET);

    assertEquals(Optional.of(FILE_SECRET), resolver.resolve("llm.key"));
  }

  @Test
  void a_blank_configuration_value_falls_back_to_the_secrets_file() throws IOException {
    config.put("llm.key", new Found("  ", "environment variable"));
    secret("llm.key", FILE_SECRET);

    assertEquals(Optional.of(FILE_SECRET), resolver.resolve("llm.key"));
  }

  @Test
  void whitespace_around_a_secret_in_its_file_is_ignored() throws IOException {
    secret("llm.key", "\n  " + FILE_SECRET + " \r\n\n");

    assertEquals(Optional.of(FILE_SECRET), resolver.resolve("llm.key"));
  }

  @Test
  void a_missing_empty_or_oversized_file_does_not_resolve() throws IOException {
    secret("empty.key", " \n");
    secret("huge.key", "x".repeat(64 * 1024 + 1));
    Files.createDirectories(secrets.resolve("dir.key"));

    assertEquals(Optional.empty(), resolver.resolve("missing.key"));
    assertEquals(Optional.empty(), resolver.resolve("empty.key"));
    assertEquals(Optional.empty(), resolver.resolve("huge.key"));
    assertEquals(Optional.empty(), resolver.resolve("dir.key"));
  }

  @Test
  void a_rotated_secret_file_applies_to_the_next_lookup() throws IOException {
    secret("llm.key", FILE_SECRET);
    assertEquals(Optional.of(FILE_SECRET), resolver.resolve("llm.key"));

    secret("llm.key", "sk-rotated-9999");

    assertEquals(Optional.of("sk-rotated-9999"), resolver.resolve("llm.key"));
  }

  @Test
  void names_that_could_leave_the_secrets_directory_are_rejected() throws IOException {
    Files.writeString(dir.resolve("outside"), FILE_SECRET, StandardCharsets.UTF_8);

    for (String name :
        List.of("../outside", "..", ".hidden", "a/b", "a\\b", "", " ", "x".repeat(129))) {
      assertFalse(KeyResolver.isValidReference(name), name);
      assertThrows(IllegalArgumentException.class, () -> resolver.resolve(name), name);
    }
    assertFalse(KeyResolver.isValidReference(null));
  }

  @Test
  void names_of_letters_digits_dots_dashes_and_underscores_are_valid_except_dot_hosts() {
    for (String name : List.of("llm.key", "OPENAI_API_KEY", "azure-key-2", "a", "x".repeat(128))) {
      assertTrue(KeyResolver.isValidReference(name), name);
    }
    assertFalse(KeyResolver.isValidReference("llm.key.hosts"));
  }

  // --- what is said about a reference ---

  @Test
  void describe_tells_where_a_reference_resolves_but_never_the_value() throws IOException {
    config.put("env.key", new Found(CONFIG_SECRET, "environment variable"));
    secret("file.key", FILE_SECRET);

    Resolution fromConfig = resolver.describe("env.key");
    Resolution fromFile = resolver.describe("file.key");

    assertEquals(new Resolution("env.key", true, "environment variable", ""), fromConfig);
    assertEquals(new Resolution("file.key", true, "secrets file", ""), fromFile);
    assertFalse(fromConfig.toString().contains(CONFIG_SECRET), fromConfig::toString);
    assertFalse(fromFile.toString().contains(FILE_SECRET), fromFile::toString);
  }

  @Test
  void describe_reports_missing_and_invalid_references_without_throwing() {
    Resolution missing = resolver.describe("missing.key");

    assertFalse(missing.resolved());
    assertEquals("not found", missing.source());
    assertEquals(
        new Resolution("../x", false, "invalid reference name", ""), resolver.describe("../x"));
  }

  @Test
  void the_unresolved_message_names_the_file_the_property_and_the_environment_variable() {
    String message = resolver.unresolvedMessage("llm.api-key");

    assertTrue(message.contains("'llm.api-key' does not resolve"), message);
    assertTrue(message.contains(secrets.resolve("llm.api-key").toString()), message);
    assertTrue(message.contains("cms.ai.secret.llm.api-key"), message);
    assertTrue(message.contains("CMS_AI_SECRET_LLM_API_KEY"), message);
    assertTrue(message.contains("Key references page"), message);
    assertEquals(
        message.substring(message.indexOf(": ") + 2), resolver.describe("llm.api-key").hint());
  }

  @Test
  void a_found_value_never_shows_in_its_text() {
    Found found = new Found(CONFIG_SECRET, "system property");

    assertFalse(found.toString().contains(CONFIG_SECRET), found::toString);
    assertTrue(found.toString().contains("system property"), found::toString);
  }

  @Test
  void configuration_sources_are_named_in_plain_words() {
    assertEquals("environment variable", KeyResolver.describeSource("Environment"));
    assertEquals("system property", KeyResolver.describeSource("SystemPropertyConfigSource"));
    assertEquals("Payara password alias", KeyResolver.describeSource("Password Alias"));
    assertEquals("secrets directory", KeyResolver.describeSource("SecretsDirConfigSource"));
    assertEquals("configuration", KeyResolver.describeSource(null));
    assertEquals("Custom", KeyResolver.describeSource("Custom"));
  }

  // --- allowed hosts ---

  @Test
  void an_unbound_reference_may_be_sent_anywhere() throws IOException {
    secret("llm.key", FILE_SECRET);

    assertEquals(
        Optional.of(FILE_SECRET),
        resolver.resolveFor("llm.key", List.of(new Destination("anywhere.example", 443))));
  }

  @Test
  void a_bound_reference_is_sent_only_to_its_hosts() throws IOException {
    secret("llm.key", FILE_SECRET);
    hosts.put("llm.key", "api.example.com, 10.0.0.5:8000 ,[::1]:9000");

    assertEquals(
        Optional.of(FILE_SECRET),
        resolver.resolveFor("llm.key", List.of(new Destination("API.example.com.", 443))));
    assertEquals(
        Optional.of(FILE_SECRET),
        resolver.resolveFor("llm.key", List.of(new Destination("10.0.0.5", 8000))));
    assertEquals(
        Optional.of(FILE_SECRET),
        resolver.resolveFor("llm.key", List.of(new Destination("[::1]", 9000))));
    for (Destination other :
        List.of(
            new Destination("evil.example", 443),
            new Destination("10.0.0.5", 8001),
            new Destination("api.example.com.evil.example", 443),
            new Destination("::1", 9001))) {
      DestinationRefusedException refused =
          assertThrows(
              DestinationRefusedException.class,
              () -> resolver.resolveFor("llm.key", List.of(other)),
              other.toString());
      assertTrue(refused.getMessage().contains("'llm.key'"), refused.getMessage());
      assertTrue(refused.getMessage().contains(other.toString()), refused.getMessage());
      assertTrue(refused.getMessage().contains("cms.ai.secret.llm.key.hosts"));
      assertFalse(refused.getMessage().contains(FILE_SECRET));
    }
  }

  @Test
  void every_destination_of_a_connection_must_be_allowed() throws IOException {
    secret("pg.password", FILE_SECRET);
    hosts.put("pg.password", "db1.internal,db2.internal");

    assertThrows(
        DestinationRefusedException.class,
        () ->
            resolver.resolveFor(
                "pg.password",
                List.of(new Destination("db1.internal", 5432), new Destination("evil", 5432))));
  }

  @Test
  void the_allowed_hosts_are_read_from_cms_ai_secret_name_hosts() throws IOException {
    secret("llm.key", FILE_SECRET);
    KeyResolver server =
        serverResolver(
            Map.of("cms.ai.secret.llm.key.hosts", new Extra("api.example.com", "Properties")));

    assertEquals(List.of("api.example.com"), server.allowedHosts("llm.key"));
    assertThrows(
        DestinationRefusedException.class,
        () -> server.resolveFor("llm.key", List.of(new Destination("other.example", 443))));
  }

  // --- migration ---

  @Test
  void an_old_style_value_is_named_once_in_the_server_log_and_never_in_the_message() {
    oldStyle.add("llm.key");
    List<LogRecord> records = new ArrayList<>();
    Handler handler = new LogRecords(records);
    Logger logger = Logger.getLogger(KeyResolver.class.getName());
    logger.addHandler(handler);
    try {
      Destination to = new Destination("api.example.com", 443);
      assertEquals(Optional.empty(), resolver.resolveFor("llm.key", List.of(to)));
      assertEquals(Optional.empty(), resolver.resolveFor("llm.key", List.of(to)));
      assertEquals(Optional.empty(), resolver.resolveFor("other.key", List.of(to)));
    } finally {
      logger.removeHandler(handler);
    }

    assertEquals(1, records.size(), records.toString());
    String logged = records.get(0).getMessage();
    assertTrue(logged.contains("'llm.key'"), logged);
    assertTrue(logged.contains("CMS_AI_SECRET_LLM_KEY"), logged);
    assertFalse(resolver.unresolvedMessage("llm.key").contains("no longer"));
  }

  private KeyResolver serverResolver(Map<String, Extra> extra) {
    Map<String, Extra> all = new HashMap<>(extra);
    all.put(KeyResolver.SECRETS_DIR_KEY, new Extra(secrets.toString(), "Properties"));
    return new KeyResolver(new ServerLikeConfig(all), new DataDirectory(dir.toString()));
  }

  private void secret(String name, String value) throws IOException {
    Files.writeString(secrets.resolve(name), value, StandardCharsets.UTF_8);
  }
}
