package io.cmsai.provider.internal;

import io.cmsai.config.KeyResolver;
import io.cmsai.config.OutboundPolicy;
import io.cmsai.provider.AiCallCompleted;
import io.cmsai.provider.AiCallStarting;
import io.cmsai.provider.AiProviderException;
import io.cmsai.provider.CallMetrics;
import io.cmsai.provider.CallVetoedException;
import io.cmsai.provider.Operation;
import io.cmsai.provider.ProviderConfiguration;
import io.cmsai.provider.ProviderSettings;
import io.cmsai.provider.Usage;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * What the provider services share: the current settings, one client per distinct settings snapshot
 * (so a changed setting gets a fresh connection, breaker and bulkhead while calls on the old one
 * finish), the threads the HTTP client and the timers run on (created by the container's {@link
 * ManagedThreadFactory}), and the call events.
 *
 * <p>Thread-safe.
 */
@ApplicationScoped
public class ProviderRuntime {

  private static final Logger LOG = Logger.getLogger(ProviderRuntime.class.getName());
  private static final int KEPT_CLIENTS = 4;

  private final Supplier<ProviderSettings> settings;
  private final Connection.Gate gate;
  private final Consumer<AiCallStarting> starting;
  private final Consumer<AiCallCompleted> completed;
  private final Map<ProviderSettings, OpenAiCompatibleClient> clients =
      new LinkedHashMap<>(8, 0.75f, true);
  private ExecutorService executor;
  private ScheduledExecutorService timer;

  @Resource private ManagedThreadFactory threadFactory;

  /** For CDI proxies only. */
  protected ProviderRuntime() {
    this.settings = null;
    this.gate = null;
    this.starting = null;
    this.completed = null;
  }

  @Inject
  public ProviderRuntime(
      ProviderConfiguration configuration,
      KeyResolver keys,
      OutboundPolicy policy,
      Event<AiCallStarting> starting,
      Event<AiCallCompleted> completed) {
    this(configuration::current, keys, policy, starting::fire, completed::fire, null);
  }

  /**
   * A runtime outside the container (tests, tools), with its own daemon threads and the default
   * outbound policy (no exempt hosts).
   */
  public ProviderRuntime(
      Supplier<ProviderSettings> settings,
      KeyResolver keys,
      Consumer<AiCallStarting> starting,
      Consumer<AiCallCompleted> completed,
      ThreadFactory threads) {
    this(
        settings,
        keys,
        new OutboundPolicy(List.of(), InetAddress::getAllByName),
        starting,
        completed,
        threads);
  }

  /**
   * A runtime over explicit parts; {@code threads} null: the container's managed threads.
   *
   * @param policy the outbound address policy
   */
  public ProviderRuntime(
      Supplier<ProviderSettings> settings,
      KeyResolver keys,
      OutboundPolicy policy,
      Consumer<AiCallStarting> starting,
      Consumer<AiCallCompleted> completed,
      ThreadFactory threads) {
    this.settings = settings;
    this.gate = new OutboundGate(keys, policy);
    this.starting = starting;
    this.completed = completed;
    if (threads != null) {
      startThreads(threads);
    }
  }

  /** The settings in force now. */
  public ProviderSettings settings() {
    return settings.get();
  }

  /** The client for the current settings. */
  public OpenAiCompatibleClient client() {
    return client(settings());
  }

  /** The client for {@code snapshot} (e.g. unsaved settings being tested). */
  public synchronized OpenAiCompatibleClient client(ProviderSettings snapshot) {
    if (executor == null) {
      startThreads(threadFactory != null ? threadFactory : Executors.defaultThreadFactory());
    }
    OpenAiCompatibleClient client = clients.get(snapshot);
    if (client == null) {
      client =
          new OpenAiCompatibleClient(
              new Connection(snapshot, gate, executor, timer, Clock.systemUTC()));
      clients.put(snapshot, client);
      if (clients.size() > KEPT_CLIENTS) {
        clients.remove(clients.keySet().iterator().next());
      }
    }
    return client;
  }

  /**
   * Fires {@link AiCallStarting}.
   *
   * @throws CallVetoedException when an observer vetoed
   */
  public void beforeCall(Operation operation, String model, Object request) {
    AiCallStarting event = new AiCallStarting(operation, model, request);
    starting.accept(event);
    Optional<String> veto = event.vetoReason();
    if (veto.isPresent()) {
      throw new CallVetoedException(veto.get());
    }
  }

  /**
   * Fires {@link AiCallCompleted} for a failed call that started at {@code startedNanos} ({@link
   * System#nanoTime()}): its latency is measured here; attempts are not known (0).
   */
  public void afterFailure(
      Operation operation, String model, long startedNanos, AiProviderException failure) {
    afterCall(
        operation,
        model,
        null,
        new CallMetrics(Duration.ofNanos(System.nanoTime() - startedNanos), Duration.ZERO, 0),
        failure);
  }

  /** Fires {@link AiCallCompleted}; an observer's failure is logged, never passed on. */
  public void afterCall(
      Operation operation,
      String model,
      Usage usage,
      CallMetrics metrics,
      AiProviderException failure) {
    try {
      completed.accept(
          new AiCallCompleted(
              operation, model, Optional.ofNullable(usage), metrics, Optional.ofNullable(failure)));
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "an AiCallCompleted observer failed", e);
    }
  }

  private void startThreads(ThreadFactory threads) {
    ThreadFactory named =
        runnable -> {
          Thread thread = threads.newThread(runnable);
          thread.setDaemon(true);
          return thread;
        };
    executor = Executors.newCachedThreadPool(named);
    ScheduledThreadPoolExecutor scheduler = new ScheduledThreadPoolExecutor(1, named);
    scheduler.setRemoveOnCancelPolicy(true);
    timer = scheduler;
  }

  /** Stops the threads; calls still running fail. */
  @PreDestroy
  public synchronized void close() {
    clients.clear();
    if (executor != null) {
      executor.shutdownNow();
      timer.shutdownNow();
    }
  }
}
