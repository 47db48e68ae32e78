package io.cmsai.platform;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import javax.sql.DataSource;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.hibernate.Session;
import org.hibernate.SessionFactory;
import org.hibernate.boot.MetadataSources;
import org.hibernate.boot.registry.StandardServiceRegistry;
import org.hibernate.boot.registry.StandardServiceRegistryBuilder;
import org.hibernate.cfg.AvailableSettings;

/**
 * The module database: a connection pool (HikariCP) and a Hibernate session factory over it.
 *
 * <p>The module owns its pool instead of relying on a container data source, so the WAR deploys on
 * any Payara without server-side setup and its connection settings come from MicroProfile Config
 * ({@code cms.ai.db.*}): an H2 file database under the data directory by default, PostgreSQL when
 * configured. Transactions are resource-local and bounded by {@link #inTransaction}.
 *
 * <p>The entity classes come from every {@link ModuleEntities} bean: each capability lists its own.
 *
 * <p>Thread-safe. {@link #open()} must be called (once) before use; {@link ModuleStartup} does.
 */
@ApplicationScoped
public class Database {

  private final DatabaseSettings settings;
  private final List<Class<?>> entities;
  private volatile Handles handles;

  /** For CDI proxies only. */
  protected Database() {
    this.settings = null;
    this.entities = List.of();
  }

  @Inject
  public Database(
      @ConfigProperty(name = "cms.ai.db.url") String url,
      @ConfigProperty(name = "cms.ai.db.user") Optional<String> user,
      @ConfigProperty(name = "cms.ai.db.password") Optional<String> password,
      @ConfigProperty(name = "cms.ai.db.pool-size", defaultValue = "10") int poolSize,
      Instance<ModuleEntities> entities) {
    this(
        new DatabaseSettings(url, user.orElse(""), password.orElse(""), poolSize),
        entities.stream().flatMap(e -> e.classes().stream()).toList());
  }

  /** How this database is reached (never shows the password in {@code toString}). */
  public DatabaseSettings settings() {
    return settings;
  }

  /** A database over explicit settings and entity classes (tests, tools). */
  public Database(DatabaseSettings settings, List<Class<?>> entities) {
    this.settings = settings;
    this.entities = List.copyOf(entities);
  }

  /**
   * Opens the pool and the session factory; a no-op when already open.
   *
   * @throws RuntimeException (from HikariCP or Hibernate) when the database cannot be reached
   */
  public synchronized void open() {
    if (handles != null) {
      return;
    }
    HikariDataSource pool = new HikariDataSource(poolConfig());
    try {
      handles = new Handles(pool, sessionFactory(pool));
    } catch (RuntimeException e) {
      pool.close();
      throw e;
    }
  }

  /** The pooled data source. */
  public DataSource dataSource() {
    return open(handles).pool();
  }

  /** Product name of the database, e.g. {@code H2} or {@code PostgreSQL}. */
  public String productName() {
    return settings.productName();
  }

  /**
   * Runs {@code work} in a transaction that commits when it returns and rolls back when it throws.
   */
  public <T> T inTransaction(Function<Session, T> work) {
    return open(handles).sessions().fromTransaction(work);
  }

  /**
   * Runs plain JDBC {@code work} on a pooled connection in a transaction, like {@link
   * #inTransaction}; an {@link java.sql.SQLException} becomes Hibernate's {@link
   * org.hibernate.JDBCException} (a {@link RuntimeException}) and rolls the transaction back.
   */
  public <T> T withConnection(SqlWork<T> work) {
    return inTransaction(session -> session.doReturningWork(work::run));
  }

  /** JDBC work that returns a value. */
  @FunctionalInterface
  public interface SqlWork<T> {
    T run(java.sql.Connection connection) throws java.sql.SQLException;
  }

  /** Closes the session factory and the pool (on undeploy; tools and tests call it too). */
  @PreDestroy
  public synchronized void close() {
    Handles current = handles;
    handles = null;
    if (current != null) {
      current.sessions().close();
      current.pool().close();
    }
  }

  private static Handles open(Handles current) {
    if (current == null) {
      throw new IllegalStateException("The module database is not open (start-up failed?)");
    }
    return current;
  }

  private HikariConfig poolConfig() {
    HikariConfig config = new HikariConfig();
    config.setPoolName("cms-ai");
    config.setJdbcUrl(settings.url());
    // By class name: inside Payara the WAR's drivers are not visible to java.sql.DriverManager
    // ("No suitable driver"); HikariCP loads a named driver from the application's class loader.
    driverClass(settings.url()).ifPresent(config::setDriverClassName);
    config.setUsername(settings.user());
    config.setPassword(settings.password());
    config.setMaximumPoolSize(settings.poolSize());
    config.setMinimumIdle(1);
    config.setConnectionTimeout(10_000);
    config.setAutoCommit(false);
    return config;
  }

  private static Optional<String> driverClass(String url) {
    if (url.startsWith("jdbc:postgresql:")) {
      return Optional.of("org.postgresql.Driver");
    }
    if (url.startsWith("jdbc:h2:")) {
      return Optional.of("org.h2.Driver");
    }
    return Optional.empty();
  }

  private SessionFactory sessionFactory(DataSource pool) {
    StandardServiceRegistry registry =
        new StandardServiceRegistryBuilder()
            .applySetting(AvailableSettings.DATASOURCE, pool)
            .applySetting(AvailableSettings.HBM2DDL_AUTO, "none")
            .applySetting(
                AvailableSettings.JTA_PLATFORM,
                "org.hibernate.engine.transaction.jta.platform.internal.NoJtaPlatform")
            .applySetting(AvailableSettings.STATEMENT_BATCH_SIZE, 50)
            .applySetting(AvailableSettings.ORDER_INSERTS, true)
            .applySetting(AvailableSettings.CONNECTION_PROVIDER_DISABLES_AUTOCOMMIT, true)
            .build();
    try {
      MetadataSources sources = new MetadataSources(registry);
      entities.forEach(sources::addAnnotatedClass);
      return sources.buildMetadata().buildSessionFactory();
    } catch (RuntimeException e) {
      StandardServiceRegistryBuilder.destroy(registry);
      throw e;
    }
  }

  private record Handles(HikariDataSource pool, SessionFactory sessions) {}
}
