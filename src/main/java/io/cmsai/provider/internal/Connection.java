package io.cmsai.provider.internal;

import io.cmsai.config.Destination;
import io.cmsai.platform.ModuleInfo;
import io.cmsai.provider.AuthenticationException;
import io.cmsai.provider.ProviderSettings;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.time.Clock;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Function;

/**
 * Everything calls to one configured server share: the settings snapshot, one {@link HttpClient}
 * (HTTP/1.1 for cleartext {@code http://}, since an {@code h2c} upgrade makes vLLM drop the body;
 * HTTP/2 with fallback for {@code https://}), the circuit breaker, the bulkhead, and the timer
 * thread that enforces timeouts and retry delays. Immutable apart from the breaker and bulkhead;
 * thread-safe.
 *
 * <p>Every request of a connection goes to the base URL's host and port (redirects are not
 * followed). Before each call the {@link Gate} checks that destination against the outbound address
 * policy and resolves the API key from its key reference for it, so a rotated secret applies to the
 * next call and a key bound to other hosts is never sent.
 */
public final class Connection {

  /**
   * What a connection asks before it sends anything.
   *
   * <p>Implementations are thread-safe.
   */
  public interface Gate {
    /**
     * Checks that the connection may go to {@code destination}.
     *
     * @throws io.cmsai.provider.AiProviderException when it may not
     */
    void connectTo(Destination destination);

    /**
     * The secret of {@code reference}, to be sent to {@code destination}.
     *
     * @throws io.cmsai.provider.AiProviderException when it does not resolve or may not be sent
     *     there
     */
    String key(String reference, Destination destination);
  }

  private static final String USER_AGENT = ModuleInfo.NAME + "/" + ModuleInfo.version();

  private final ProviderSettings settings;
  private final HttpClient http;
  private volatile HttpClient inlineHttp; // made at first use: each client has a selector thread
  private final Executor executor;
  private final Gate gate;
  private final Destination destination;
  private final ScheduledExecutorService timer;
  private final Clock clock;
  private final CircuitBreaker breaker;
  private final AsyncBulkhead bulkhead;
  private final RetryPolicy retryPolicy;
  private final ErrorDecoder decoder;
  private final DebugLog debugLog;

  /**
   * A connection with no address policy and no host bindings (tests, tools).
   *
   * @param keys resolves a key reference to its secret (empty when it does not resolve)
   * @param executor runs response callbacks (a managed executor inside the server)
   * @param timer runs timeouts and retry delays
   */
  public Connection(
      ProviderSettings settings,
      Function<String, Optional<String>> keys,
      Executor executor,
      ScheduledExecutorService timer,
      Clock clock) {
    this(settings, unchecked(keys), executor, timer, clock);
  }

  /**
   * @param gate checks the destination and resolves the key for it
   * @param executor runs response callbacks (a managed executor inside the server)
   * @param timer runs timeouts and retry delays
   */
  public Connection(
      ProviderSettings settings,
      Gate gate,
      Executor executor,
      ScheduledExecutorService timer,
      Clock clock) {
    this.settings = settings;
    this.gate = gate;
    this.destination = Destination.of(settings.baseUrl());
    this.timer = timer;
    this.clock = clock;
    this.executor = executor;
    this.http = httpClient(settings, executor);
    this.breaker =
        new CircuitBreaker(
            settings.circuitFailureThreshold(), settings.circuitOpenFor(), System::nanoTime);
    this.bulkhead = new AsyncBulkhead(settings.maxConcurrentCalls(), settings.maxQueuedCalls());
    this.retryPolicy =
        new RetryPolicy(
            settings.maxRetries(),
            RetryPolicy.DEFAULT.initialBackoff(),
            RetryPolicy.DEFAULT.maxBackoff(),
            RetryPolicy.DEFAULT.maxServerDelay());
    this.decoder = new ErrorDecoder(clock);
    this.debugLog = new DebugLog(settings.debug(), settings.debugBodies());
  }

  public ProviderSettings settings() {
    return settings;
  }

  HttpClient http() {
    return http;
  }

  /**
   * The client whose callbacks run on its I/O thread: only for work that never blocks. Streams
   * whose listener never blocks are read and relayed there, which saves a thread hand-off (a
   * wake-up) per read; everything else keeps the executor. Made at first use, since connections
   * built for a connection test or a model list never stream.
   */
  HttpClient inlineHttp() {
    HttpClient client = inlineHttp;
    if (client == null) {
      synchronized (this) {
        client = inlineHttp;
        if (client == null) {
          client = httpClient(settings, Runnable::run);
          inlineHttp = client;
        }
      }
    }
    return client;
  }

  /** Runs callbacks that may block (the executor given at construction). */
  Executor executor() {
    return executor;
  }

  private static HttpClient httpClient(ProviderSettings settings, Executor executor) {
    return HttpClient.newBuilder()
        .version(
            "http".equals(settings.baseUrl().getScheme())
                ? HttpClient.Version.HTTP_1_1
                : HttpClient.Version.HTTP_2)
        .connectTimeout(settings.timeouts().connect())
        .followRedirects(HttpClient.Redirect.NEVER)
        .executor(executor)
        .build();
  }

  ScheduledExecutorService timer() {
    return timer;
  }

  Clock clock() {
    return clock;
  }

  CircuitBreaker breaker() {
    return breaker;
  }

  AsyncBulkhead bulkhead() {
    return bulkhead;
  }

  RetryPolicy retryPolicy() {
    return retryPolicy;
  }

  ErrorDecoder decoder() {
    return decoder;
  }

  DebugLog debugLog() {
    return debugLog;
  }

  double random() {
    return ThreadLocalRandom.current().nextDouble();
  }

  /**
   * Checks the destination (the base URL's host) against the outbound address policy, after DNS.
   *
   * @throws io.cmsai.provider.AiProviderException when the address is refused
   */
  void checkDestination() {
    gate.connectTo(destination);
  }

  /**
   * Checks the destination ({@link #checkDestination}), then resolves the API key for it, now.
   *
   * @throws io.cmsai.provider.AiProviderException when the address is refused, or a key reference
   *     is configured but does not resolve ({@link AuthenticationException}, status 0, naming where
   *     to put the value) or is bound to other hosts
   */
  String apiKey() {
    checkDestination();
    String ref = settings.apiKeyRef();
    return ref.isEmpty() ? "" : gate.key(ref, destination);
  }

  private static Gate unchecked(Function<String, Optional<String>> keys) {
    return new Gate() {
      @Override
      public void connectTo(Destination destination) {}

      @Override
      public String key(String reference, Destination destination) {
        return keys.apply(reference)
            .orElseThrow(
                () ->
                    new AuthenticationException(
                        "the key reference '" + reference + "' does not resolve",
                        0,
                        "key_reference_unresolved"));
      }
    };
  }

  /** A request builder with the standard headers, the key and the caller's extra headers. */
  HttpRequest.Builder request(
      URI uri, String apiKey, String accept, Map<String, String> extraHeaders) {
    HttpRequest.Builder builder =
        HttpRequest.newBuilder(uri)
            .header("Accept", accept)
            .header("User-Agent", USER_AGENT)
            .header("X-Request-Id", "cmsai-" + UUID.randomUUID());
    if (!apiKey.isEmpty()) {
      if (!Destination.of(uri).equals(destination)) {
        throw new IllegalStateException("a key is only sent to " + destination);
      }
      String scheme = settings.authScheme();
      builder.header(settings.authHeader(), scheme.isEmpty() ? apiKey : scheme + " " + apiKey);
    }
    extraHeaders.forEach(
        (name, value) -> {
          if (!name.equalsIgnoreCase(settings.authHeader())
              && !name.toLowerCase(Locale.ROOT).startsWith("x-request-id")) {
            builder.header(name, value);
          }
        });
    return builder;
  }
}
