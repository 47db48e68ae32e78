package io.cmsai.indexing.internal;

import io.cmsai.platform.Database;
import io.cmsai.testing.TestDatabases;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;

/** The bookkeeping tables on the embedded default, H2. */
class BookkeepingH2Test extends BookkeepingContract {

  @TempDir Path dir;

  private Database database;

  @AfterEach
  void close() {
    if (database != null) {
      database.close();
    }
  }

  @Override
  protected Database database() {
    if (database == null) {
      database = TestDatabases.migratedH2(dir);
    }
    return database;
  }
}
