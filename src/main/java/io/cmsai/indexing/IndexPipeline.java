package io.cmsai.indexing;

import io.cmsai.config.SettingsRepository;
import io.cmsai.embeddings.EmbeddingModel;
import io.cmsai.embeddings.EmbeddingModelSelector;
import io.cmsai.indexing.internal.Catalog;
import io.cmsai.indexing.internal.ItemIndexer;
import io.cmsai.indexing.internal.Runs;
import io.cmsai.platform.Database;
import io.cmsai.vectorstore.EmbeddingFingerprint;
import io.cmsai.vectorstore.VectorStore;
import io.cmsai.vectorstore.VectorStoreConfiguration;
import io.cmsai.vectorstore.VectorStoreSettings;
import io.cmsai.vectorstore.VectorStores;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.Config;

/**
 * Writes content into the vector store in use and keeps the index catalogue in line with it. Full
 * re-index batches and incremental changes both go through here, one at a time (a lock), so they
 * never interleave their writes.
 *
 * <p>The catalogue belongs to one store: when the store settings or the embedding fingerprint
 * change, the next write empties the new store and clears the catalogue, so the store is filled
 * from scratch (by the next full re-index) instead of trusting records of another store.
 * Thread-safe.
 */
@ApplicationScoped
public class IndexPipeline {

  private static final Logger LOG = Logger.getLogger(IndexPipeline.class.getName());

  /** The settings key recording which store the catalogue describes. */
  static final String CATALOG_STORE_KEY = "internal.index.catalog-store";

  private final Database database;
  private final Supplier<EmbeddingModel> models;
  private final Supplier<VectorStoreSettings> storeSettings;
  private final VectorStores stores;
  private final SettingsRepository settingsRepository;
  private final IndexSettings settings;
  private final Clock clock;
  private final ReentrantLock lock = new ReentrantLock();

  /** The store and model a write goes to. */
  public record Target(
      VectorStoreSettings storeSettings,
      EmbeddingModel model,
      EmbeddingFingerprint fingerprint,
      String storeKey) {}

  /** For CDI proxies only. */
  protected IndexPipeline() {
    this.database = null;
    this.models = null;
    this.storeSettings = null;
    this.stores = null;
    this.settingsRepository = null;
    this.settings = null;
    this.clock = null;
  }

  @Inject
  public IndexPipeline(
      Database database,
      EmbeddingModelSelector models,
      VectorStoreConfiguration storeConfiguration,
      VectorStores stores,
      SettingsRepository settingsRepository,
      Config config) {
    this(
        database,
        models::current,
        storeConfiguration::current,
        stores,
        settingsRepository,
        IndexSettings.SETTINGS.read(key -> config.getOptionalValue(key, String.class)),
        Clock.systemUTC());
  }

  /** Over explicit parts (tests, tools). */
  public IndexPipeline(
      Database database,
      Supplier<EmbeddingModel> models,
      Supplier<VectorStoreSettings> storeSettings,
      VectorStores stores,
      SettingsRepository settingsRepository,
      IndexSettings settings,
      Clock clock) {
    this.database = database;
    this.models = models;
    this.storeSettings = storeSettings;
    this.stores = stores;
    this.settingsRepository = settingsRepository;
    this.settings = settings;
    this.clock = clock;
  }

  /** The indexing settings. */
  public IndexSettings settings() {
    return settings;
  }

  /**
   * Where writes go now.
   *
   * @throws io.cmsai.embeddings.DimensionPendingException when the model's dimension is unknown and
   *     its server cannot be asked
   */
  public Target target() {
    VectorStoreSettings storeSettings = this.storeSettings.get();
    EmbeddingModel model = models.get();
    EmbeddingFingerprint fingerprint =
        new EmbeddingFingerprint(
            model.id(), model.dimension(), storeSettings.metric(), model.normalized());
    String key =
        storeSettings.kind().id()
            + "|"
            + storeSettings.name()
            + "|"
            + storeSettings.postgres().url()
            + "|"
            + storeSettings.postgres().schema()
            + "|"
            + storeSettings.milvus().uri()
            + "|"
            + fingerprint;
    return new Target(storeSettings, model, fingerprint, key);
  }

  /**
   * Indexes {@code items} (see {@link ItemIndexer#index}).
   *
   * @param runId the run recorded on each item ({@link #latestRunId()} for incremental changes)
   */
  public IndexOutcome index(List<SourcedItem> items, long runId) {
    return locked(() -> indexer(target()).index(items, runId));
  }

  /** Removes items ({source, id} pairs) from the index; how many were indexed. */
  public int remove(List<String[]> keys) {
    return locked(() -> indexer(target()).remove(keys));
  }

  /**
   * Removes what run {@code runId} did not see (items deleted from their source, sources no longer
   * active) and vectors a crash left without an item; how many items were removed.
   */
  public long sweep(long runId, Collection<String> activeSources) {
    return locked(
        () -> {
          ItemIndexer indexer = indexer(target());
          long removed = 0;
          while (true) {
            List<String[]> unseen =
                database.withConnection(c -> Catalog.unseen(c, runId, activeSources, 200));
            if (unseen.isEmpty()) {
              break;
            }
            removed += indexer.remove(unseen);
          }
          while (indexer.removeStrays(500) > 0) {
            // until none are left
          }
          return removed;
        });
  }

  /**
   * Drops the store and clears the catalogue, then opens the store afresh for the current model:
   * the start of a rebuild after the store became stale (another model or metric).
   */
  public void recreateStore() {
    locked(
        () -> {
          Target target = target();
          stores.recreate(target.fingerprint());
          database.withConnection(
              c -> {
                Catalog.clear(c);
                return null;
              });
          settingsRepository.put(CATALOG_STORE_KEY, target.storeKey());
          return null;
        });
  }

  /**
   * Tidies the store after a full re-index ({@link io.cmsai.vectorstore.VectorStore#optimize}). Not
   * under the writer lock: incremental changes go on meanwhile.
   */
  public void optimize() {
    store().optimize();
  }

  /** The latest run's id, 0 when there was none. */
  public long latestRunId() {
    return database.withConnection(c -> Runs.latest(c).map(r -> r.run().id()).orElse(0L));
  }

  /** The open store of the current target (opened or created on first use). */
  public VectorStore store() {
    return store(target());
  }

  /** The open store of {@code target} (opened or created on first use). */
  public VectorStore store(Target target) {
    return stores.current(target.fingerprint());
  }

  private ItemIndexer indexer(Target target) {
    VectorStore store = stores.current(target.fingerprint());
    String recorded = settingsRepository.find(CATALOG_STORE_KEY).orElse("");
    if (!recorded.equals(target.storeKey())) {
      if (!recorded.isEmpty()) {
        LOG.info(
            "the vector store or embedding model changed; the index catalogue starts afresh for "
                + target.storeSettings().name());
      }
      // Vectors already in this store were written under another catalogue: unknown to this one.
      store.delete(io.cmsai.vectorstore.filter.Filter.all());
      database.withConnection(
          c -> {
            Catalog.clear(c);
            return null;
          });
      settingsRepository.put(CATALOG_STORE_KEY, target.storeKey());
    }
    return new ItemIndexer(database, store, target.model(), target.fingerprint(), settings, clock);
  }

  private <T> T locked(Supplier<T> work) {
    lock.lock();
    try {
      return work.get();
    } finally {
      lock.unlock();
    }
  }
}
