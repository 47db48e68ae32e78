package io.cmsai.provider.internal;

import io.cmsai.provider.HealthStatus;
import io.cmsai.provider.ProviderHealth;
import io.cmsai.provider.ProviderSettings;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * {@link ProviderHealth} with a cached status refreshed in the background at most every {@value
 * #REFRESH_SECONDS} seconds when asked for. Thread-safe.
 */
@ApplicationScoped
public class DefaultProviderHealth implements ProviderHealth {

  static final int REFRESH_SECONDS = 30;

  private record Known(ProviderSettings settings, HealthStatus status) {}

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
    boolean fresh =
        current != null
            && current.settings().equals(settings)
            && current.status().checkedAt().plusSeconds(REFRESH_SECONDS).isAfter(Instant.now());
    if (!fresh && probing.compareAndSet(false, true)) {
      var unused = probe(settings).whenComplete((status, error) -> probing.set(false));
    }
    return current != null && current.settings().equals(settings)
        ? current.status()
        : new HealthStatus(
            HealthStatus.State.UNKNOWN, "not probed yet", Duration.ZERO, Instant.now());
  }

  @Override
  public HealthStatus check() {
    return Calls.await(probe(runtime.settings()));
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
