package io.cmsai.provider.internal;

import io.cmsai.provider.AiCallCompleted;
import io.cmsai.provider.HealthStatus;
import io.cmsai.provider.ProviderHealth;
import io.cmsai.provider.ProviderSettings;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * {@link ProviderHealth} with a cached status refreshed in the background at most every {@value
 * #REFRESH_SECONDS} seconds when asked for. A call that succeeds counts as a fresh UP status too,
 * so a server that is answering is never shown as UNKNOWN while the first probe is pending or after
 * the settings changed. Thread-safe.
 */
@ApplicationScoped
public class DefaultProviderHealth implements ProviderHealth {

  static final int REFRESH_SECONDS = 30;

  private record Known(ProviderSettings settings, HealthStatus status) {

    boolean freshFor(ProviderSettings current, Instant now) {
      return settings.equals(current)
          && status.checkedAt().plusSeconds(REFRESH_SECONDS).isAfter(now);
    }
  }

  private final ProviderRuntime runtime;
  private final AtomicBoolean probing = new AtomicBoolean();
  private volatile Known known;

  /** For CDI proxies only. */
  protected DefaultProviderHealth() {
    this.runtime = null;
  }

  @Inject
  public DefaultProviderHealth(ProviderRuntime runtime) {
    this.runtime = runtime;
  }

  @Override
  public HealthStatus status() {
    ProviderSettings settings = runtime.settings();
    Known current = known;
    if ((current == null || !current.freshFor(settings, Instant.now()))
        && probing.compareAndSet(false, true)) {
      startProbe(settings);
    }
    return current != null && current.settings().equals(settings)
        ? current.status()
        : new HealthStatus(
            HealthStatus.State.UNKNOWN,
            "a probe of the server has started; ask again in a moment",
            Duration.ZERO,
            Instant.now());
  }

  @Override
  public HealthStatus check() {
    return Calls.await(probe(runtime.settings()));
  }

  /**
   * Counts a successful chat, stream or embeddings call as an UP status of the current settings.
   * Called on the thread that completed the call; at most one field write a second.
   */
  void onCall(@Observes AiCallCompleted call) {
    if (!call.succeeded()) {
      return;
    }
    ProviderSettings settings = runtime.settings();
    Instant now = Instant.now();
    Known current = known;
    if (current != null
        && current.status().isUp()
        && current.settings().equals(settings)
        && current.status().checkedAt().isAfter(now.minusSeconds(1))) {
      return; // already UP within the last second: nothing to add on a busy path
    }
    String what = call.operation().name().toLowerCase(Locale.ROOT).replace('_', ' ');
    known =
        new Known(
            settings,
            new HealthStatus(
                HealthStatus.State.UP,
                "a " + what + " call to the server succeeded",
                call.metrics().latency(),
                now));
  }

  private void startProbe(ProviderSettings settings) {
    try {
      var unused = probe(settings).whenComplete((status, error) -> probing.set(false));
    } catch (RuntimeException e) { // e.g. the client could not be made: try again next time
      probing.set(false);
      throw e;
    }
  }

  private CompletableFuture<HealthStatus> probe(ProviderSettings settings) {
    return runtime
        .client(settings)
        .health()
        .thenApply(
            status -> {
              known = new Known(settings, status);
              return status;
            });
  }
}
