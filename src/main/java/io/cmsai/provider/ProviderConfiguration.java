package io.cmsai.provider;

import io.cmsai.config.LayeredConfiguration;
import io.cmsai.config.LayeredSettings;
import io.cmsai.config.Setting;
import io.cmsai.config.Setting.Option;
import io.cmsai.config.SettingGroup;
import io.cmsai.config.SettingType;
import io.cmsai.config.SettingsRepository;
import io.cmsai.platform.ModuleStartup;
import io.cmsai.provider.ProviderSettings.ServerKind;
import io.cmsai.provider.ProviderSettings.Timeouts;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.eclipse.microprofile.config.Config;

/**
 * The provider settings in force: values saved by an administrator ({@link #save}, kept in the
 * module database) over MicroProfile Config keys {@code cms.ai.provider.*} (system properties,
 * environment variables such as {@code CMS_AI_PROVIDER_BASE_URL}, the module's
 * microprofile-config.properties), over built-in defaults. Each key is declared once below as a
 * {@link Setting}. The snapshot is re-read at most once a second (calls on a busy portal would
 * otherwise repeat dozens of lookups each), so a changed value applies within a second; {@link
 * #invalidate()} applies it at once. Durations accept {@code 500ms}, {@code 30s}, {@code 2m},
 * {@code 1h}, ISO-8601 ({@code PT30S}) or plain seconds. Thread-safe.
 */
@ApplicationScoped
public class ProviderConfiguration extends LayeredConfiguration<ProviderSettings> {

  /** Prefix of every provider key. */
  public static final String PREFIX = "cms.ai.provider.";

  private static final Duration MAX_CONNECT_TIMEOUT = Duration.ofMinutes(5);
  private static final Duration MAX_TIMEOUT = Duration.ofHours(24);
  private static final String DURATION = "duration";
  private static final String NUMBER = "number";

  /** An HTTP header name (RFC 9110 token) that the HTTP client lets the module set. */
  private static final Pattern TOKEN = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]{1,64}");

  /** Headers the JDK client sets itself (or refuses), and hop-by-hop headers. */
  private static final Set<String> RESTRICTED_HEADERS =
      Set.of(
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

  public static final Setting<ServerKind> KIND =
      Setting.of(
              PREFIX + "kind",
              new SettingType<>(
                  "llm-d or openai-compatible",
                  ServerKind::parse,
                  k -> k == ServerKind.LLM_D ? "llm-d" : "openai-compatible"),
              ServerKind.OPENAI_COMPATIBLE,
              "Server kind",
              "llm-d has no health endpoint of its own; its model list is used instead.")
          .editable(
              "server",
              "select",
              new Option("llm-d", "llm-d inference gateway"),
              new Option("openai-compatible", "OpenAI-compatible (vLLM, llama.cpp, LocalAI…)"));

  public static final Setting<URI> BASE_URL =
      Setting.of(
              PREFIX + "base-url",
              new SettingType<>("URL", SettingType.URI_TYPE.parse(), ProviderConfiguration::url),
              URI.create("http://localhost:8000/v1"),
              "Base URL",
              "The OpenAI-compatible endpoint, usually ending in /v1 (http:// or https://).")
          .editable("server", "url");

  public static final Setting<String> API_KEY_REF =
      Setting.of(
              PREFIX + "api-key-ref",
              SettingType.KEY_REFERENCE,
              "",
              "API key reference",
              "The name of a secret (see Key references); the key itself is never entered here.")
          .editable("server", "keyref");

  public static final Setting<String> AUTH_HEADER =
      Setting.of(
              PREFIX + "auth-header",
              new SettingType<>("header name", ProviderConfiguration::headerName, s -> s),
              "Authorization",
              "Key header",
              "Authorization, api-key (Azure) or x-api-key.")
          .editable("server", "text");

  public static final Setting<String> AUTH_SCHEME =
      Setting.of(
              PREFIX + "auth-scheme",
              new SettingType<>(
                  "word or none", ProviderConfiguration::scheme, s -> s.isEmpty() ? "none" : s),
              "Bearer",
              "Key scheme",
              "Bearer, or none to send the bare key.")
          .editable("server", "text");

  public static final Setting<String> CHAT_MODEL =
      Setting.of(
              PREFIX + "chat-model",
              SettingType.TEXT,
              "",
              "Default chat model",
              "For chat calls that name no model; empty: the first model the server lists.")
          .editable("models", "model");

  public static final Setting<String> EMBEDDING_MODEL =
      Setting.of(
              PREFIX + "embedding-model",
              SettingType.TEXT,
              "",
              "Default embedding model",
              "Site search embeds with it, and embeddings calls that name no model use it. Empty:"
                  + " site search uses the built-in all-MiniLM-L6-v2 (in-process), embeddings calls"
                  + " use the chat model. Changing it makes the search index stale until rebuilt.")
          .editable("models", "model");

  public static final Setting<Duration> CONNECT_TIMEOUT =
      Setting.of(
              PREFIX + "connect-timeout",
              SettingType.duration(Duration.ofMillis(1), MAX_CONNECT_TIMEOUT),
              Duration.ofSeconds(10),
              "Connect",
              "Establishing the connection: 1ms to 5m.")
          .editable("timeouts", DURATION);

  public static final Setting<Duration> FIRST_BYTE_TIMEOUT =
      Setting.of(
              PREFIX + "first-byte-timeout",
              SettingType.duration(Duration.ofMillis(1), MAX_TIMEOUT),
              Duration.ofSeconds(120),
              "First byte",
              "Until the server starts answering (long prompts on slow models need more).")
          .editable("timeouts", DURATION);

  public static final Setting<Duration> IDLE_TIMEOUT =
      Setting.of(
              PREFIX + "idle-timeout",
              SettingType.duration(Duration.ofMillis(1), MAX_TIMEOUT),
              Duration.ofSeconds(60),
              "Idle gap",
              "The longest pause inside a streamed answer.")
          .editable("timeouts", DURATION);

  public static final Setting<Duration> TOTAL_TIMEOUT =
      Setting.of(
              PREFIX + "total-timeout",
              SettingType.duration(Duration.ofMillis(1), MAX_TIMEOUT),
              Duration.ofMinutes(15),
              "Total",
              "The whole call, retries included.")
          .editable("timeouts", DURATION);

  public static final Setting<Boolean> DEBUG =
      Setting.of(
              PREFIX + "debug",
              SettingType.BOOLEAN,
              false,
              "Debug",
              "Keys and Authorization headers are always redacted.")
          .editable(
              "diagnostics",
              "select",
              new Option("true", "On: log call summaries, keep the request log"),
              new Option("false", "Off"));

  public static final Setting<Boolean> DEBUG_BODIES =
      Setting.of(
              PREFIX + "debug-bodies",
              SettingType.BOOLEAN,
              false,
              "Log prompts",
              "Only with Debug on. Bodies are cut to 1000 characters.")
          .editable(
              "diagnostics",
              "select",
              new Option("false", "Off: log body sizes only"),
              new Option("true", "On: log request bodies (prompts, possibly personal data)"));

  public static final Setting<Integer> MAX_RETRIES =
      Setting.of(
              PREFIX + "max-retries",
              SettingType.integer(0, 10),
              2,
              "Retries",
              "Before the first byte reaches the caller; 0 to 10.")
          .editable("advanced", NUMBER);

  public static final Setting<Integer> MAX_CONCURRENT_CALLS =
      Setting.of(
              PREFIX + "max-concurrent-calls",
              SettingType.integer(1, 100_000),
              256,
              "Concurrent calls",
              "Calls in flight at once; a stream counts until it ends.")
          .editable("advanced", NUMBER);

  public static final Setting<Integer> MAX_QUEUED_CALLS =
      Setting.of(
              PREFIX + "max-queued-calls",
              SettingType.integer(0, 1_000_000),
              1024,
              "Queued calls",
              "Calls that may wait for a slot before new ones are refused.")
          .editable("advanced", NUMBER);

  public static final Setting<Integer> CIRCUIT_FAILURE_THRESHOLD =
      Setting.of(
              PREFIX + "circuit-failure-threshold",
              SettingType.integer(1, 1000),
              5,
              "Circuit breaker threshold",
              "Consecutive connection failures that open the breaker.")
          .editable("advanced", NUMBER);

  public static final Setting<Duration> CIRCUIT_OPEN_FOR =
      Setting.of(
              PREFIX + "circuit-open-for",
              SettingType.DURATION,
              Duration.ofSeconds(30),
              "Circuit open for",
              "How long an open breaker refuses calls before one trial.")
          .editable("advanced", DURATION);

  public static final Setting<Integer> EMBEDDING_BATCH_SIZE =
      Setting.of(
              PREFIX + "embedding-batch-size",
              SettingType.integer(1, 10_000),
              64,
              "Embedding batch size",
              "The most inputs per embeddings request.")
          .editable("advanced", NUMBER);

  public static final Setting<Integer> EMBEDDING_CONCURRENCY =
      Setting.of(
              PREFIX + "embedding-concurrency",
              SettingType.integer(1, 64),
              4,
              "Embedding concurrency",
              "Batches sent at once for one call.")
          .editable("advanced", NUMBER);

  public static final Setting<Duration> MODEL_CACHE_TTL =
      Setting.of(
              PREFIX + "model-cache-ttl",
              SettingType.DURATION,
              Duration.ofMinutes(5),
              "Model list cache",
              "How long the model list is reused.")
          .editable("advanced", DURATION);

  /** Every provider setting, in form order, and how they make {@link ProviderSettings}. */
  public static final SettingGroup<ProviderSettings> SETTINGS =
      new SettingGroup<>(
          "Inference server (provider)",
          PREFIX,
          List.of(
              KIND,
              BASE_URL,
              API_KEY_REF,
              AUTH_HEADER,
              AUTH_SCHEME,
              CHAT_MODEL,
              EMBEDDING_MODEL,
              CONNECT_TIMEOUT,
              FIRST_BYTE_TIMEOUT,
              IDLE_TIMEOUT,
              TOTAL_TIMEOUT,
              DEBUG,
              DEBUG_BODIES,
              MAX_RETRIES,
              MAX_CONCURRENT_CALLS,
              MAX_QUEUED_CALLS,
              CIRCUIT_FAILURE_THRESHOLD,
              CIRCUIT_OPEN_FOR,
              EMBEDDING_BATCH_SIZE,
              EMBEDDING_CONCURRENCY,
              MODEL_CACHE_TTL),
          ProviderConfiguration::read);

  /** Every key, without the prefix, in form order. */
  public static final List<String> KEYS = SETTINGS.keys();

  /** For CDI proxies only. */
  protected ProviderConfiguration() {
    super();
  }

  @Inject
  public ProviderConfiguration(
      Config config, SettingsRepository repository, ModuleStartup startup) {
    super(SETTINGS, config, repository, startup);
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
    super(SETTINGS, configured, saved, store);
  }

  /** A duration the way {@link #duration} reads it back: {@code 500ms}, {@code 30s}, {@code 2m}. */
  public static String text(Duration duration) {
    return SettingType.text(duration);
  }

  /** Parses {@code 500ms}, {@code 30s}, {@code 2m}, {@code 1h}, {@code PT30S} or seconds. */
  public static Duration duration(String text) {
    return SettingType.duration(text);
  }

  private static ProviderSettings read(SettingGroup.Values v) {
    return ProviderSettings.builder()
        .kind(v.get(KIND))
        .baseUrl(v.get(BASE_URL))
        .apiKeyRef(v.get(API_KEY_REF))
        .authHeader(v.get(AUTH_HEADER))
        .authScheme(v.get(AUTH_SCHEME))
        .timeouts(
            new Timeouts(
                v.get(CONNECT_TIMEOUT),
                v.get(FIRST_BYTE_TIMEOUT),
                v.get(IDLE_TIMEOUT),
                v.get(TOTAL_TIMEOUT)))
        .debug(v.get(DEBUG))
        .debugBodies(v.get(DEBUG_BODIES))
        .chatModel(v.get(CHAT_MODEL))
        .embeddingModel(v.get(EMBEDDING_MODEL))
        .maxRetries(v.get(MAX_RETRIES))
        .maxConcurrentCalls(v.get(MAX_CONCURRENT_CALLS))
        .maxQueuedCalls(v.get(MAX_QUEUED_CALLS))
        .circuitFailureThreshold(v.get(CIRCUIT_FAILURE_THRESHOLD))
        .circuitOpenFor(v.get(CIRCUIT_OPEN_FOR))
        .embeddingBatchSize(v.get(EMBEDDING_BATCH_SIZE))
        .embeddingConcurrency(v.get(EMBEDDING_CONCURRENCY))
        .modelCacheTtl(v.get(MODEL_CACHE_TTL))
        .build();
  }

  private static String url(URI url) {
    String text = url.toString();
    return text.endsWith("/") ? text.substring(0, text.length() - 1) : text;
  }

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
}
