package io.cmsai.vectorstore.pgvector;

import io.cmsai.config.Destination;
import io.cmsai.config.DestinationRefusedException;
import io.cmsai.config.KeyResolver;
import io.cmsai.config.OutboundPolicy;
import io.cmsai.platform.Database;
import io.cmsai.platform.DatabaseSettings;
import io.cmsai.vectorstore.EmbeddingFingerprint;
import io.cmsai.vectorstore.IndexSpec;
import io.cmsai.vectorstore.StoreUnavailableException;
import io.cmsai.vectorstore.VectorStoreException;
import io.cmsai.vectorstore.VectorStoreFactory;
import io.cmsai.vectorstore.VectorStoreSettings;
import io.cmsai.vectorstore.VectorStoreSettings.Kind;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import org.postgresql.Driver;

/**
 * Opens pgvector tables: in the PostgreSQL database the settings name, or, when they name none, in
 * the module's own database (which must then be PostgreSQL). At open time every host of the URL is
 * checked against the {@link OutboundPolicy} (after DNS) and the password is resolved from its key
 * reference for those hosts only. Each opened store has its own small pool (closed with it).
 * Thread-safe.
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
    Database database = PgVectorStore.connect(connection(settings.postgres()));
    try {
      PgVectorStore store =
          PgVectorStore.open(
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
    Database database = PgVectorStore.connect(connection(settings.postgres()));
    try {
      PgVectorSettings table =
          new PgVectorSettings(
              settings.postgres().schema(),
              settings.name(),
              1,
              settings.metric(),
              IndexSpec.none(),
              Optional.empty(),
              settings.postgres().textSearchConfig());
      Optional<PgVectorStore.Inspected> found = PgVectorStore.inspect(database, table);
      return new Inspection(
          found.map(PgVectorStore.Inspected::description),
          found.map(PgVectorStore.Inspected::count).orElse(0L),
          PgVectorStore.serverVersion(database));
    } finally {
      database.close();
    }
  }

  @Override
  public void drop(VectorStoreSettings settings) {
    Database database = PgVectorStore.connect(connection(settings.postgres()));
    try {
      PgVectorStore.drop(database, settings.postgres().schema(), settings.name());
    } finally {
      database.close();
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
