package io.cmsai.indexing;

import io.cmsai.content.ContentDeleted;
import io.cmsai.content.ContentItem;
import io.cmsai.content.ContentSaved;
import io.cmsai.indexing.internal.Queue;
import io.cmsai.platform.Database;
import io.cmsai.platform.Jsons;
import io.cmsai.platform.LogText;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import jakarta.inject.Inject;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Incremental indexing: content changes (the {@link ContentSaved}/{@link ContentDeleted} events and
 * REST pushes) are written to a durable queue in the module database, then indexed in order on a
 * background thread. Several changes to one item coalesce into the last. When indexing fails (the
 * embedding server is down, say) the changes stay queued and are retried every {@value
 * #RETRY_SECONDS} seconds; they are also drained at start-up. Thread-safe.
 */
@ApplicationScoped
public class IndexQueue {

  /** Seconds between retries after a failure. */
  public static final int RETRY_SECONDS = 30;

  private static final Logger LOG = Logger.getLogger(IndexQueue.class.getName());
  private static final int BATCH = 64;

  private final Database database;
  private final IndexPipeline pipeline;
  private final Clock clock = Clock.systemUTC();
  private final AtomicBoolean draining = new AtomicBoolean();
  private final AtomicBoolean again = new AtomicBoolean();
  private volatile String lastError = "";

  @Resource(lookup = "java:comp/DefaultManagedScheduledExecutorService")
  ScheduledExecutorService executor;

  /** For CDI proxies only. */
  protected IndexQueue() {
    this.database = null;
    this.pipeline = null;
  }

  @Inject
  public IndexQueue(Database database, IndexPipeline pipeline) {
    this.database = database;
    this.pipeline = pipeline;
  }

  /** Over an explicit executor (tests, tools). */
  public IndexQueue(Database database, IndexPipeline pipeline, ScheduledExecutorService executor) {
    this(database, pipeline);
    this.executor = executor;
  }

  void onSaved(@Observes(during = TransactionPhase.AFTER_SUCCESS) ContentSaved event) {
    save(event.source(), event.item());
  }

  void onDeleted(@Observes(during = TransactionPhase.AFTER_SUCCESS) ContentDeleted event) {
    delete(event.source(), event.id());
  }

  /** Queues {@code item} of {@code source} for indexing and returns at once. */
  public void save(String source, ContentItem item) {
    String payload = item.toJson().toString();
    database.withConnection(
        c -> {
          Queue.add(c, source, item.id(), Queue.SAVE, payload, clock.instant());
          return null;
        });
    drainLater();
  }

  /** Queues the removal of item {@code id} of {@code source} and returns at once. */
  public void delete(String source, String id) {
    database.withConnection(
        c -> {
          Queue.add(c, source, id, Queue.DELETE, null, clock.instant());
          return null;
        });
    drainLater();
  }

  /** How many changes wait. */
  public long length() {
    return database.withConnection(Queue::length);
  }

  /** The last indexing failure, {@code ""} after a success. */
  public String lastError() {
    return lastError;
  }

  /** Drains the queue on a background thread (a no-op while a drain is running: it goes on). */
  public void drainLater() {
    again.set(true);
    if (executor != null && !draining.get()) {
      var unused = executor.submit(this::drain);
    }
  }

  /**
   * Indexes every queued change now, on the calling thread.
   *
   * @return whether the queue was emptied (false after a failure: the changes stay queued)
   */
  public boolean drain() {
    if (!draining.compareAndSet(false, true)) {
      again.set(true);
      return false;
    }
    try {
      do {
        again.set(false);
        while (true) {
          List<Queue.Entry> entries = database.withConnection(c -> Queue.head(c, BATCH));
          if (entries.isEmpty()) {
            break;
          }
          apply(entries);
          long last = entries.get(entries.size() - 1).seq();
          database.withConnection(
              c -> {
                Queue.removeThrough(c, last);
                return null;
              });
        }
      } while (again.get());
      lastError = "";
      return true;
    } catch (RuntimeException e) {
      lastError = String.valueOf(e.getMessage());
      LOG.log(
          Level.WARNING,
          "incremental indexing failed; the changes stay queued and are retried in "
              + RETRY_SECONDS
              + " s: "
              + e.getMessage(),
          e);
      if (executor != null) {
        var unused = executor.schedule(this::drain, RETRY_SECONDS, TimeUnit.SECONDS);
      }
      return false;
    } finally {
      draining.set(false);
    }
  }

  private void apply(List<Queue.Entry> entries) {
    Map<String, Queue.Entry> latest = new LinkedHashMap<>();
    for (Queue.Entry entry : entries) {
      String key = entry.source() + ":" + entry.itemId();
      latest.remove(key);
      latest.put(key, entry);
    }
    List<SourcedItem> saves = new ArrayList<>();
    List<String[]> deletes = new ArrayList<>();
    for (Queue.Entry entry : latest.values()) {
      if (entry.operation().equals(Queue.SAVE)) {
        saves.add(
            new SourcedItem(
                entry.source(),
                ContentItem.fromJson(entry.itemId(), Jsons.readObject(entry.payload()))));
      } else {
        deletes.add(new String[] {entry.source(), entry.itemId()});
      }
    }
    long runId = pipeline.latestRunId();
    if (!saves.isEmpty()) {
      IndexOutcome outcome = pipeline.index(saves, runId);
      outcome.problems().forEach(p -> LOG.warning("not indexed: " + LogText.escape(p)));
    }
    if (!deletes.isEmpty()) {
      pipeline.remove(deletes);
    }
  }
}
