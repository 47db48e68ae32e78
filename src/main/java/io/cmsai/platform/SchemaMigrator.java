package io.cmsai.platform;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;

/**
 * Applies the schema migrations shipped in the top-level {@code sql/} folder (packaged as {@code
 * db/migration}) with Flyway: {@code sql/common} on every database, {@code sql/<vendor>} (for
 * example {@code sql/postgresql}) on that vendor only.
 *
 * <p>The module's tables carry an {@code ai_} prefix and its history table is {@code
 * cms_ai_schema_history}, so it can share a database with the host CMS.
 *
 * <p>Each migration runs in its own transaction where the database allows it, so a failed migration
 * leaves the previous schema intact.
 */
@ApplicationScoped
public class SchemaMigrator {

  private static final String[] LOCATIONS = {
    "classpath:db/migration/common", "classpath:db/migration/{vendor}"
  };

  private final Database database;

  /** For CDI proxies only. */
  protected SchemaMigrator() {
    this.database = null;
  }

  @Inject
  public SchemaMigrator(Database database) {
    this.database = database;
  }

  /** Brings the module database's schema up to date; returns the schema version now in place. */
  public String migrate() {
    return migrate(database.dataSource());
  }

  /** Same, on any data source (tools and tests against an external database). */
  public static String migrate(DataSource target) {
    Flyway flyway =
        Flyway.configure(SchemaMigrator.class.getClassLoader())
            .dataSource(target)
            .locations(LOCATIONS)
            .failOnMissingLocations(false)
            .table("cms_ai_schema_history")
            // A shared database (e.g. the portal's own PostgreSQL) already holds other tables:
            // start the history below our first migration instead of refusing to run.
            .baselineOnMigrate(true)
            .baselineVersion("0")
            .load();
    MigrateResult result = flyway.migrate();
    return result.targetSchemaVersion != null
        ? result.targetSchemaVersion
        : flyway.info().current().getVersion().getVersion();
  }
}
