package io.cmsai.testing;

import io.cmsai.platform.Database;
import io.cmsai.platform.DatabaseSettings;
import io.cmsai.platform.Entities;
import io.cmsai.platform.SchemaMigrator;
import java.nio.file.Path;

/** Module databases for unit tests. */
public final class TestDatabases {

  private TestDatabases() {}

  /** An open H2 file database under {@code dir} with the module schema migrated; close it. */
  public static Database migratedH2(Path dir) {
    Database database =
        new Database(
            new DatabaseSettings("jdbc:h2:" + dir.resolve("db"), "sa", "", 2), Entities.ALL);
    database.open();
    SchemaMigrator.migrate(database.dataSource());
    return database;
  }
}
