package io.cmsai.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.cmsai.platform.Database;
import io.cmsai.testing.TestDatabases;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Settings groups are read on every call, so a prefix is read from the database once and then
 * answered from memory until something is written through the repository.
 */
class SettingsRepositoryTest {

  @TempDir Path temp;

  private Database database;
  private SettingsRepository repository;

  @BeforeEach
  void open() {
    database = TestDatabases.migratedH2(temp);
    repository = new SettingsRepository(database);
  }

  @AfterEach
  void close() {
    database.close();
  }

  @Test
  void a_prefix_is_read_once_until_a_write() {
    repository.put("group.a", "1");

    Map<String, String> first = repository.findByPrefix("group.");

    assertEquals(Map.of("group.a", "1"), first);
    assertSame(first, repository.findByPrefix("group."), "answered from memory");
  }

  @Test
  void every_kind_of_write_is_seen_by_the_next_read() {
    assertEquals(Map.of(), repository.findByPrefix("group."));

    repository.put("group.a", "1");
    assertEquals(Map.of("group.a", "1"), repository.findByPrefix("group."));

    repository.putIfAbsent("group.b", "2");
    assertEquals(Map.of("group.a", "1", "group.b", "2"), repository.findByPrefix("group."));

    repository.saveAll(Map.of("group.c", "3"), Set.of("group.a"));
    assertEquals(Map.of("group.b", "2", "group.c", "3"), repository.findByPrefix("group."));
  }

  @Test
  void a_write_under_another_prefix_does_not_change_what_a_prefix_holds() {
    repository.put("group.a", "1");
    repository.findByPrefix("group.");

    repository.put("other.x", "9");

    assertEquals(Map.of("group.a", "1"), repository.findByPrefix("group."));
    assertEquals(Map.of("other.x", "9"), repository.findByPrefix("other."));
  }

  @Test
  void what_a_prefix_holds_cannot_be_changed_by_a_caller() {
    Map<String, String> values = repository.findByPrefix("group.");

    assertThrows(UnsupportedOperationException.class, () -> values.put("group.z", "x"));
  }
}
