package io.cmsai.vectorstore.pgvector.internal;

import io.cmsai.platform.Database;
import io.cmsai.vectorstore.DistanceMetric;
import io.cmsai.vectorstore.EmbeddingFingerprint;
import io.cmsai.vectorstore.IndexSpec;
import io.cmsai.vectorstore.IndexType;
import io.cmsai.vectorstore.VectorStoreException;
import io.cmsai.vectorstore.pgvector.PgVectorSettings;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.flywaydb.core.Flyway;

/**
 * The DDL and registry of pgvector tables: the {@code vector} extension, the Flyway-managed {@code
 * ai_vector_collection} registry, table and index creation, and the checks when a table is
 * reopened. Identifiers come from {@link PgVectorSettings}, which admits only plain lower-case
 * names. Stateless.
 */
public final class PgSchema {

  private static final String REGISTRY_MIGRATIONS = "classpath:db/migration/vector/postgresql";

  private PgSchema() {}

  public static void ensureExtension(Database database) throws SQLException {
    try (Connection c = database.dataSource().getConnection();
        Statement s = c.createStatement()) {
      try (ResultSet rs =
          s.executeQuery("SELECT extversion FROM pg_extension WHERE extname = 'vector'")) {
        if (rs.next()) {
          return;
        }
      }
      try {
        s.execute("CREATE EXTENSION IF NOT EXISTS vector");
        if (!c.getAutoCommit()) {
          c.commit();
        }
      } catch (SQLException e) {
        throw new VectorStoreException(
            "the pgvector extension is not installed in this database and this user may not"
                + " install it: ask a database administrator to run CREATE EXTENSION vector ("
                + e.getMessage()
                + ")",
            e);
      }
    }
  }

  public static void migrateRegistry(Database database) {
    Flyway.configure(PgSchema.class.getClassLoader())
        .dataSource(database.dataSource())
        .locations(REGISTRY_MIGRATIONS)
        .table("cms_ai_vector_schema_history")
        .baselineOnMigrate(true)
        .baselineVersion("0")
        .load()
        .migrate();
  }

  public static void create(Database database, PgVectorSettings settings) {
    String table = quote(settings.schema()) + "." + quote(settings.table());
    String type = (settings.halfPrecision() ? "halfvec(" : "vector(") + settings.dimension() + ")";
    database.inTransaction(
        session -> {
          session.doReturningWork(
              c -> {
                try (Statement s = c.createStatement()) {
                  s.execute("CREATE SCHEMA IF NOT EXISTS " + quote(settings.schema()));
                  s.execute(
                      "CREATE TABLE "
                          + table
                          + " (id varchar(255) PRIMARY KEY, embedding "
                          + type
                          + " NOT NULL, content text NOT NULL, metadata jsonb NOT NULL"
                          + " DEFAULT '{}', content_tsv tsvector GENERATED ALWAYS AS"
                          + " (to_tsvector('"
                          + settings.textSearchConfig()
                          + "'::regconfig, content)) STORED)");
                  s.execute("CREATE INDEX ON " + table + " USING gin (metadata jsonb_path_ops)");
                  s.execute("CREATE INDEX ON " + table + " USING gin (content_tsv)");
                  if (settings.index().type() == IndexType.HNSW) {
                    s.execute(indexDdl(settings, table));
                  }
                }
                return null;
              });
          EmbeddingFingerprint f = settings.fingerprint().orElse(null);
          session.persist(
              new VectorCollectionEntity(
                  settings.qualifiedName(),
                  settings.dimension(),
                  settings.metric().id(),
                  settings.index().type().name(),
                  params(settings.index()),
                  settings.halfPrecision() ? "halfvec" : "vector",
                  f == null ? null : f.model(),
                  f == null ? null : f.normalized(),
                  Instant.now()));
          return null;
        });
  }

  public static String indexDdl(PgVectorSettings settings, String table) {
    String ops = PgDistance.of(settings.metric()).opclass(settings.halfPrecision());
    if (settings.index() instanceof IndexSpec.Hnsw hnsw) {
      return "CREATE INDEX ON "
          + table
          + " USING hnsw (embedding "
          + ops
          + ") WITH (m = "
          + hnsw.m()
          + ", ef_construction = "
          + hnsw.efConstruction()
          + ")";
    }
    int lists =
        settings.index() instanceof IndexSpec.IvfFlat ivf ? ivf.lists() : IndexSpec.DEFAULT_LISTS;
    return "CREATE INDEX ON "
        + table
        + " USING ivfflat (embedding "
        + ops
        + ") WITH (lists = "
        + lists
        + ")";
  }

  public static void check(VectorCollectionEntity known, PgVectorSettings settings) {
    DistanceMetric metric = DistanceMetric.parse(known.metric());
    if (known.dimension() != settings.dimension() || metric != settings.metric()) {
      throw new VectorStoreException(
          "table "
              + settings.qualifiedName()
              + " holds "
              + known.dimension()
              + "-dimension vectors compared by "
              + metric.id()
              + ", but the settings ask for "
              + settings.dimension()
              + " dimensions and "
              + settings.metric().id()
              + ": use another table name, or re-index into a new table for the new model");
    }
  }

  public static Optional<EmbeddingFingerprint> fingerprint(VectorCollectionEntity known) {
    if (known.fingerprintModel() == null) {
      return Optional.empty();
    }
    return Optional.of(
        new EmbeddingFingerprint(
            known.fingerprintModel(),
            known.dimension(),
            DistanceMetric.parse(known.metric()),
            Boolean.TRUE.equals(known.fingerprintNormalized())));
  }

  public static IndexSpec indexSpec(VectorCollectionEntity known) {
    Map<String, Integer> params = new java.util.TreeMap<>();
    for (String pair : known.indexParams().split(",")) {
      int eq = pair.indexOf('=');
      if (eq > 0) {
        params.put(pair.substring(0, eq), Integer.parseInt(pair.substring(eq + 1)));
      }
    }
    return IndexSpec.of(IndexType.valueOf(known.indexType()), params);
  }

  public static String params(IndexSpec index) {
    return index.parameters().entrySet().stream()
        .map(e -> e.getKey() + "=" + e.getValue())
        .collect(Collectors.joining(","));
  }

  /** Whether the table {@code settings} names has an IVFFlat index. */
  public static boolean hasIvfFlatIndex(Database database, PgVectorSettings settings) {
    return database.inTransaction(
        session ->
            session.doReturningWork(
                c -> {
                  try (java.sql.PreparedStatement p =
                      c.prepareStatement(
                          "SELECT 1 FROM pg_indexes WHERE schemaname = ? AND tablename = ?"
                              + " AND indexdef ILIKE '%USING ivfflat%'")) {
                    p.setString(1, settings.schema());
                    p.setString(2, settings.table());
                    try (ResultSet rs = p.executeQuery()) {
                      return rs.next();
                    }
                  }
                }));
  }

  /** Whether the table {@code settings} names exists (it may have been dropped by hand). */
  public static boolean tableExists(Database database, PgVectorSettings settings) {
    return database.inTransaction(
        session -> session.doReturningWork(c -> tableExists(c, settings)));
  }

  /** Like {@link #tableExists(Database, PgVectorSettings)}, on the caller's connection. */
  public static boolean tableExists(Connection c, PgVectorSettings settings) throws SQLException {
    try (java.sql.PreparedStatement p = c.prepareStatement("SELECT to_regclass(?)")) {
      p.setString(1, quote(settings.schema()) + "." + quote(settings.table()));
      try (ResultSet rs = p.executeQuery()) {
        return rs.next() && rs.getString(1) != null;
      }
    }
  }

  /** Removes the registry row of a table that no longer exists. */
  public static void forget(Database database, PgVectorSettings settings) {
    database.inTransaction(
        session ->
            session
                .createMutationQuery(
                    "DELETE FROM VectorCollectionEntity e WHERE e.tableName = :name")
                .setParameter("name", settings.qualifiedName())
                .executeUpdate());
  }

  /** A validated identifier (see {@link PgVectorSettings}) in double quotes. */
  public static String quote(String identifier) {
    return '"' + identifier + '"';
  }
}
