package io.cmsai.vectorstore.pgvector;

import io.cmsai.config.KeyResolver;
import io.cmsai.platform.Database;
import io.cmsai.platform.DatabaseSettings;
import io.cmsai.vectorstore.EmbeddingFingerprint;
import io.cmsai.vectorstore.IndexSpec;
import io.cmsai.vectorstore.VectorStoreException;
import io.cmsai.vectorstore.VectorStoreFactory;
import io.cmsai.vectorstore.VectorStoreSettings;
import io.cmsai.vectorstore.VectorStoreSettings.Kind;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Optional;

/**
 * Opens pgvector tables: in the PostgreSQL database the settings name, or, when they name none, in
 * the module's own database (which must then be PostgreSQL). The password comes from its key
 * reference at open time. Each opened store has its own small pool (closed with it). Thread-safe.
 */
@ApplicationScoped
public class PgVectorStoreFactory implements VectorStoreFactory {

  private static final int POOL_SIZE = 8;

  private final Database moduleDatabase;
  private final KeyResolver keys;

  /** For CDI proxies only. */
  protected PgVectorStoreFactory() {
    this.moduleDatabase = null;
    this.keys = null;
  }

  @Inject
  public PgVectorStoreFactory(Database moduleDatabase, KeyResolver keys) {
    this.moduleDatabase = moduleDatabase;
    this.keys = keys;
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
    String password = "";
    if (!postgres.passwordRef().isEmpty()) {
      password =
          keys.resolve(postgres.passwordRef())
              .orElseThrow(
                  () ->
                      new VectorStoreException(
                          "the key reference '"
                              + postgres.passwordRef()
                              + "' of the pgvector password does not resolve"));
    }
    return new DatabaseSettings(postgres.url(), postgres.user(), password, POOL_SIZE);
  }
}
