package io.cmsai.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cmsai.config.KeyReferences.Declaration;
import io.cmsai.config.KeyReferences.KeyReference;
import io.cmsai.platform.Database;
import io.cmsai.testing.TestDatabases;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The key store: known references and whether each resolves, never a value. */
class KeyReferencesTest {

  @TempDir Path temp;

  private Database database;
  private KeyReferences references;
  private KeyResolver resolver;
  private Path secrets;

  @BeforeEach
  void open() throws Exception {
    database = TestDatabases.migratedH2(temp);
    secrets = Files.createDirectories(temp.resolve("secrets"));
    Files.writeString(secrets.resolve("llmd.key"), "sk-file-secret\n");
    Files.writeString(secrets.resolve(".hidden"), "not a reference");
    Files.createDirectories(secrets.resolve("..data"));
    Map<String, KeyResolver.Found> config =
        Map.of("openai.key", new KeyResolver.Found("sk-env-secret", "environment variable"));
    resolver = new KeyResolver(name -> Optional.ofNullable(config.get(name)), secrets);
    references =
        new KeyReferences(
            new SettingsRepository(database), resolver, () -> List.of("openai.key", " azure.key"));
  }

  @AfterEach
  void close() {
    database.close();
  }

  @Test
  void references_come_from_registrations_configuration_secret_files_and_settings() {
    references.register("portal.key", "the portal's own account");

    Map<String, KeyReference> byName = byName(references.list(List.of("llmd.key", "gone.key")));

    assertEquals(
        Set.of("portal.key", "openai.key", "azure.key", "llmd.key", "gone.key"), byName.keySet());
    assertEquals(Set.of(Declaration.REGISTERED), byName.get("portal.key").declarations());
    assertEquals("the portal's own account", byName.get("portal.key").note());
    assertFalse(byName.get("portal.key").resolution().resolved());
    assertEquals("environment variable", byName.get("openai.key").resolution().source());
    assertEquals(
        Set.of(Declaration.SECRETS_FILE, Declaration.IN_USE),
        byName.get("llmd.key").declarations());
    assertEquals("secrets file", byName.get("llmd.key").resolution().source());
    assertFalse(byName.get("gone.key").resolution().resolved());
    assertFalse(byName.values().toString().contains("sk-"), "no value leaks: " + byName.values());
  }

  @Test
  void registrations_are_validated_and_can_be_removed() {
    IllegalArgumentException bad =
        assertThrows(IllegalArgumentException.class, () -> references.register("sk 123!", ""));
    assertTrue(bad.getMessage().contains("letters, digits"));
    assertThrows(
        IllegalArgumentException.class, () -> references.register("ok.key", "x".repeat(501)));

    references.register("ok.key", "");
    assertTrue(references.unregister("ok.key"));
    assertFalse(references.unregister("ok.key"));
    assertFalse(byName(references.list(List.of())).containsKey("ok.key"));
  }

  @Test
  void a_value_set_by_an_administrator_resolves_at_once_and_can_be_replaced_and_deleted() {
    references.register("portal.key", "");

    KeyReference set = references.setValue("portal.key", "  sk-console-1111  ");

    assertTrue(set.resolution().resolved());
    assertEquals("secrets file", set.resolution().source());
    assertTrue(set.declarations().contains(Declaration.SECRETS_FILE));
    assertEquals(Optional.of("sk-console-1111"), resolver.resolve("portal.key"));
    assertFalse(set.toString().contains("sk-console"), set::toString);

    references.setValue("portal.key", "sk-console-2222");
    assertEquals(Optional.of("sk-console-2222"), resolver.resolve("portal.key"));

    assertTrue(references.removeValue("portal.key"));
    assertFalse(references.removeValue("portal.key"));
    assertEquals(Optional.empty(), resolver.resolve("portal.key"));
  }

  @Test
  void values_are_bounded_one_line_and_never_echoed_in_the_refusal() {
    for (String value :
        List.of("", "   ", "x".repeat(16 * 1024 + 1), "sk-line1\nsk-line2", "sk-nul\0x")) {
      IllegalArgumentException refused =
          assertThrows(
              IllegalArgumentException.class, () -> references.setValue("portal.key", value));
      assertFalse(refused.getMessage().contains("sk-"), refused.getMessage());
      assertFalse(refused.getMessage().contains("xxxx"), refused.getMessage());
    }
    assertThrows(IllegalArgumentException.class, () -> references.setValue("../x", "sk-1"));
    assertThrows(IllegalArgumentException.class, () -> references.setValue("a.hosts", "sk-1"));
  }

  @Test
  void a_value_configured_under_cms_ai_secret_is_not_shadowed_by_one_set_here() {
    IllegalStateException conflict =
        assertThrows(
            IllegalStateException.class, () -> references.setValue("openai.key", "sk-other"));

    assertTrue(conflict.getMessage().contains("cms.ai.secret.openai.key"), conflict.getMessage());
    assertTrue(conflict.getMessage().contains("environment variable"), conflict.getMessage());
    assertFalse(Files.exists(secrets.resolve("openai.key")));
  }

  private static Map<String, KeyReference> byName(List<KeyReference> list) {
    Map<String, KeyReference> map = new java.util.TreeMap<>();
    list.forEach(k -> map.put(k.name(), k));
    return map;
  }
}
