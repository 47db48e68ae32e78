package io.cmsai.testing;

import io.cmsai.provider.ProviderSettings;
import io.cmsai.provider.ProviderSettings.ServerKind;
import io.cmsai.provider.ProviderSettings.Timeouts;
import java.net.URI;
import java.time.Duration;

/**
 * Derives {@link ProviderSettings} for tests over {@link ProviderSettings.Builder}: starts from
 * {@link ProviderSettings#defaults(URI)} (or given settings), changes only what a test names, and
 * adds the pairs tests set together (auth, bulkhead, circuit, embedding batches) and single
 * timeouts. Not thread-safe.
 */
public final class SettingsBuilder {

  private final ProviderSettings.Builder builder;
  private Duration connect;
  private Duration firstByte;
  private Duration idle;
  private Duration total;

  private SettingsBuilder(ProviderSettings s) {
    builder = s.toBuilder();
    connect = s.timeouts().connect();
    firstByte = s.timeouts().firstByte();
    idle = s.timeouts().idle();
    total = s.timeouts().total();
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
    builder.kind(value);
    return this;
  }

  public SettingsBuilder baseUrl(URI value) {
    builder.baseUrl(value);
    return this;
  }

  public SettingsBuilder apiKeyRef(String value) {
    builder.apiKeyRef(value);
    return this;
  }

  /** The header carrying the key and the scheme before it ({@code ""} for the bare key). */
  public SettingsBuilder auth(String header, String scheme) {
    builder.authHeader(header).authScheme(scheme);
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
    builder.debugBodies(value);
    return this;
  }

  public SettingsBuilder debug(boolean value) {
    builder.debug(value);
    return this;
  }

  public SettingsBuilder chatModel(String value) {
    builder.chatModel(value);
    return this;
  }

  public SettingsBuilder embeddingModel(String value) {
    builder.embeddingModel(value);
    return this;
  }

  public SettingsBuilder maxRetries(int value) {
    builder.maxRetries(value);
    return this;
  }

  /** The bulkhead: calls in flight and calls allowed to wait. */
  public SettingsBuilder bulkhead(int concurrent, int queued) {
    builder.maxConcurrentCalls(concurrent).maxQueuedCalls(queued);
    return this;
  }

  /** The circuit breaker: consecutive failures that open it, and how long it stays open. */
  public SettingsBuilder circuit(int failureThreshold, Duration openFor) {
    builder.circuitFailureThreshold(failureThreshold).circuitOpenFor(openFor);
    return this;
  }

  /** Embedding batches: inputs per request and requests in flight. */
  public SettingsBuilder embeddingBatches(int size, int concurrency) {
    builder.embeddingBatchSize(size).embeddingConcurrency(concurrency);
    return this;
  }

  public SettingsBuilder modelCacheTtl(Duration value) {
    builder.modelCacheTtl(value);
    return this;
  }

  /**
   * @throws IllegalArgumentException when a value is out of range (the settings validate)
   */
  public ProviderSettings build() {
    return builder.timeouts(new Timeouts(connect, firstByte, idle, total)).build();
  }
}
