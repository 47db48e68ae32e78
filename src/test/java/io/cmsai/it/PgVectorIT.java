package io.cmsai.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.cmsai.config.SettingsRepository;
import io.cmsai.config.internal.SettingEntity;
import io.cmsai.platform.Database;
import io.cmsai.platform.DatabaseSettings;
import io.cmsai.platform.SchemaMigrator;
import io.cmsai.testing.TestServices;
import io.cmsai.testing.TestServices.Postgres;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The PostgreSQL + pgvector test service works with the module's database layer: Flyway applies
 * {@code sql/}, the {@code vector} extension is there, and a vector column round-trips through
 * Hibernate (hibernate-vector) and orders by cosine distance.
 */
class PgVectorIT {

  private static Database database;

  @BeforeAll
  static void open() {
    Postgres pg = TestServices.postgres();
    database =
        new Database(
            new DatabaseSettings(pg.url(), pg.user(), pg.password(), 2),
            List.of(SettingEntity.class, VectorProbe.class));
    database.open();
  }

  @AfterAll
  static void close() {
    if (database != null) {
      database.inTransaction(
          session ->
              session.createNativeMutationQuery("DROP TABLE it_vector_probe").executeUpdate());
    }
  }

  @Test
  void migrations_apply_and_settings_round_trip() {
    String version = SchemaMigrator.migrate(database.dataSource());
    assertEquals(version, SchemaMigrator.migrate(database.dataSource()), "migrating twice");

    SettingsRepository settings = new SettingsRepository(database);
    settings.put("it.pg", "first");
    settings.put("it.pg", "second ✓");
    assertEquals("second ✓", settings.find("it.pg").orElseThrow());
  }

  @Test
  void vector_column_round_trips_and_orders_by_cosine_distance() throws SQLException {
    assertEquals("0.8.0", vectorExtensionVersion());
    database.inTransaction(
        session -> {
          session.createNativeMutationQuery("DROP TABLE IF EXISTS it_vector_probe").executeUpdate();
          return session
              .createNativeMutationQuery(
                  "CREATE TABLE it_vector_probe (id bigint PRIMARY KEY, embedding vector(3))")
              .executeUpdate();
        });
    float[] east = {1f, 0f, 0f};
    float[] north = {0f, 1f, 0f};
    float[] northEast = {0.70710677f, 0.70710677f, 1e-7f};
    database.inTransaction(
        session -> {
          session.persist(new VectorProbe(1, east));
          session.persist(new VectorProbe(2, north));
          session.persist(new VectorProbe(3, northEast));
          return null;
        });

    List<VectorProbe> nearest =
        database.inTransaction(
            session ->
                session
                    .createSelectionQuery(
                        "from VectorProbe p order by cosine_distance(p.embedding, :q)",
                        VectorProbe.class)
                    .setParameter("q", new float[] {0.9f, 0.1f, 0f})
                    .getResultList());

    assertEquals(List.of(1L, 3L, 2L), nearest.stream().map(VectorProbe::id).toList());
    assertArrayEquals(northEast, nearest.get(1).embedding(), "float[] must round-trip exactly");
  }

  private static String vectorExtensionVersion() throws SQLException {
    try (Connection connection = database.dataSource().getConnection();
        Statement statement = connection.createStatement();
        ResultSet rs =
            statement.executeQuery(
                "SELECT extversion FROM pg_extension WHERE extname = 'vector'")) {
      return rs.next() ? rs.getString(1) : "vector extension missing";
    }
  }
}
