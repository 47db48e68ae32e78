package io.cmsai.provider;

import io.cmsai.config.KeyResolver;
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
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
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
public class ProviderConfiguration {

  /** Prefix of every provider key. */
  public static final String PREFIX = "cms.ai.provider.";

  private static final Pattern SIMPLE_DURATION =
      Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*(ms|s|m|h)?", Pattern.CASE_INSENSITIVE);

  private static final long REREAD_NANOS = 1_000_000_000L;

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

  /** Where a setting's value comes from. */
  public enum Origin {
    /** Saved by an administrator. */
    SAVED,
    /** Given in MicroProfile Config (system property, environment, properties file...). */
    CONFIGURED,
    /** Nowhere: the built-in default applies. */
    DEFAULT
  }

  /** Stores saved values: sets {@code values} and removes {@code removed}, atomically. */
  public interface Store {
    void save(Map<String, String> values, Set<String> removed);
  }

  private record Snapshot(ProviderSettings settings, long readAt) {}

  private final Function<String, Optional<String>> configured;
  private final Supplier<Map<String, String>> saved;
  private final Store store;
  private volatile Snapshot snapshot;

  /** For CDI proxies only. */
  protected ProviderConfiguration() {
    this.configured = null;
    this.saved = null;
    this.store = null;
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
      Store store) {
    this.configured = configured;
    this.saved = saved;
    this.store = store;
  }

  /**
   * Validates and saves administrator values (full keys); a blank value removes the saved value, so
   * the configured or built-in one applies again. Nothing is saved when any value is invalid. Takes
   * effect at once.
   *
   * @return the settings now in force
   * @throws IllegalArgumentException naming the key, for an unknown key or an invalid value (see
   *     {@link #problems} for every problem by key)
   */
  public ProviderSettings save(Map<String, String> changes) {
    Map<String, String> values = new TreeMap<>();
    Set<String> removed = new TreeSet<>();
    Map<String, String> merged = merge(changes, values, removed);
    read(lookup(merged)); // validates the result as a whole
    store.save(values, removed);
    invalidate();
    return current();
  }

  /**
   * The settings that {@link #save} would put in force, without saving anything (a connection test
   * of a form's values).
   *
   * @throws IllegalArgumentException naming the key, for an unknown key or an invalid value
   */
  public ProviderSettings preview(Map<String, String> changes) {
    return read(lookup(merge(changes, new TreeMap<>(), new TreeSet<>())));
  }

  /**
   * Every problem of a set of changes (full keys), by key, in words fit for a form field; empty
   * when {@link #save} would accept them. Each value is checked on its own, so one bad field does
   * not hide another.
   */
  public Map<String, String> problems(Map<String, String> changes) {
    Map<String, String> problems = new TreeMap<>();
    Map<String, String> merged;
    try {
      merged = merge(changes, new TreeMap<>(), new TreeSet<>());
    } catch (IllegalArgumentException e) {
      changes.keySet().stream()
          .filter(key -> !isKey(key))
          .forEach(key -> problems.put(key, "unknown setting"));
      return problems;
    }
    merged.forEach(
        (key, value) -> {
          try {
            read(k -> k.equals(key) ? Optional.of(value) : Optional.<String>empty());
          } catch (IllegalArgumentException e) {
            problems.put(key, fieldMessage(key, e));
          }
        });
    if (problems.isEmpty()) {
      try {
        read(lookup(merged));
      } catch (IllegalArgumentException e) {
        // A configured (not saved) value is invalid: it belongs to its own key.
        String message = String.valueOf(e.getMessage());
        String key =
            KEYS.stream()
                .map(k -> PREFIX + k)
                .filter(k -> message.contains(k + ":"))
                .findFirst()
                .orElse(PREFIX + "base-url");
        problems.put(key, fieldMessage(key, e));
      }
    }
    return problems;
  }

  /** Removes every saved value, so configuration and built-in defaults apply again. */
  public ProviderSettings reset() {
    store.save(Map.of(), new TreeSet<>(saved.get().keySet()));
    invalidate();
    return current();
  }

  /**
   * Each setting as an administrator's form shows it.
   *
   * @param key the key without the prefix
   * @param saved the saved value, or {@code ""}
   * @param origin where the value in force comes from
   * @param inherited the value that applies when nothing is saved (configured or built-in)
   * @param inheritedOrigin {@link Origin#CONFIGURED} or {@link Origin#DEFAULT}
   */
  public record Setting(
      String key, String saved, Origin origin, String inherited, Origin inheritedOrigin) {}

  /** Every setting, in {@link #KEYS} order. */
  public List<Setting> settings() {
    Map<String, String> savedValues = saved.get();
    Map<String, String> defaults = texts(ProviderSettings.defaults(DEFAULT_BASE_URL));
    return KEYS.stream()
        .map(
            key -> {
              String full = PREFIX + key;
              Optional<String> configuredValue =
                  configured.apply(full).map(String::strip).filter(v -> !v.isEmpty());
              String savedValue = savedValues.getOrDefault(full, "");
              Origin inheritedOrigin =
                  configuredValue.isPresent() ? Origin.CONFIGURED : Origin.DEFAULT;
              return new Setting(
                  key,
                  savedValue,
                  savedValues.containsKey(full) ? Origin.SAVED : inheritedOrigin,
                  configuredValue.orElse(defaults.get(key)),
                  inheritedOrigin);
            })
        .toList();
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

  private Map<String, String> merge(
      Map<String, String> changes, Map<String, String> values, Set<String> removed) {
    Map<String, String> merged = new HashMap<>(saved.get());
    changes.forEach(
        (key, value) -> {
          if (!isKey(key)) {
            throw new IllegalArgumentException("unknown setting " + key);
          }
          if (value == null || value.isBlank()) {
            removed.add(key);
            merged.remove(key);
          } else {
            values.put(key, value.strip());
            merged.put(key, value.strip());
          }
        });
    return merged;
  }

  private static boolean isKey(String key) {
    return key.startsWith(PREFIX) && KEYS.contains(key.substring(PREFIX.length()));
  }

  private static String fieldMessage(String key, IllegalArgumentException e) {
    String message = String.valueOf(e.getMessage());
    String prefix = "invalid value for " + key + ": ";
    return message.startsWith(prefix) ? message.substring(prefix.length()) : message;
  }

  /** Where each setting (full key) comes from now. */
  public Map<String, Origin> origins() {
    Map<String, String> savedValues = saved.get();
    Map<String, Origin> origins = new TreeMap<>();
    for (String key : KEYS) {
      String full = PREFIX + key;
      origins.put(
          full,
          savedValues.containsKey(full)
              ? Origin.SAVED
              : configured.apply(full).filter(v -> !v.isBlank()).isPresent()
                  ? Origin.CONFIGURED
                  : Origin.DEFAULT);
    }
    return origins;
  }

  private Function<String, Optional<String>> lookup(Map<String, String> savedValues) {
    return key -> {
      String value = savedValues.get(key);
      return value != null ? Optional.of(value) : configured.apply(key);
    };
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
    ProviderSettings settings = read(lookup(saved.get()));
    snapshot = new Snapshot(settings, now);
    return settings;
  }

  /** Makes the next {@link #current()} read the configuration again. */
  public void invalidate() {
    snapshot = null;
  }

  private static ProviderSettings read(Function<String, Optional<String>> values) {
    ProviderSettings d = ProviderSettings.defaults(DEFAULT_BASE_URL);
    Timeouts t = d.timeouts();
    return new ProviderSettings(
        read(values, "kind", ServerKind::parse, d.kind()),
        read(values, "base-url", ProviderConfiguration::uri, d.baseUrl()),
        read(values, "api-key-ref", ProviderConfiguration::keyReference, d.apiKeyRef()),
        read(values, "auth-header", s -> s, d.authHeader()),
        read(values, "auth-scheme", s -> "none".equalsIgnoreCase(s) ? "" : s, d.authScheme()),
        new Timeouts(
            read(values, "connect-timeout", v -> timeout(v, MAX_CONNECT_TIMEOUT), t.connect()),
            read(values, "first-byte-timeout", v -> timeout(v, MAX_TIMEOUT), t.firstByte()),
            read(values, "idle-timeout", v -> timeout(v, MAX_TIMEOUT), t.idle()),
            read(values, "total-timeout", v -> timeout(v, MAX_TIMEOUT), t.total())),
        read(values, "debug", ProviderConfiguration::bool, d.debug()),
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

  private static String keyReference(String text) {
    if (!KeyResolver.isValidReference(text)) {
      throw new IllegalArgumentException(
          "'"
              + text
              + "' is not a key reference name: use letters, digits, '.', '_' and '-' (the name"
              + " of a secret, never the key itself)");
    }
    return text;
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
