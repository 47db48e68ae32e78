package io.cmsai.provider;

import io.cmsai.config.KeyResolver;
import io.cmsai.config.LayeredConfiguration;
import io.cmsai.config.LayeredSettings;
import io.cmsai.config.SettingsRepository;
import io.cmsai.platform.ModuleStartup;
import io.cmsai.platform.StartupReport;
import io.cmsai.provider.ProviderSettings.ServerKind;
import io.cmsai.provider.ProviderSettings.Timeouts;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.net.URI;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.microprofile.config.Config;

/**
 * The provider settings in force: values saved by an administrator ({@link #save}, kept in the
 * module database) over MicroProfile Config keys {@code cms.ai.provider.*} (system properties,
 * environment variables such as {@code CMS_AI_PROVIDER_BASE_URL}, the module's
 * microprofile-config.properties), over built-in defaults. The snapshot is re-read at most once a
 * second (calls on a busy portal would otherwise repeat dozens of lookups each), so a changed value
 * applies within a second; {@link #invalidate()} applies it at once. Durations accept {@code
 * 500ms}, {@code 30s}, {@code 2m}, {@code 1h}, ISO-8601 ({@code PT30S}) or plain seconds.
 * Thread-safe.
 */
@ApplicationScoped
public class ProviderConfiguration extends LayeredConfiguration<ProviderSettings> {

  /** Prefix of every provider key. */
  public static final String PREFIX = "cms.ai.provider.";

  private static final Pattern SIMPLE_DURATION =
      Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*(ms|s|m|h)?", Pattern.CASE_INSENSITIVE);

  private static final URI DEFAULT_BASE_URL = URI.create("http://localhost:8000/v1");

  /** Every key, without the prefix. */
  public static final List<String> KEYS =
      List.of(
          "kind",
          "base-url",
          "api-key-ref",
          "auth-header",
          "auth-scheme",
          "connect-timeout",
          "first-byte-timeout",
          "idle-timeout",
          "total-timeout",
          "debug",
          "debug-bodies",
          "chat-model",
          "embedding-model",
          "max-retries",
          "max-concurrent-calls",
          "max-queued-calls",
          "circuit-failure-threshold",
          "circuit-open-for",
          "embedding-batch-size",
          "embedding-concurrency",
          "model-cache-ttl");

  /** For CDI proxies only. */
  protected ProviderConfiguration() {
    super();
  }

  @Inject
  public ProviderConfiguration(
      Config config, SettingsRepository repository, ModuleStartup startup) {
    this(
        key -> config.getOptionalValue(key, String.class),
        () ->
            startup.report().phase() == StartupReport.Phase.READY
                ? repository.findByPrefix(PREFIX)
                : Map.of(),
        repository::saveAll);
  }

  /** Settings from configuration only (tests, tools); {@link #save} is refused. */
  public ProviderConfiguration(Function<String, Optional<String>> configured) {
    this(
        configured,
        Map::of,
        (values, removed) -> {
          throw new IllegalStateException("these settings are read from configuration only");
        });
  }

  /**
   * @param configured MicroProfile Config lookup of full keys
   * @param saved the saved values by full key
   * @param store saves values
   */
  public ProviderConfiguration(
      Function<String, Optional<String>> configured,
      Supplier<Map<String, String>> saved,
      LayeredSettings.Store store) {
    super(
        new LayeredSettings<>(
            PREFIX,
            KEYS,
            ProviderConfiguration::read,
            ProviderConfiguration::texts,
            configured,
            saved,
            store));
  }

  /** The values of {@code settings} as text, by key without the prefix (as a form shows them). */
  public static Map<String, String> texts(ProviderSettings settings) {
    Map<String, String> texts = new TreeMap<>();
    texts.put("kind", settings.kind() == ServerKind.LLM_D ? "llm-d" : "openai-compatible");
    String url = settings.baseUrl().toString();
    texts.put("base-url", url.endsWith("/") ? url.substring(0, url.length() - 1) : url);
    texts.put("api-key-ref", settings.apiKeyRef());
    texts.put("auth-header", settings.authHeader());
    texts.put("auth-scheme", settings.authScheme().isEmpty() ? "none" : settings.authScheme());
    texts.put("connect-timeout", text(settings.timeouts().connect()));
    texts.put("first-byte-timeout", text(settings.timeouts().firstByte()));
    texts.put("idle-timeout", text(settings.timeouts().idle()));
    texts.put("total-timeout", text(settings.timeouts().total()));
    texts.put("debug", Boolean.toString(settings.debug()));
    texts.put("debug-bodies", Boolean.toString(settings.debugBodies()));
    texts.put("chat-model", settings.chatModel());
    texts.put("embedding-model", settings.embeddingModel());
    texts.put("max-retries", Integer.toString(settings.maxRetries()));
    texts.put("max-concurrent-calls", Integer.toString(settings.maxConcurrentCalls()));
    texts.put("max-queued-calls", Integer.toString(settings.maxQueuedCalls()));
    texts.put("circuit-failure-threshold", Integer.toString(settings.circuitFailureThreshold()));
    texts.put("circuit-open-for", text(settings.circuitOpenFor()));
    texts.put("embedding-batch-size", Integer.toString(settings.embeddingBatchSize()));
    texts.put("embedding-concurrency", Integer.toString(settings.embeddingConcurrency()));
    texts.put("model-cache-ttl", text(settings.modelCacheTtl()));
    return texts;
  }

  /** A duration the way {@link #duration} reads it back: {@code 500ms}, {@code 30s}, {@code 2m}. */
  public static String text(Duration duration) {
    long millis = duration.toMillis();
    if (millis % 3_600_000 == 0) {
      return millis / 3_600_000 + "h";
    }
    if (millis % 60_000 == 0) {
      return millis / 60_000 + "m";
    }
    return millis % 1000 == 0 ? millis / 1000 + "s" : millis + "ms";
  }

  private static ProviderSettings read(Function<String, Optional<String>> values) {
    ProviderSettings d = ProviderSettings.defaults(DEFAULT_BASE_URL);
    Timeouts t = d.timeouts();
    return new ProviderSettings(
        read(values, "kind", ServerKind::parse, d.kind()),
        read(values, "base-url", ProviderConfiguration::uri, d.baseUrl()),
        read(values, "api-key-ref", KeyResolver::checkReference, d.apiKeyRef()),
        read(values, "auth-header", ProviderConfiguration::headerName, d.authHeader()),
        read(values, "auth-scheme", ProviderConfiguration::scheme, d.authScheme()),
        new Timeouts(
            read(values, "connect-timeout", v -> timeout(v, MAX_CONNECT_TIMEOUT), t.connect()),
            read(values, "first-byte-timeout", v -> timeout(v, MAX_TIMEOUT), t.firstByte()),
            read(values, "idle-timeout", v -> timeout(v, MAX_TIMEOUT), t.idle()),
            read(values, "total-timeout", v -> timeout(v, MAX_TIMEOUT), t.total())),
        read(values, "debug", ProviderConfiguration::bool, d.debug()),
        read(values, "debug-bodies", ProviderConfiguration::bool, d.debugBodies()),
        read(values, "chat-model", s -> s, d.chatModel()),
        read(values, "embedding-model", s -> s, d.embeddingModel()),
        read(values, "max-retries", Integer::parseInt, d.maxRetries()),
        read(values, "max-concurrent-calls", Integer::parseInt, d.maxConcurrentCalls()),
        read(values, "max-queued-calls", Integer::parseInt, d.maxQueuedCalls()),
        read(values, "circuit-failure-threshold", Integer::parseInt, d.circuitFailureThreshold()),
        read(values, "circuit-open-for", ProviderConfiguration::duration, d.circuitOpenFor()),
        read(values, "embedding-batch-size", Integer::parseInt, d.embeddingBatchSize()),
        read(values, "embedding-concurrency", Integer::parseInt, d.embeddingConcurrency()),
        read(values, "model-cache-ttl", ProviderConfiguration::duration, d.modelCacheTtl()));
  }

  private static <T> T read(
      Function<String, Optional<String>> values,
      String key,
      Function<String, T> parse,
      T fallback) {
    return LayeredSettings.read(values, PREFIX + key, parse, fallback);
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

  private static final Duration MAX_CONNECT_TIMEOUT = Duration.ofMinutes(5);
  private static final Duration MAX_TIMEOUT = Duration.ofHours(24);

  private static Duration timeout(String text, Duration max) {
    Duration value = duration(text);
    if (value.toMillis() < 1 || value.compareTo(max) > 0) {
      throw new IllegalArgumentException(
          "must be between 1ms and " + text(max) + ", got '" + text.strip() + "'");
    }
    return value;
  }

  /** An HTTP header name (RFC 9110 token) that the HTTP client lets the module set. */
  private static final Pattern TOKEN = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]{1,64}");

  /** Headers the JDK client sets itself (or refuses), and hop-by-hop headers. */
  private static final java.util.Set<String> RESTRICTED_HEADERS =
      java.util.Set.of(
          "host",
          "connection",
          "content-length",
          "transfer-encoding",
          "upgrade",
          "expect",
          "keep-alive",
          "proxy-connection",
          "te",
          "trailer",
          "date",
          "from",
          "via",
          "warning");

  private static String headerName(String text) {
    if (!TOKEN.matcher(text).matches()) {
      throw new IllegalArgumentException(
          "'"
              + shorten(text)
              + "' is not a header name: use letters, digits and - (e.g. Authorization, api-key,"
              + " x-api-key)");
    }
    if (RESTRICTED_HEADERS.contains(text.toLowerCase(Locale.ROOT))) {
      throw new IllegalArgumentException(
          "'" + text + "' is a header the HTTP connection sets itself; use e.g. Authorization");
    }
    return text;
  }

  private static String scheme(String text) {
    if ("none".equalsIgnoreCase(text)) {
      return "";
    }
    if (!TOKEN.matcher(text).matches()) {
      throw new IllegalArgumentException(
          "'"
              + shorten(text)
              + "' is not an authentication scheme: one word such as Bearer, or none");
    }
    return text;
  }

  private static String shorten(String text) {
    String flat = text.replaceAll("\\p{Cntrl}", "?");
    return flat.length() > 40 ? flat.substring(0, 40) + "…" : flat;
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
