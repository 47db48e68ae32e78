package io.cmsai.api;

import io.cmsai.api.internal.ApiAccess;
import io.cmsai.provider.ProviderConfiguration;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import org.eclipse.microprofile.config.Config;

/**
 * Settings of the OpenAI-compatible facade ({@code cms.ai.api.*}): {@code role} (default {@code
 * ai-user}; {@code **} = any signed-in user), {@code allow-anonymous} (default false; local
 * development only), {@code max-request-bytes} (default 4 MiB), {@code heartbeat} (default 2 s),
 * {@code first-heartbeat} (default 30 s: how long a stream's status is held open while the upstream
 * has sent nothing, so that an early error keeps its status). Like the provider settings they are
 * re-read at most once a second. Thread-safe.
 */
@ApplicationScoped
public class FacadeSettings {

  private static final long REREAD_NANOS = 1_000_000_000L;

  /** One reading of the settings. */
  private record Values(
      ApiAccess access,
      long maxRequestBytes,
      Duration heartbeat,
      Duration firstHeartbeat,
      long readAt) {}

  private final Config config;
  private final ProviderConfiguration provider;
  private volatile Values values;

  /** For CDI proxies only. */
  protected FacadeSettings() {
    this.config = null;
    this.provider = null;
  }

  @Inject
  public FacadeSettings(Config config, ProviderConfiguration provider) {
    this.config = config;
    this.provider = provider;
  }

  public ApiAccess access() {
    return values().access();
  }

  public long maxRequestBytes() {
    return values().maxRequestBytes();
  }

  public Duration heartbeat() {
    return values().heartbeat();
  }

  /**
   * How long a stream sends nothing before the upstream's first byte: its status (and an early
   * error's status and {@code Retry-After}) is held until then.
   */
  public Duration firstHeartbeat() {
    return values().firstHeartbeat();
  }

  /** How long the container keeps a facade request open: the total call timeout plus slack. */
  public Duration asyncTimeout() {
    return provider.current().timeouts().total().plusSeconds(30);
  }

  private Values values() {
    Values known = values;
    long now = System.nanoTime();
    if (known != null && now - known.readAt() < REREAD_NANOS) {
      return known;
    }
    Values read =
        new Values(
            new ApiAccess(
                config
                    .getOptionalValue("cms.ai.api.role", String.class)
                    .orElse(ApiAccess.DEFAULT_ROLE),
                config.getOptionalValue("cms.ai.api.allow-anonymous", Boolean.class).orElse(false)),
            config
                .getOptionalValue("cms.ai.api.max-request-bytes", Long.class)
                .orElse(4L * 1024 * 1024),
            config
                .getOptionalValue("cms.ai.api.heartbeat", String.class)
                .map(ProviderConfiguration::duration)
                .orElse(Duration.ofSeconds(2)),
            config
                .getOptionalValue("cms.ai.api.first-heartbeat", String.class)
                .map(ProviderConfiguration::duration)
                .orElse(Duration.ofSeconds(30)),
            now);
    values = read;
    return read;
  }
}
