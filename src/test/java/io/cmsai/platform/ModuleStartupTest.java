package io.cmsai.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cmsai.config.SettingsRepository;
import io.cmsai.testing.TestDatabases;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Start-up on the embedded default (H2 under the data directory), without a container. */
class ModuleStartupTest {

  @TempDir Path temp;

  @Test
  void starts_on_an_empty_data_directory_and_keeps_the_installation_across_restarts() {
    Path dataDir = temp.resolve("data");

    StartupReport first = startOnce(dataDir, "hello");
    StartupReport second = startOnce(dataDir, null);

    assertEquals(StartupReport.Phase.READY, first.phase());
    assertEquals("1.3", first.schemaVersion().orElseThrow());
    assertTrue(Files.isRegularFile(dataDir.resolve("db/cms-ai.mv.db")));
    assertEquals(StartupReport.Phase.READY, second.phase());
    assertEquals(first.installedAt(), second.installedAt(), "installation date survives restart");
    assertTrue(
        second.startedAt().isAfter(first.startedAt())
            || second.startedAt().equals(first.startedAt()));
  }

  @Test
  void a_saved_setting_survives_a_restart() {
    Path dataDir = temp.resolve("data");
    startOnce(dataDir, "kept ✓");

    Database reopened = database(dataDir);
    reopened.open();
    try {
      assertEquals("kept ✓", new SettingsRepository(reopened).find("test.value").orElseThrow());
    } finally {
      reopened.close();
    }
  }

  @Test
  void an_unusable_data_directory_is_reported_not_thrown() throws IOException {
    Path notADirectory = Files.writeString(temp.resolve("file"), "x");

    Database database = database(notADirectory);
    ModuleStartup startup =
        new ModuleStartup(
            new DataDirectory(notADirectory.toString()),
            database,
            new SchemaMigrator(database),
            new SettingsRepository(database));
    StartupReport report = startup.start();

    assertEquals(StartupReport.Phase.FAILED, report.phase());
    String reason = report.failure().orElseThrow();
    assertTrue(reason.contains(notADirectory.toString()), reason);
    assertTrue(reason.contains("cms.ai.data-dir"), reason);
    assertEquals(report, startup.start(), "start-up runs once");
  }

  private static StartupReport startOnce(Path dataDir, String value) {
    Database database = database(dataDir);
    SettingsRepository settings = new SettingsRepository(database);
    ModuleStartup startup =
        new ModuleStartup(
            new DataDirectory(dataDir.toString()),
            database,
            new SchemaMigrator(database),
            settings);
    try {
      StartupReport report = startup.start();
      if (value != null) {
        settings.put("test.value", value);
      }
      assertTrue(report.startedAt().isBefore(Instant.now().plusSeconds(1)));
      return report;
    } finally {
      database.close();
    }
  }

  private static Database database(Path dataDir) {
    return new Database(
        new DatabaseSettings("jdbc:h2:" + dataDir.resolve("db/cms-ai"), "sa", "", 2),
        TestDatabases.ENTITIES);
  }
}
