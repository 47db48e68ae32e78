package io.cmsai.provider;

import io.cmsai.provider.ProviderSettings.ServerKind;
import io.cmsai.provider.ProviderSettings.Timeouts;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.net.URI;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.microprofile.config.Config;

/**
 * The provider settings in force: MicroProfile Config keys {@code cms.ai.provider.*} (system
 * properties, environment variables such as {@code CMS_AI_PROVIDER_BASE_URL}, the module's
 * microprofile-config.properties). The snapshot is re-read at most once a second (calls on a busy
 * portal would otherwise repeat dozens of lookups each), so a changed value applies within a
 * second; {@link #invalidate()} applies it at once. Durations accept {@code 500ms}, {@code 30s},
 * {@code 2m}, {@code 1h}, ISO-8601 ({@code PT30S}) or plain seconds. Thread-safe.
 */
@ApplicationScoped
public class ProviderConfiguration {

  /** Prefix of every provider key. */
  public static final String PREFIX = "cms.ai.provider.";

  private static final Pattern SIMPLE_DURATION =
      Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*(ms|s|m|h)?", Pattern.CASE_INSENSITIVE);

  private static final long REREAD_NANOS = 1_000_000_000L;

  private record Snapshot(ProviderSettings settings, long readAt) {}

  private final Function<String, Optional<String>> values;
  private volatile Snapshot snapshot;

  /** For CDI proxies only. */
  protected ProviderConfiguration() {
    this.values = null;
  }

  @Inject
  public ProviderConfiguration(Config config) {
    this(key -> config.getOptionalValue(key, String.class));
  }

  /** Settings from an explicit lookup of full keys (tests, tools). */
  public ProviderConfiguration(Function<String, Optional<String>> values) {
    this.values = values;
  }

  /**
   * The current settings.
   *
   * @throws IllegalArgumentException naming the key when a value is invalid
   */
  public ProviderSettings current() {
    Snapshot known = snapshot;
    long now = System.nanoTime();
    if (known != null && now - known.readAt() < REREAD_NANOS) {
      return known.settings();
    }
    ProviderSettings settings = read();
    snapshot = new Snapshot(settings, now);
    return settings;
  }

  /** Makes the next {@link #current()} read the configuration again. */
  public void invalidate() {
    snapshot = null;
  }

  private ProviderSettings read() {
    ProviderSettings d = ProviderSettings.defaults(URI.create("http://localhost:8000/v1"));
    Timeouts t = d.timeouts();
    return new ProviderSettings(
        read("kind", ServerKind::parse, d.kind()),
        read("base-url", ProviderConfiguration::uri, d.baseUrl()),
        read("api-key-ref", s -> s, d.apiKeyRef()),
        read("auth-header", s -> s, d.authHeader()),
        read("auth-scheme", s -> "none".equalsIgnoreCase(s) ? "" : s, d.authScheme()),
        new Timeouts(
            read("connect-timeout", ProviderConfiguration::duration, t.connect()),
            read("first-byte-timeout", ProviderConfiguration::duration, t.firstByte()),
            read("idle-timeout", ProviderConfiguration::duration, t.idle()),
            read("total-timeout", ProviderConfiguration::duration, t.total())),
        read("debug", ProviderConfiguration::bool, d.debug()),
        read("chat-model", s -> s, d.chatModel()),
        read("embedding-model", s -> s, d.embeddingModel()),
        read("max-retries", Integer::parseInt, d.maxRetries()),
        read("max-concurrent-calls", Integer::parseInt, d.maxConcurrentCalls()),
        read("max-queued-calls", Integer::parseInt, d.maxQueuedCalls()),
        read("circuit-failure-threshold", Integer::parseInt, d.circuitFailureThreshold()),
        read("circuit-open-for", ProviderConfiguration::duration, d.circuitOpenFor()),
        read("embedding-batch-size", Integer::parseInt, d.embeddingBatchSize()),
        read("embedding-concurrency", Integer::parseInt, d.embeddingConcurrency()),
        read("model-cache-ttl", ProviderConfiguration::duration, d.modelCacheTtl()));
  }

  private <T> T read(String key, Function<String, T> parse, T fallback) {
    Optional<String> value = values.apply(PREFIX + key).map(String::strip);
    if (value.isEmpty() || value.get().isEmpty()) {
      return fallback;
    }
    try {
      return parse.apply(value.get());
    } catch (RuntimeException e) {
      throw new IllegalArgumentException(
          "invalid value for " + PREFIX + key + ": " + e.getMessage(), e);
    }
  }

  /** Parses {@code 500ms}, {@code 30s}, {@code 2m}, {@code 1h}, {@code PT30S} or seconds. */
  public static Duration duration(String text) {
    Matcher m = SIMPLE_DURATION.matcher(text.strip());
    if (m.matches()) {
      double amount = Double.parseDouble(m.group(1));
      String unit = m.group(2) == null ? "s" : m.group(2).toLowerCase(Locale.ROOT);
      double millis =
          switch (unit) {
            case "ms" -> amount;
            case "m" -> amount * 60_000;
            case "h" -> amount * 3_600_000;
            default -> amount * 1000;
          };
      return Duration.ofMillis(Math.round(millis));
    }
    try {
      return Duration.parse(text.strip());
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException(
          "'" + text + "' is not a duration (examples: 500ms, 30s, 2m, PT30S)", e);
    }
  }

  private static URI uri(String text) {
    try {
      return URI.create(text);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("'" + text + "' is not a URL", e);
    }
  }

  private static boolean bool(String text) {
    return switch (text.toLowerCase(Locale.ROOT)) {
      case "true", "yes", "on", "1" -> true;
      case "false", "no", "off", "0" -> false;
      default -> throw new IllegalArgumentException("'" + text + "' is not true or false");
    };
  }
}
