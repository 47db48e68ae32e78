package io.cmsai.api;

import io.cmsai.api.internal.ApiAccess;
import io.cmsai.provider.ProviderConfiguration;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import org.eclipse.microprofile.config.Config;

/**
 * Settings of the OpenAI-compatible facade ({@code cms.ai.api.*}), read for every request: {@code
 * role} (default {@code ai-user}; {@code **} = any signed-in user), {@code allow-anonymous}
 * (default false; local development only), {@code max-request-bytes} (default 4 MiB), {@code
 * heartbeat} (default 2 s). Thread-safe.
 */
@ApplicationScoped
public class FacadeSettings {

  private final Config config;
  private final ProviderConfiguration provider;

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
    return new ApiAccess(
        config.getOptionalValue("cms.ai.api.role", String.class).orElse(ApiAccess.DEFAULT_ROLE),
        config.getOptionalValue("cms.ai.api.allow-anonymous", Boolean.class).orElse(false));
  }

  public long maxRequestBytes() {
    return config
        .getOptionalValue("cms.ai.api.max-request-bytes", Long.class)
        .orElse(4L * 1024 * 1024);
  }

  public Duration heartbeat() {
    return config
        .getOptionalValue("cms.ai.api.heartbeat", String.class)
        .map(ProviderConfiguration::duration)
        .orElse(Duration.ofSeconds(2));
  }

  /** How long the container keeps a facade request open: the total call timeout plus slack. */
  public Duration asyncTimeout() {
    return provider.current().timeouts().total().plusSeconds(30);
  }
}
