package io.cmsai.api;

import io.cmsai.api.internal.ApiAccess;
import io.cmsai.config.Setting;
import io.cmsai.config.SettingGroup;
import io.cmsai.config.SettingType;
import io.cmsai.provider.ProviderConfiguration;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Function;
import org.eclipse.microprofile.config.Config;

/**
 * Settings of the OpenAI-compatible facade ({@code cms.ai.api.*}), each declared once below. Set in
 * configuration only; like the provider settings they are re-read at most once a second.
 * Thread-safe.
 */
@ApplicationScoped
public class FacadeSettings {

  private static final long REREAD_NANOS = 1_000_000_000L;

  /** Prefix of every key. */
  public static final String PREFIX = "cms.ai.api.";

  public static final Setting<String> ROLE =
      Setting.of(
          PREFIX + "role",
          SettingType.TEXT,
          ApiAccess.DEFAULT_ROLE,
          "Role",
          "The role a caller of /api/ai/v1 needs; ** means any signed-in user.");

  public static final Setting<Boolean> ALLOW_ANONYMOUS =
      Setting.of(
          PREFIX + "allow-anonymous",
          SettingType.BOOLEAN,
          false,
          "Anonymous access",
          "true lets callers in without signing in: for local trials only.");

  public static final Setting<Long> MAX_REQUEST_BYTES =
      Setting.of(
          PREFIX + "max-request-bytes",
          SettingType.longInteger(1, Long.MAX_VALUE),
          4L * 1024 * 1024,
          "Request size limit",
          "The largest request body in bytes.");

  public static final Setting<Duration> HEARTBEAT =
      Setting.of(
          PREFIX + "heartbeat",
          SettingType.DURATION,
          Duration.ofSeconds(2),
          "Heartbeat",
          "The interval of keep-alive comments in a stream.");

  public static final Setting<Duration> FIRST_HEARTBEAT =
      Setting.of(
          PREFIX + "first-heartbeat",
          SettingType.DURATION,
          Duration.ofSeconds(30),
          "First heartbeat",
          "How long a stream's status is held open while the upstream has sent nothing, so that"
              + " an early error keeps its status.");

  /** Every facade setting. */
  public static final SettingGroup<Void> SETTINGS =
      SettingGroup.documented(
          "OpenAI-compatible facade (/api/ai/v1)",
          PREFIX,
          ROLE,
          ALLOW_ANONYMOUS,
          MAX_REQUEST_BYTES,
          HEARTBEAT,
          FIRST_HEARTBEAT);

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
    Function<String, Optional<String>> lookup = key -> config.getOptionalValue(key, String.class);
    Values read =
        new Values(
            new ApiAccess(ROLE.read(lookup), ALLOW_ANONYMOUS.read(lookup)),
            MAX_REQUEST_BYTES.read(lookup),
            HEARTBEAT.read(lookup),
            FIRST_HEARTBEAT.read(lookup),
            now);
    values = read;
    return read;
  }
}
