package io.cmsai.vectorstore;

import io.cmsai.config.Destination;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The vector store in use: the one {@link VectorStoreConfiguration} names, opened for the embedding
 * model's fingerprint through the {@link VectorStoreFactory} of its kind. It is opened on first use
 * and reopened (the previous one released) when the settings or the model change. Thread-safe.
 */
@ApplicationScoped
public class VectorStores {

  private static final Logger LOG = Logger.getLogger(VectorStores.class.getName());

  private record Key(VectorStoreSettings settings, EmbeddingFingerprint model) {}

  private record Open(Key key, VectorStoreFactory.OpenedStore opened) {}

  private final VectorStoreConfiguration configuration;
  private final List<VectorStoreFactory> factories;
  private Open open;

  /** For CDI proxies only. */
  protected VectorStores() {
    this.configuration = null;
    this.factories = List.of();
  }

  @Inject
  public VectorStores(
      VectorStoreConfiguration configuration, Instance<VectorStoreFactory> factories) {
    this(configuration, factories.stream().toList());
  }

  /** Over explicit factories (tests, tools). */
  public VectorStores(VectorStoreConfiguration configuration, List<VectorStoreFactory> factories) {
    this.configuration = configuration;
    this.factories = new ArrayList<>(factories);
  }

  /**
   * The configured store, for vectors of {@code model}.
   *
   * @throws VectorStoreException when it cannot be opened (its message says why)
   */
  public synchronized VectorStore current(EmbeddingFingerprint model) {
    Key key = new Key(configuration.current(), model);
    if (open != null && open.key().equals(key)) {
      return open.opened().store();
    }
    VectorStoreFactory.OpenedStore opened =
        factory(key.settings().kind()).open(key.settings(), model.dimension(), Optional.of(model));
    release();
    open = new Open(key, opened);
    return opened.store();
  }

  /**
   * The configured store for vectors of {@code model} if it is open already; never opens or creates
   * it.
   */
  public synchronized Optional<VectorStore> opened(EmbeddingFingerprint model) {
    Key key = new Key(configuration.current(), model);
    return open != null && open.key().equals(key)
        ? Optional.of(open.opened().store())
        : Optional.empty();
  }

  /**
   * Drops the configured store (whatever it holds) and opens it afresh for vectors of {@code
   * model}: the start of a full re-index after the embedding model or the metric changed.
   *
   * @throws VectorStoreException when it cannot be dropped or created
   */
  public synchronized VectorStore recreate(EmbeddingFingerprint model) {
    VectorStoreSettings settings = configuration.current();
    release();
    factory(settings.kind()).drop(settings);
    LOG.info(() -> "dropped the vector store " + settings.name() + " to rebuild it for " + model);
    return current(model);
  }

  /**
   * Tests {@code settings} (saved or not) against the embedding model: reaches the store, inspects
   * the table or collection without creating it, and compares what it holds with {@code model}.
   * Never throws for a store failure.
   */
  public StoreCheck test(VectorStoreSettings settings, EmbeddingFingerprint model) {
    return test(settings, Optional.of(model), "");
  }

  /**
   * Like {@link #test(VectorStoreSettings, EmbeddingFingerprint)} when the model's dimension may
   * not be known yet ({@code pendingReason} says why): the store is still reached and inspected.
   */
  public StoreCheck test(
      VectorStoreSettings settings,
      Optional<EmbeddingFingerprint> maybeModel,
      String pendingReason) {
    long start = System.nanoTime();
    try {
      VectorStoreFactory.Inspection found = factory(settings.kind()).inspect(settings);
      long millis = (System.nanoTime() - start) / 1_000_000;
      if (maybeModel.isEmpty()) {
        return new StoreCheck(
            true,
            millis,
            found.server(),
            found.description(),
            found.count(),
            StoreCheck.Fit.PENDING,
            "pending: the embedding model's dimension is not known yet (" + pendingReason + ")",
            "");
      }
      EmbeddingFingerprint model = maybeModel.get();
      if (found.description().isEmpty()) {
        return new StoreCheck(
            true,
            millis,
            found.server(),
            Optional.empty(),
            0,
            StoreCheck.Fit.WILL_BE_CREATED,
            settings.name()
                + " does not exist yet; it will be created with "
                + model.dimension()
                + " dimensions ("
                + model.model()
                + ", "
                + settings.metric().id()
                + ") when content is first indexed",
            "");
      }
      StoreDescription description = found.description().get();
      StoreCheck.Fit fit = fit(description, model);
      return new StoreCheck(
          fit == StoreCheck.Fit.MATCHES,
          millis,
          found.server(),
          found.description(),
          found.count(),
          fit,
          compare(description, model),
          "");
    } catch (RuntimeException e) {
      return new StoreCheck(
          false,
          (System.nanoTime() - start) / 1_000_000,
          "",
          Optional.empty(),
          0,
          StoreCheck.Fit.NOT_CHECKED,
          StoreCheck.Fit.NOT_CHECKED.label(),
          String.valueOf(e.getMessage()));
    }
  }

  /**
   * The hosts {@code settings} (saved or not) make the module connect to; see {@link
   * VectorStoreFactory#destinations}.
   */
  public List<Destination> destinations(VectorStoreSettings settings) {
    return factory(settings.kind()).destinations(settings);
  }

  /** How a store's vectors fit the model's. */
  public static StoreCheck.Fit fit(StoreDescription store, EmbeddingFingerprint model) {
    if (store.dimension() != model.dimension()) {
      return StoreCheck.Fit.OTHER_DIMENSION;
    }
    if (store.metric() != model.metric()) {
      return StoreCheck.Fit.OTHER_METRIC;
    }
    return store.fingerprint().map(f -> f.difference(model)).orElse("").isEmpty()
        ? StoreCheck.Fit.MATCHES
        : StoreCheck.Fit.STALE;
  }

  /**
   * How a store's vectors compare with the model's, in words ({@link StoreCheck.Fit#label()}
   * "matches" when they do).
   */
  public static String compare(StoreDescription store, EmbeddingFingerprint model) {
    StoreCheck.Fit fit = fit(store, model);
    if (fit == StoreCheck.Fit.OTHER_DIMENSION) {
      return "holds "
          + store.dimension()
          + "-dimension vectors"
          + store.fingerprint().map(f -> " of " + f.model()).orElse("")
          + " but "
          + model.model()
          + " makes "
          + model.dimension()
          + ": re-index into a new table or collection";
    }
    if (fit == StoreCheck.Fit.OTHER_METRIC) {
      return "compares by " + store.metric().id() + " but the settings say " + model.metric().id();
    }
    if (fit == StoreCheck.Fit.MATCHES) {
      return fit.label();
    }
    return "stale: built with "
        + store.fingerprint().orElseThrow().difference(model)
        + " (stored vs in use); re-index before searching";
  }

  private VectorStoreFactory factory(VectorStoreSettings.Kind kind) {
    return factories.stream()
        .filter(f -> f.kind() == kind)
        .findFirst()
        .orElseThrow(
            () -> new VectorStoreException("no " + kind.id() + " vector store in this build"));
  }

  @PreDestroy
  synchronized void release() {
    if (open == null) {
      return;
    }
    try {
      open.opened().resources().close();
    } catch (Exception e) {
      LOG.log(Level.WARNING, "closing the previous vector store failed", e);
    }
    open = null;
  }
}
