package io.cmsai.testing;

import io.cmsai.provider.ProviderSettings;
import io.cmsai.provider.ProviderSettings.ServerKind;
import io.cmsai.provider.ProviderSettings.Timeouts;
import java.net.URI;
import java.time.Duration;

/**
 * Derives {@link ProviderSettings} for tests: starts from {@link ProviderSettings#defaults(URI)}
 * (or given settings) and changes only what a test names, so tests need not repeat the canonical
 * constructor. Not thread-safe.
 */
public final class SettingsBuilder {

  private ServerKind kind;
  private URI baseUrl;
  private String apiKeyRef;
  private String authHeader;
  private String authScheme;
  private Duration connect;
  private Duration firstByte;
  private Duration idle;
  private Duration total;
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

  private SettingsBuilder(ProviderSettings s) {
    kind = s.kind();
    baseUrl = s.baseUrl();
    apiKeyRef = s.apiKeyRef();
    authHeader = s.authHeader();
    authScheme = s.authScheme();
    connect = s.timeouts().connect();
    firstByte = s.timeouts().firstByte();
    idle = s.timeouts().idle();
    total = s.timeouts().total();
    debug = s.debug();
    debugBodies = s.debugBodies();
    chatModel = s.chatModel();
    embeddingModel = s.embeddingModel();
    maxRetries = s.maxRetries();
    maxConcurrentCalls = s.maxConcurrentCalls();
    maxQueuedCalls = s.maxQueuedCalls();
    circuitFailureThreshold = s.circuitFailureThreshold();
    circuitOpenFor = s.circuitOpenFor();
    embeddingBatchSize = s.embeddingBatchSize();
    embeddingConcurrency = s.embeddingConcurrency();
    modelCacheTtl = s.modelCacheTtl();
  }

  /** The defaults for {@code baseUrl}. */
  public static SettingsBuilder of(URI baseUrl) {
    return new SettingsBuilder(ProviderSettings.defaults(baseUrl));
  }

  /** The defaults for {@code baseUrl}. */
  public static SettingsBuilder of(String baseUrl) {
    return of(URI.create(baseUrl));
  }

  /** A copy of {@code settings} to change. */
  public static SettingsBuilder from(ProviderSettings settings) {
    return new SettingsBuilder(settings);
  }

  public SettingsBuilder kind(ServerKind value) {
    kind = value;
    return this;
  }

  public SettingsBuilder baseUrl(URI value) {
    baseUrl = value;
    return this;
  }

  public SettingsBuilder apiKeyRef(String value) {
    apiKeyRef = value;
    return this;
  }

  /** The header carrying the key and the scheme before it ({@code ""} for the bare key). */
  public SettingsBuilder auth(String header, String scheme) {
    authHeader = header;
    authScheme = scheme;
    return this;
  }

  /** All four time limits. */
  public SettingsBuilder timeouts(
      Duration connectLimit, Duration firstByteLimit, Duration idleLimit, Duration totalLimit) {
    connect = connectLimit;
    firstByte = firstByteLimit;
    idle = idleLimit;
    total = totalLimit;
    return this;
  }

  public SettingsBuilder connectTimeout(Duration value) {
    connect = value;
    return this;
  }

  public SettingsBuilder firstByteTimeout(Duration value) {
    firstByte = value;
    return this;
  }

  public SettingsBuilder idleTimeout(Duration value) {
    idle = value;
    return this;
  }

  public SettingsBuilder totalTimeout(Duration value) {
    total = value;
    return this;
  }

  public SettingsBuilder debugBodies(boolean value) {
    debugBodies = value;
    return this;
  }

  public SettingsBuilder debug(boolean value) {
    debug = value;
    return this;
  }

  public SettingsBuilder chatModel(String value) {
    chatModel = value;
    return this;
  }

  public SettingsBuilder embeddingModel(String value) {
    embeddingModel = value;
    return this;
  }

  public SettingsBuilder maxRetries(int value) {
    maxRetries = value;
    return this;
  }

  /** The bulkhead: calls in flight and calls allowed to wait. */
  public SettingsBuilder bulkhead(int concurrent, int queued) {
    maxConcurrentCalls = concurrent;
    maxQueuedCalls = queued;
    return this;
  }

  /** The circuit breaker: consecutive failures that open it, and how long it stays open. */
  public SettingsBuilder circuit(int failureThreshold, Duration openFor) {
    circuitFailureThreshold = failureThreshold;
    circuitOpenFor = openFor;
    return this;
  }

  /** Embedding batches: inputs per request and requests in flight. */
  public SettingsBuilder embeddingBatches(int size, int concurrency) {
    embeddingBatchSize = size;
    embeddingConcurrency = concurrency;
    return this;
  }

  public SettingsBuilder modelCacheTtl(Duration value) {
    modelCacheTtl = value;
    return this;
  }

  /**
   * @throws IllegalArgumentException when a value is out of range (the settings validate)
   */
  public ProviderSettings build() {
    return new ProviderSettings(
        kind,
        baseUrl,
        apiKeyRef,
        authHeader,
        authScheme,
        new Timeouts(connect, firstByte, idle, total),
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
