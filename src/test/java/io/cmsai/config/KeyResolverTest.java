package io.cmsai.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cmsai.config.KeyResolver.Found;
import io.cmsai.config.KeyResolver.Resolution;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KeyResolverTest {

  private static final String CONFIG_SECRET = "sk-from-config-1234";
  private static final String FILE_SECRET = "sk-from-file-5678";

  @TempDir Path dir;

  private final Map<String, Found> config = new HashMap<>();
  private Path secrets;
  private KeyResolver resolver;

  @BeforeEach
  void create() throws IOException {
    secrets = Files.createDirectories(dir.resolve("secrets"));
    resolver = new KeyResolver(name -> Optional.ofNullable(config.get(name)), secrets);
  }

  @Test
  void the_configuration_is_asked_first() throws IOException {
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
  void names_of_letters_digits_dots_dashes_and_underscores_are_valid() {
    for (String name : List.of("llm.key", "OPENAI_API_KEY", "azure-key-2", "a", "x".repeat(128))) {
      assertTrue(KeyResolver.isValidReference(name), name);
    }
  }

  @Test
  void describe_tells_where_a_reference_resolves_but_never_the_value() throws IOException {
    config.put("env.key", new Found(CONFIG_SECRET, "environment variable"));
    secret("file.key", FILE_SECRET);

    Resolution fromConfig = resolver.describe("env.key");
    Resolution fromFile = resolver.describe("file.key");

    assertEquals(new Resolution("env.key", true, "environment variable"), fromConfig);
    assertEquals(new Resolution("file.key", true, "secrets file"), fromFile);
    assertFalse(fromConfig.toString().contains(CONFIG_SECRET), fromConfig::toString);
    assertFalse(fromFile.toString().contains(FILE_SECRET), fromFile::toString);
  }

  @Test
  void describe_reports_missing_and_invalid_references_without_throwing() {
    assertEquals(
        new Resolution("missing.key", false, "not found"), resolver.describe("missing.key"));
    assertEquals(
        new Resolution("../x", false, "invalid reference name"), resolver.describe("../x"));
  }

  @Test
  void a_found_value_never_shows_in_its_text() {
    Found found = new Found(CONFIG_SECRET, "system property");

    assertFalse(found.toString().contains(CONFIG_SECRET), found::toString);
    assertTrue(found.toString().contains("system property"), found::toString);
  }

  @Test
  void configuration_sources_are_named_in_plain_words() {
    assertEquals("environment variable", KeyResolver.describeSource("EnvironmentConfigSource"));
    assertEquals("system property", KeyResolver.describeSource("SystemPropertyConfigSource"));
    assertEquals("Payara password alias", KeyResolver.describeSource("PasswordAliasConfigSource"));
    assertEquals("secrets directory", KeyResolver.describeSource("SecretsDirConfigSource"));
    assertEquals("configuration", KeyResolver.describeSource(null));
    assertEquals("Custom", KeyResolver.describeSource("Custom"));
  }

  private void secret(String name, String value) throws IOException {
    Files.writeString(secrets.resolve(name), value, StandardCharsets.UTF_8);
  }
}
