package io.cmsai.it;

import io.cmsai.indexing.internal.BookkeepingContract;
import io.cmsai.platform.Database;
import io.cmsai.platform.DatabaseSettings;
import io.cmsai.platform.SchemaMigrator;
import io.cmsai.testing.TestDatabases;
import io.cmsai.testing.TestServices;
import io.cmsai.testing.TestServices.Postgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * The bookkeeping tables with the module database on PostgreSQL (the {@code
 * config/postgresql.properties} set-up): the same contract as on H2. It empties the module's
 * bookkeeping tables of the test database first.
 */
class BookkeepingPgIT extends BookkeepingContract {

  private static Database database;

  @BeforeAll
  static void open() {
    Postgres pg = TestServices.postgres();
    database =
        new Database(
            new DatabaseSettings(pg.url(), pg.user(), pg.password(), 2), TestDatabases.ENTITIES);
    database.open();
    SchemaMigrator.migrate(database.dataSource());
  }

  @AfterAll
  static void close() {
    if (database != null) {
      database.close();
    }
  }

  @Override
  protected Database database() {
    return database;
  }
}
