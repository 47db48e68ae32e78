package io.cmsai.provider;

import java.net.URI;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;

/**
 * An immutable snapshot of one connection's settings. Services read a fresh snapshot for every
 * call, so a changed setting applies to the next call without a restart.
 *
 * @param kind the kind of server (changes only how health is probed)
 * @param baseUrl the OpenAI-compatible base URL, usually ending in {@code /v1}
 * @param apiKeyRef the name of the secret holding the API key (a key reference), or {@code ""} for
 *     none; the key itself is resolved at call time and never stored here
 * @param authHeader the header carrying the key: {@code Authorization} (default), {@code api-key}
 *     (Azure) or {@code x-api-key}
 * @param authScheme the prefix before the key in {@code authHeader}: {@code Bearer} by default,
 *     {@code ""} to send the bare key
 * @param timeouts connect, first byte, idle and total limits
 * @param debug log request and response summaries (keys redacted; bodies only as sizes)
 * @param debugBodies with {@code debug}, also log request bodies (cut to 1000 characters): they
 *     hold prompts and so possibly personal data, hence a separate switch, off by default
 * @param chatModel the default chat model ({@code ""}: the first model the server lists)
 * @param embeddingModel the default embedding model ({@code ""}: the chat model)
 * @param maxRetries retries before the first byte reaches the caller, 0 to 10
 * @param maxConcurrentCalls the bulkhead: upstream calls in flight at once on this connection
 * @param maxQueuedCalls calls that may wait for the bulkhead before new ones are refused
 * @param circuitFailureThreshold consecutive connection-level failures that open the breaker
 * @param circuitOpenFor how long an open breaker refuses calls before one trial call
 * @param embeddingBatchSize the most inputs per embeddings request
 * @param embeddingConcurrency embeddings batches sent at once for one call
 * @param modelCacheTtl how long the model list is reused
 */
public record ProviderSettings(
    ServerKind kind,
    URI baseUrl,
    String apiKeyRef,
    String authHeader,
    String authScheme,
    Timeouts timeouts,
    boolean debug,
    boolean debugBodies,
    String chatModel,
    String embeddingModel,
    int maxRetries,
    int maxConcurrentCalls,
    int maxQueuedCalls,
    int circuitFailureThreshold,
    Duration circuitOpenFor,
    int embeddingBatchSize,
    int embeddingConcurrency,
    Duration modelCacheTtl) {

  /** The kind of server behind the base URL. */
  public enum ServerKind {
    /**
     * An llm-d inference gateway (or its endpoint picker): health is probed through the model list,
     * since the gateway has no health endpoint of its own. ({@code model} is always sent, as llm-d
     * requires, whatever the kind.)
     */
    LLM_D,
    /** Any OpenAI-compatible server: vLLM, llama.cpp's llama-server, LocalAI, OpenAI. */
    OPENAI_COMPATIBLE;

    public static ServerKind parse(String value) {
      return switch (value.strip().toLowerCase(Locale.ROOT).replace('_', '-')) {
        case "llm-d", "llmd" -> LLM_D;
        case "openai-compatible", "openai", "vllm", "llama.cpp", "localai" -> OPENAI_COMPATIBLE;
        default ->
            throw new IllegalArgumentException(
                "unknown server kind '" + value + "': use llm-d or openai-compatible");
      };
    }
  }

  /**
   * The time limits of a call.
   *
   * @param connect establishing the connection
   * @param firstByte from sending the request to the first response byte
   * @param idle the longest gap between two chunks of a streamed response
   * @param total the whole call, retries included
   */
  public record Timeouts(Duration connect, Duration firstByte, Duration idle, Duration total) {

    /**
     * The defaults of the timeout settings ({@link ProviderConfiguration#CONNECT_TIMEOUT} and the
     * three after it), generous enough for slow local models.
     */
    public static final Timeouts DEFAULT =
        new Timeouts(
            ProviderConfiguration.CONNECT_TIMEOUT.defaultValue().orElseThrow(),
            ProviderConfiguration.FIRST_BYTE_TIMEOUT.defaultValue().orElseThrow(),
            ProviderConfiguration.IDLE_TIMEOUT.defaultValue().orElseThrow(),
            ProviderConfiguration.TOTAL_TIMEOUT.defaultValue().orElseThrow());

    public Timeouts {
      positive(connect, "connect timeout");
      positive(firstByte, "first-byte timeout");
      positive(idle, "idle timeout");
      positive(total, "total timeout");
    }
  }

  public ProviderSettings {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(timeouts, "timeouts");
    baseUrl = normalise(baseUrl);
    apiKeyRef = apiKeyRef == null ? "" : apiKeyRef.strip();
    authHeader = authHeader == null || authHeader.isBlank() ? "Authorization" : authHeader.strip();
    authScheme = authScheme == null ? "" : authScheme.strip();
    chatModel = chatModel == null ? "" : chatModel.strip();
    embeddingModel = embeddingModel == null ? "" : embeddingModel.strip();
    range(maxRetries, 0, 10, "max retries");
    range(maxConcurrentCalls, 1, 100_000, "max concurrent calls");
    range(maxQueuedCalls, 0, 1_000_000, "max queued calls");
    range(circuitFailureThreshold, 1, 1000, "circuit failure threshold");
    positive(circuitOpenFor, "circuit open duration");
    range(embeddingBatchSize, 1, 10_000, "embedding batch size");
    range(embeddingConcurrency, 1, 64, "embedding concurrency");
    positive(modelCacheTtl, "model cache TTL");
  }

  /** Settings for {@code baseUrl} with every other value at its default. */
  public static ProviderSettings defaults(URI baseUrl) {
    return builder().baseUrl(baseUrl).build();
  }

  /** A builder starting from every setting's default ({@link ProviderConfiguration#SETTINGS}). */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder starting from these settings. */
  public Builder toBuilder() {
    return new Builder(this);
  }

  /** These settings without retries (a connection test shows the first failure as it is). */
  public ProviderSettings withoutRetries() {
    return toBuilder().maxRetries(0).build();
  }

  /** {@code baseUrl} joined with {@code path} (e.g. {@code "chat/completions"}). */
  public URI endpoint(String path) {
    return URI.create(baseUrl + path);
  }

  /** Where the server's health endpoint is: the base URL without its {@code /v1}. */
  public URI healthUrl() {
    String base = baseUrl.toString();
    String root = base.endsWith("/v1/") ? base.substring(0, base.length() - 3) : base;
    return URI.create(root + "health");
  }

  private static URI normalise(URI url) {
    Objects.requireNonNull(url, "base URL");
    String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("http") && !scheme.equals("https")) {
      throw new IllegalArgumentException(
          "base URL must start with http:// or https://, got '" + url + "'");
    }
    if (url.getHost() == null || url.getHost().isEmpty()) {
      throw new IllegalArgumentException("base URL has no host: '" + url + "'");
    }
    if (url.getRawQuery() != null || url.getRawFragment() != null || url.getRawUserInfo() != null) {
      throw new IllegalArgumentException(
          "base URL must not contain a query, fragment or user info (put keys in a key"
              + " reference): '"
              + url.getScheme()
              + "://"
              + url.getHost()
              + "...'");
    }
    // The scheme in lower case: Connection picks HTTP/1.1 (no h2c upgrade) for "http" only.
    String text = scheme + url.toString().substring(url.getScheme().length());
    return URI.create(text.endsWith("/") ? text : text + "/");
  }

  private static void range(int value, int min, int max, String what) {
    if (value < min || value > max) {
      throw new IllegalArgumentException(what + " must be " + min + ".." + max + ", got " + value);
    }
  }

  private static void positive(Duration value, String what) {
    if (value == null || value.isNegative() || value.isZero()) {
      throw new IllegalArgumentException(what + " must be positive, got " + value);
    }
  }

  /**
   * Builds {@link ProviderSettings}; every value starts at its setting's default (or the settings
   * given). {@link #build()} validates as the canonical constructor does. Not thread-safe.
   */
  public static final class Builder {
    private ServerKind kind;
    private URI baseUrl;
    private String apiKeyRef;
    private String authHeader;
    private String authScheme;
    private Timeouts timeouts;
    private boolean debug;
    private boolean debugBodies;
    private String chatModel;
    private String embeddingModel;
    private int maxRetries;
    private int maxConcurrentCalls;
    private int maxQueuedCalls;
    private int circuitFailureThreshold;
    private Duration circuitOpenFor;
    private int embeddingBatchSize;
    private int embeddingConcurrency;
    private Duration modelCacheTtl;

    private Builder() {
      kind = value(ProviderConfiguration.KIND);
      baseUrl = value(ProviderConfiguration.BASE_URL);
      apiKeyRef = value(ProviderConfiguration.API_KEY_REF);
      authHeader = value(ProviderConfiguration.AUTH_HEADER);
      authScheme = value(ProviderConfiguration.AUTH_SCHEME);
      timeouts = Timeouts.DEFAULT;
      debug = value(ProviderConfiguration.DEBUG);
      debugBodies = value(ProviderConfiguration.DEBUG_BODIES);
      chatModel = value(ProviderConfiguration.CHAT_MODEL);
      embeddingModel = value(ProviderConfiguration.EMBEDDING_MODEL);
      maxRetries = value(ProviderConfiguration.MAX_RETRIES);
      maxConcurrentCalls = value(ProviderConfiguration.MAX_CONCURRENT_CALLS);
      maxQueuedCalls = value(ProviderConfiguration.MAX_QUEUED_CALLS);
      circuitFailureThreshold = value(ProviderConfiguration.CIRCUIT_FAILURE_THRESHOLD);
      circuitOpenFor = value(ProviderConfiguration.CIRCUIT_OPEN_FOR);
      embeddingBatchSize = value(ProviderConfiguration.EMBEDDING_BATCH_SIZE);
      embeddingConcurrency = value(ProviderConfiguration.EMBEDDING_CONCURRENCY);
      modelCacheTtl = value(ProviderConfiguration.MODEL_CACHE_TTL);
    }

    private Builder(ProviderSettings s) {
      kind = s.kind;
      baseUrl = s.baseUrl;
      apiKeyRef = s.apiKeyRef;
      authHeader = s.authHeader;
      authScheme = s.authScheme;
      timeouts = s.timeouts;
      debug = s.debug;
      debugBodies = s.debugBodies;
      chatModel = s.chatModel;
      embeddingModel = s.embeddingModel;
      maxRetries = s.maxRetries;
      maxConcurrentCalls = s.maxConcurrentCalls;
      maxQueuedCalls = s.maxQueuedCalls;
      circuitFailureThreshold = s.circuitFailureThreshold;
      circuitOpenFor = s.circuitOpenFor;
      embeddingBatchSize = s.embeddingBatchSize;
      embeddingConcurrency = s.embeddingConcurrency;
      modelCacheTtl = s.modelCacheTtl;
    }

    private static <T> T value(io.cmsai.config.Setting<T> setting) {
      return setting.defaultValue().orElseThrow();
    }

    public Builder kind(ServerKind kind) {
      this.kind = kind;
      return this;
    }

    public Builder baseUrl(URI baseUrl) {
      this.baseUrl = baseUrl;
      return this;
    }

    public Builder baseUrl(String baseUrl) {
      return baseUrl(URI.create(baseUrl));
    }

    public Builder apiKeyRef(String apiKeyRef) {
      this.apiKeyRef = apiKeyRef;
      return this;
    }

    public Builder authHeader(String authHeader) {
      this.authHeader = authHeader;
      return this;
    }

    public Builder authScheme(String authScheme) {
      this.authScheme = authScheme;
      return this;
    }

    public Builder timeouts(Timeouts timeouts) {
      this.timeouts = timeouts;
      return this;
    }

    public Builder debug(boolean debug) {
      this.debug = debug;
      return this;
    }

    public Builder debugBodies(boolean debugBodies) {
      this.debugBodies = debugBodies;
      return this;
    }

    public Builder chatModel(String chatModel) {
      this.chatModel = chatModel;
      return this;
    }

    public Builder embeddingModel(String embeddingModel) {
      this.embeddingModel = embeddingModel;
      return this;
    }

    public Builder maxRetries(int maxRetries) {
      this.maxRetries = maxRetries;
      return this;
    }

    public Builder maxConcurrentCalls(int maxConcurrentCalls) {
      this.maxConcurrentCalls = maxConcurrentCalls;
      return this;
    }

    public Builder maxQueuedCalls(int maxQueuedCalls) {
      this.maxQueuedCalls = maxQueuedCalls;
      return this;
    }

    public Builder circuitFailureThreshold(int circuitFailureThreshold) {
      this.circuitFailureThreshold = circuitFailureThreshold;
      return this;
    }

    public Builder circuitOpenFor(Duration circuitOpenFor) {
      this.circuitOpenFor = circuitOpenFor;
      return this;
    }

    public Builder embeddingBatchSize(int embeddingBatchSize) {
      this.embeddingBatchSize = embeddingBatchSize;
      return this;
    }

    public Builder embeddingConcurrency(int embeddingConcurrency) {
      this.embeddingConcurrency = embeddingConcurrency;
      return this;
    }

    public Builder modelCacheTtl(Duration modelCacheTtl) {
      this.modelCacheTtl = modelCacheTtl;
      return this;
    }

    /**
     * The settings.
     *
     * @throws IllegalArgumentException for a value out of range
     */
    public ProviderSettings build() {
      return new ProviderSettings(
          kind,
          baseUrl,
          apiKeyRef,
          authHeader,
          authScheme,
          timeouts,
          debug,
          debugBodies,
          chatModel,
          embeddingModel,
          maxRetries,
          maxConcurrentCalls,
          maxQueuedCalls,
          circuitFailureThreshold,
          circuitOpenFor,
          embeddingBatchSize,
          embeddingConcurrency,
          modelCacheTtl);
    }
  }
}
