package io.cmsai.testing;

import io.cmsai.config.ConfigEntities;
import io.cmsai.platform.Database;
import io.cmsai.platform.DatabaseSettings;
import io.cmsai.platform.SchemaMigrator;
import io.cmsai.security.SecurityEntities;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** Module databases for unit tests. */
public final class TestDatabases {

  /** Every entity class of the module, as the deployed module's CDI beans list them. */
  public static final List<Class<?>> ENTITIES =
      Stream.of(ConfigEntities.ALL, SecurityEntities.ALL).flatMap(List::stream).toList();

  private TestDatabases() {}

  /** An open H2 file database under {@code dir} with the module schema migrated; close it. */
  public static Database migratedH2(Path dir) {
    Database database =
        new Database(new DatabaseSettings("jdbc:h2:" + dir.resolve("db"), "sa", "", 2), ENTITIES);
    database.open();
    SchemaMigrator.migrate(database.dataSource());
    return database;
  }
}
