package io.cmsai.vectorstore.pgvector;

import io.cmsai.config.Destination;
import io.cmsai.config.DestinationRefusedException;
import io.cmsai.config.KeyResolver;
import io.cmsai.config.OutboundPolicy;
import io.cmsai.platform.Database;
import io.cmsai.platform.DatabaseSettings;
import io.cmsai.vectorstore.DistanceMetric;
import io.cmsai.vectorstore.EmbeddingFingerprint;
import io.cmsai.vectorstore.IndexSpec;
import io.cmsai.vectorstore.StoreUnavailableException;
import io.cmsai.vectorstore.VectorStoreException;
import io.cmsai.vectorstore.VectorStoreFactory;
import io.cmsai.vectorstore.VectorStoreSettings;
import io.cmsai.vectorstore.VectorStoreSettings.Kind;
import io.cmsai.vectorstore.pgvector.internal.PgJdbc;
import io.cmsai.vectorstore.pgvector.internal.PgSchema;
import io.cmsai.vectorstore.pgvector.internal.VectorCollectionEntity;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import org.postgresql.Driver;

/**
 * Opens pgvector tables: in the PostgreSQL database the settings name, or, when they name none, in
 * the module's own database (which must then be PostgreSQL). At open time every host of the URL is
 * checked against the {@link OutboundPolicy} (after DNS) and the password is resolved from its key
 * reference for those hosts only. Each opened store has its own small pool (closed with it). Owns
 * the tables' lifecycle: {@link #openTable}, {@link #inspectTable} and {@link #dropTable} also
 * serve tools and tests that bring their own {@link Database}. Thread-safe.
 */
@ApplicationScoped
public class PgVectorStoreFactory implements VectorStoreFactory {

  private static final int POOL_SIZE = 8;

  private final Database moduleDatabase;
  private final KeyResolver keys;
  private final OutboundPolicy policy;

  /** For CDI proxies only. */
  protected PgVectorStoreFactory() {
    this.moduleDatabase = null;
    this.keys = null;
    this.policy = null;
  }

  @Inject
  public PgVectorStoreFactory(Database moduleDatabase, KeyResolver keys, OutboundPolicy policy) {
    this.moduleDatabase = moduleDatabase;
    this.keys = keys;
    this.policy = policy;
  }

  @Override
  public List<Destination> destinations(VectorStoreSettings settings) {
    String url = settings.postgres().url();
    return url.isEmpty() ? List.of() : hosts(url);
  }

  /**
   * Every host and port a {@code jdbc:postgresql:} URL makes the driver connect to, read the way
   * the driver reads it (several hosts, {@code PGHOST} in the query; default {@code
   * localhost:5432}).
   *
   * @throws IllegalArgumentException when the driver cannot read the URL
   */
  public static List<Destination> hosts(String url) {
    Properties parsed = Driver.parseURL(url, new Properties());
    if (parsed == null) {
      throw new IllegalArgumentException("the driver cannot read this jdbc:postgresql: URL");
    }
    String[] names = parsed.getProperty("PGHOST", "localhost").split(",");
    String[] ports = parsed.getProperty("PGPORT", "5432").split(",");
    List<Destination> hosts = new ArrayList<>();
    for (int i = 0; i < names.length; i++) {
      String port = ports[Math.min(i, ports.length - 1)].strip();
      hosts.add(new Destination(names[i], port.isEmpty() ? 5432 : Integer.parseInt(port)));
    }
    return List.copyOf(hosts);
  }

  @Override
  public Kind kind() {
    return Kind.PGVECTOR;
  }

  @Override
  public OpenedStore open(
      VectorStoreSettings settings, int dimension, Optional<EmbeddingFingerprint> fingerprint) {
    Database database = connect(connection(settings.postgres()));
    try {
      PgVectorStore store =
          openTable(
              database,
              new PgVectorSettings(
                  settings.postgres().schema(),
                  settings.name(),
                  dimension,
                  settings.metric(),
                  settings.index(),
                  fingerprint,
                  settings.postgres().textSearchConfig()));
      return new OpenedStore(store, database::close);
    } catch (RuntimeException e) {
      database.close();
      throw e;
    }
  }

  @Override
  public Inspection inspect(VectorStoreSettings settings) {
    Database database = connect(connection(settings.postgres()));
    try {
      return inspectTable(
          database,
          new PgVectorSettings(
              settings.postgres().schema(),
              settings.name(),
              1,
              settings.metric(),
              IndexSpec.none(),
              Optional.empty(),
              settings.postgres().textSearchConfig()));
    } finally {
      database.close();
    }
  }

  @Override
  public void drop(VectorStoreSettings settings) {
    Database database = connect(connection(settings.postgres()));
    try {
      dropTable(database, settings.postgres().schema(), settings.name());
    } finally {
      database.close();
    }
  }

  /**
   * Connects to a PostgreSQL vector database (pool and Hibernate for the registry).
   *
   * @throws StoreUnavailableException naming the host and database (never the password) when it
   *     cannot be reached or refuses the credentials
   */
  public static Database connect(DatabaseSettings settings) {
    Database database = new Database(settings, entities());
    try {
      database.open();
      return database;
    } catch (RuntimeException e) {
      database.close();
      Throwable root = e;
      while (root.getCause() != null && root.getCause() != root) {
        root = root.getCause();
      }
      String url = settings.url();
      int query = url.indexOf('?');
      throw new StoreUnavailableException(
          "cannot reach the vector database "
              + (query < 0 ? url : url.substring(0, query))
              + ": "
              + root.getMessage(),
          e);
    }
  }

  /** The entity classes a {@link Database} for pgvector stores must map. */
  public static List<Class<?>> entities() {
    return List.of(VectorCollectionEntity.class);
  }

  /**
   * Opens the table, creating it (and the {@code vector} extension and the registry) when missing.
   *
   * @param database an open database on PostgreSQL mapping {@link #entities()}
   * @throws VectorStoreException when the table exists with another dimension or metric, or the
   *     extension is missing and cannot be created
   * @throws StoreUnavailableException when the database cannot be reached
   */
  public static PgVectorStore openTable(Database database, PgVectorSettings settings) {
    try {
      PgSchema.ensureExtension(database);
      PgSchema.migrateRegistry(database);
      VectorCollectionEntity known =
          database.inTransaction(
              s -> s.find(VectorCollectionEntity.class, settings.qualifiedName()));
      if (known != null && !PgSchema.tableExists(database, settings)) {
        // Dropped outside the module: its registry row describes nothing any more.
        PgSchema.forget(database, settings);
        known = null;
      }
      if (known == null) {
        PgSchema.create(database, settings);
        return new PgVectorStore(database, settings, settings.fingerprint(), false);
      }
      PgSchema.check(known, settings);
      return new PgVectorStore(
          database,
          settings,
          PgSchema.fingerprint(known),
          PgSchema.hasIvfFlatIndex(database, settings));
    } catch (SQLException e) {
      throw PgJdbc.failure("cannot open " + settings.qualifiedName(), e);
    } catch (RuntimeException e) {
      if (e instanceof VectorStoreException) {
        throw e;
      }
      throw PgJdbc.failure("cannot open " + settings.qualifiedName(), e);
    }
  }

  /**
   * The table {@code settings} names as recorded, without creating anything, with its row count and
   * the server's version; no description when it was never created by the module.
   */
  public static Inspection inspectTable(Database database, PgVectorSettings settings) {
    String server = serverVersion(database);
    try (Connection c = database.dataSource().getConnection();
        Statement s = c.createStatement()) {
      try (ResultSet rs = s.executeQuery("SELECT to_regclass('public.ai_vector_collection')")) {
        rs.next();
        if (rs.getString(1) == null) {
          return new Inspection(Optional.empty(), 0, server);
        }
      }
      VectorCollectionEntity known =
          database.inTransaction(
              session -> session.find(VectorCollectionEntity.class, settings.qualifiedName()));
      if (known == null || !PgSchema.tableExists(c, settings)) {
        return new Inspection(Optional.empty(), 0, server);
      }
      PgVectorSettings recorded =
          new PgVectorSettings(
              settings.schema(),
              settings.table(),
              known.dimension(),
              DistanceMetric.parse(known.metric()),
              PgSchema.indexSpec(known),
              PgSchema.fingerprint(known),
              settings.textSearchConfig());
      PgVectorStore store =
          new PgVectorStore(
              database,
              recorded,
              PgSchema.fingerprint(known),
              PgSchema.hasIvfFlatIndex(database, recorded));
      return new Inspection(Optional.of(store.describe()), store.count(), server);
    } catch (SQLException e) {
      throw PgJdbc.failure("cannot inspect " + settings.qualifiedName(), e);
    }
  }

  /** The server's version and pgvector's, e.g. {@code PostgreSQL 15.20, pgvector 0.8.0}. */
  public static String serverVersion(Database database) {
    try (Connection c = database.dataSource().getConnection();
        Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery(
                "SELECT current_setting('server_version'), (SELECT extversion FROM pg_extension"
                    + " WHERE extname = 'vector')")) {
      rs.next();
      String vector = rs.getString(2);
      return "PostgreSQL "
          + rs.getString(1).split(" ")[0]
          + (vector == null ? ", pgvector not installed yet" : ", pgvector " + vector);
    } catch (SQLException e) {
      throw PgJdbc.failure("cannot read the server version", e);
    }
  }

  /**
   * Drops the table {@code schema.table} and its registry entry, whatever it holds; nothing happens
   * when it does not exist (irreversible).
   *
   * @throws IllegalArgumentException when a name is not a valid identifier
   * @throws StoreUnavailableException when the database cannot be reached
   */
  public static void dropTable(Database database, String schema, String table) {
    PgVectorSettings names =
        new PgVectorSettings(
            schema, table, 1, DistanceMetric.COSINE, IndexSpec.none(), Optional.empty(), "simple");
    try (Connection c = database.dataSource().getConnection();
        Statement s = c.createStatement()) {
      c.setAutoCommit(false);
      s.execute(
          "DROP TABLE IF EXISTS "
              + PgSchema.quote(names.schema())
              + "."
              + PgSchema.quote(names.table()));
      boolean registry;
      try (ResultSet rs = s.executeQuery("SELECT to_regclass('public.ai_vector_collection')")) {
        rs.next();
        registry = rs.getString(1) != null;
      }
      if (registry) {
        try (PreparedStatement p =
            c.prepareStatement("DELETE FROM ai_vector_collection WHERE table_name = ?")) {
          p.setString(1, names.qualifiedName());
          p.executeUpdate();
        }
      }
      c.commit();
    } catch (SQLException e) {
      throw PgJdbc.failure("cannot drop " + names.qualifiedName(), e);
    }
  }

  private DatabaseSettings connection(VectorStoreSettings.Postgres postgres) {
    if (postgres.url().isEmpty()) {
      DatabaseSettings module = moduleDatabase.settings();
      if (!"PostgreSQL".equals(module.productName())) {
        throw new VectorStoreException(
            "the pgvector store has no URL and the module database is "
                + module.productName()
                + ", not PostgreSQL: set cms.ai.vector.pg-url (and pg-user, pg-password-ref)");
      }
      return new DatabaseSettings(module.url(), module.user(), module.password(), POOL_SIZE);
    }
    List<Destination> hosts = hosts(postgres.url());
    String password = "";
    try {
      hosts.forEach(policy::check);
      if (!postgres.passwordRef().isEmpty()) {
        password =
            keys.resolveFor(postgres.passwordRef(), hosts)
                .orElseThrow(
                    () ->
                        new VectorStoreException(
                            "the pgvector password: "
                                + keys.unresolvedMessage(postgres.passwordRef())));
      }
    } catch (DestinationRefusedException e) {
      throw new StoreUnavailableException(e.getMessage(), null);
    }
    return new DatabaseSettings(postgres.url(), postgres.user(), password, POOL_SIZE);
  }
}
