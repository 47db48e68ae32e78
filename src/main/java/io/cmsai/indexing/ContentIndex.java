package io.cmsai.indexing;

import io.cmsai.config.SettingsRepository;
import io.cmsai.content.ContentSource;
import io.cmsai.content.ContentSources;
import io.cmsai.embeddings.DimensionPendingException;
import io.cmsai.indexing.IndexRun.State;
import io.cmsai.indexing.internal.Catalog;
import io.cmsai.indexing.internal.Catalog.Counts;
import io.cmsai.indexing.internal.FreshnessEvaluator;
import io.cmsai.indexing.internal.FreshnessEvaluator.Verdict;
import io.cmsai.indexing.internal.Runs;
import io.cmsai.platform.Database;
import io.cmsai.platform.ModuleStartup;
import io.cmsai.vectorstore.StoreCheck;
import io.cmsai.vectorstore.VectorStore;
import io.cmsai.vectorstore.VectorStoreException;
import io.cmsai.vectorstore.VectorStores;
import jakarta.batch.operations.JobOperator;
import jakarta.batch.runtime.BatchRuntime;
import jakarta.batch.runtime.BatchStatus;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.Config;

/**
 * The search index as a whole: starts, stops and resumes full re-index runs (the Jakarta Batch job
 * {@code cms-ai-reindex}) and reports the index's state.
 *
 * <p>At start-up a run that a crash or shutdown interrupted is resumed from its last batch, and,
 * with {@code cms.ai.index.auto-rebuild=true} (default), a first run starts when the index is empty
 * and there is content (the demo corpus on a fresh install). Thread-safe.
 */
@ApplicationScoped
public class ContentIndex {

  /** The batch job's name. */
  public static final String JOB = "cms-ai-reindex";

  private static final Logger LOG = Logger.getLogger(ContentIndex.class.getName());

  private final IndexPipeline pipeline;
  private final ContentSources sources;
  private final Database database;
  private final VectorStores stores;
  private final SettingsRepository settings;
  private final IndexQueue queue;
  private final Event<IndexProgress> progress;
  private final ModuleStartup startup;
  private final boolean autoRebuild;
  private final Clock clock = Clock.systemUTC();
  private final java.util.Set<Long> launched = java.util.concurrent.ConcurrentHashMap.newKeySet();

  /** For CDI proxies only. */
  protected ContentIndex() {
    this.pipeline = null;
    this.sources = null;
    this.database = null;
    this.stores = null;
    this.settings = null;
    this.queue = null;
    this.progress = null;
    this.startup = null;
    this.autoRebuild = false;
  }

  @Inject
  public ContentIndex(
      IndexPipeline pipeline,
      ContentSources sources,
      Database database,
      VectorStores stores,
      SettingsRepository settings,
      IndexQueue queue,
      Event<IndexProgress> progress,
      ModuleStartup startup,
      Config config) {
    this.pipeline = pipeline;
    this.sources = sources;
    this.database = database;
    this.stores = stores;
    this.settings = settings;
    this.queue = queue;
    this.progress = progress;
    this.startup = startup;
    this.autoRebuild = IndexSettings.AUTO_REBUILD.read(config);
  }

  void onStart(@Observes @Initialized(ApplicationScoped.class) Object event) {
    if (startup.start().failure().isPresent()) {
      return;
    }
    try {
      resumeOrStart();
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "the search index could not be resumed or started: " + e, e);
    }
    queue.drainLater();
  }

  /**
   * Resumes an interrupted run, or starts a first one when the index is empty, there is content and
   * auto-rebuild is on.
   */
  synchronized void resumeOrStart() {
    Optional<IndexRun> latest = latestRun();
    if (latest.isPresent() && !latest.get().state().ended()) {
      IndexRun run = latest.get();
      if (run.state() == State.STOPPING) {
        finish(run.id(), State.STOPPED, "stopped while the server was down");
        return;
      }
      LOG.info("resuming the search index rebuild (run " + run.id() + ") after a restart");
      launch(run.id());
      return;
    }
    if (autoRebuild && latest.isEmpty()) {
      long items = database.withConnection(Catalog::counts).items();
      boolean content = sources.active().stream().anyMatch(s -> s.count() != 0);
      if (items == 0 && content) {
        LOG.info("the search index is empty: indexing the content sources " + sourceNames());
        rebuild();
      }
    }
  }

  /**
   * Starts a full re-index of every active content source. When the store holds vectors of another
   * model or metric it is dropped and rebuilt from scratch.
   *
   * @return the new run
   * @throws IndexBusyException when a run is already in progress
   * @throws DimensionPendingException when the embedding model's dimension cannot be learnt
   */
  public synchronized IndexRun rebuild() {
    Optional<IndexRun> latest = latestRun();
    if (latest.isPresent() && !latest.get().state().ended()) {
      throw new IndexBusyException(
          "a re-index is already running (run "
              + latest.get().id()
              + ", "
              + latest.get().itemsDone()
              + " items done): cancel it first or wait");
    }
    IndexPipeline.Target target = pipeline.target();
    StoreCheck check = stores.test(target.storeSettings(), target.fingerprint());
    if (!check.problem().isEmpty()) {
      throw new io.cmsai.vectorstore.StoreUnavailableException(
          "the vector store cannot be reached: " + check.problem(), null);
    }
    Optional<String> mismatch = storeMismatch(check);
    if (mismatch.isPresent()) {
      LOG.info("the vector store " + mismatch.get() + ": dropping it to rebuild");
      pipeline.recreateStore();
    }
    long total = 0;
    for (ContentSource source : sources.active()) {
      long count = source.count();
      total = count < 0 || total < 0 ? -1 : total + count;
    }
    long itemsTotal = total;
    long runId =
        database.withConnection(
            c -> Runs.start(c, target.fingerprint().toString(), itemsTotal, clock.instant()));
    return launch(runId);
  }

  /**
   * Asks the running re-index to stop after its current batch; what was written stays.
   *
   * @return the run, or empty when none was running
   */
  public synchronized Optional<IndexRun> cancel() {
    Optional<IndexRun> latest = latestRun();
    if (latest.isEmpty() || latest.get().state().ended()) {
      return Optional.empty();
    }
    IndexRun run = latest.get();
    database.withConnection(
        c -> {
          Runs.state(c, run.id(), State.STOPPING, null, clock.instant());
          return null;
        });
    boolean stopping = false;
    try {
      JobOperator operator = BatchRuntime.getJobOperator();
      BatchStatus status = operator.getJobExecution(run.executionId()).getBatchStatus();
      if (status == BatchStatus.STARTING || status == BatchStatus.STARTED) {
        operator.stop(run.executionId());
        stopping = true;
      }
    } catch (RuntimeException e) {
      LOG.log(Level.FINE, "the batch execution of run " + run.id() + " is gone", e);
    }
    if (!stopping) {
      finish(run.id(), State.STOPPED, "stopped");
    }
    return latestRun();
  }

  /**
   * The latest run, if any. A run whose batch execution (started by this server) ended without
   * recording its end, e.g. because a listener failed, is marked failed first, so it never blocks
   * the next rebuild.
   */
  public Optional<IndexRun> latestRun() {
    Optional<IndexRun> latest = database.withConnection(c -> Runs.latest(c).map(Runs.Row::run));
    if (latest.isEmpty() || latest.get().state().ended()) {
      return latest;
    }
    IndexRun run = latest.get();
    if (!launched.contains(run.executionId())) {
      return latest; // launched by an earlier server: resumed at start-up
    }
    BatchStatus status;
    try {
      status = BatchRuntime.getJobOperator().getJobExecution(run.executionId()).getBatchStatus();
    } catch (RuntimeException e) {
      LOG.log(Level.FINE, "no batch execution " + run.executionId(), e);
      return latest;
    }
    if (status == BatchStatus.FAILED || status == BatchStatus.ABANDONED) {
      return Optional.of(
          finish(
              run.id(),
              State.FAILED,
              "the batch job ended (" + status + ") without recording why"));
    }
    return latest;
  }

  /** The index's state now (reaches the vector store). */
  public IndexStatus status() {
    Counts counts = database.withConnection(Catalog::counts);
    Optional<IndexRun> last = latestRun();
    List<String> sourceList = sourceCounts();
    IndexPipeline.Target target;
    try {
      target = pipeline.target();
    } catch (DimensionPendingException e) {
      Verdict verdict = FreshnessEvaluator.dimensionPending(e.getMessage());
      return status(counts, -1, "", "", verdict, sourceList, last);
    }
    String store = target.storeSettings().kind().id() + " " + target.storeSettings().name();
    String model =
        target.fingerprint().model() + " (" + target.fingerprint().dimension() + " dimensions)";
    StoreCheck check = check(target);
    long storeCount = check.problem().isEmpty() ? check.count() : -1;
    boolean running = last.isPresent() && !last.get().state().ended();
    Verdict verdict =
        FreshnessEvaluator.evaluate(
            new FreshnessEvaluator.Facts(
                check.problem(),
                storeMismatch(check),
                counts.items(),
                running,
                settings.find(IndexPipeline.CATALOG_STORE_KEY).orElse("").equals(target.storeKey()),
                last.isPresent() && last.get().state() == State.COMPLETED,
                model));
    return status(counts, storeCount, store, model, verdict, sourceList, last);
  }

  private IndexStatus status(
      Counts counts,
      long storeCount,
      String store,
      String model,
      Verdict verdict,
      List<String> sourceList,
      Optional<IndexRun> last) {
    return new IndexStatus(
        counts.items(),
        counts.liveVectors(),
        counts.pendingVectors(),
        storeCount,
        store,
        model,
        verdict.freshness(),
        verdict.detail(),
        queue.length(),
        sourceList,
        last);
  }

  /** Active content sources with their item counts, e.g. {@code demo (412)}. */
  private List<String> sourceCounts() {
    List<String> sourceList = new ArrayList<>();
    for (ContentSource source : sources.active()) {
      long count = source.count();
      sourceList.add(source.name() + (count >= 0 ? " (" + count + ")" : ""));
    }
    return sourceList;
  }

  /**
   * How the store's existing vectors differ from the model's, in words; empty when they match or
   * the store holds nothing yet.
   */
  private static Optional<String> storeMismatch(StoreCheck check) {
    return check.description().isPresent() && check.fit() != StoreCheck.Fit.MATCHES
        ? Optional.of(check.dimensionCheck())
        : Optional.empty();
  }

  /**
   * The store's state: from the store already open for this target when there is one (it matched
   * the model when it was opened), otherwise by {@link VectorStores#test}, which connects afresh (a
   * new connection pool for pgvector) and so is kept off the console's frequent refreshes.
   */
  private StoreCheck check(IndexPipeline.Target target) {
    Optional<VectorStore> open = stores.opened(target.fingerprint());
    if (open.isPresent()) {
      try {
        VectorStore store = open.get();
        return new StoreCheck(
            true,
            0,
            "",
            Optional.of(store.describe()),
            store.count(),
            StoreCheck.Fit.MATCHES,
            StoreCheck.Fit.MATCHES.label(),
            "");
      } catch (VectorStoreException e) {
        LOG.log(Level.FINE, "the open store failed; testing it afresh", e);
      }
    }
    return stores.test(target.storeSettings(), target.fingerprint());
  }

  private IndexRun launch(long runId) {
    Properties parameters = new Properties();
    parameters.setProperty("runId", Long.toString(runId));
    parameters.setProperty("itemsPerBatch", Integer.toString(pipeline.settings().itemsPerBatch()));
    long execution = BatchRuntime.getJobOperator().start(JOB, parameters);
    launched.add(execution);
    IndexRun run =
        database.withConnection(
            c -> {
              Runs.execution(c, runId, execution, clock.instant());
              return Runs.find(c, runId).orElseThrow().run();
            });
    progress.fire(new IndexProgress(run));
    return run;
  }

  private IndexRun finish(long runId, State state, String message) {
    IndexRun run =
        database.withConnection(
            c -> {
              Runs.state(c, runId, state, message, clock.instant());
              return Runs.find(c, runId).orElseThrow().run();
            });
    progress.fire(new IndexProgress(run));
    return run;
  }

  private String sourceNames() {
    return String.join(", ", sources.active().stream().map(ContentSource::name).toList());
  }
}
