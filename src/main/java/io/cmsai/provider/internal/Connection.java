package io.cmsai.provider.internal;

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
 * <p>The API key is resolved from its key reference for every request, so a rotated secret applies
 * to the next call.
 */
public final class Connection {

  private static final String USER_AGENT = ModuleInfo.NAME + "/" + ModuleInfo.version();

  private final ProviderSettings settings;
  private final HttpClient http;
  private final Function<String, Optional<String>> keys;
  private final ScheduledExecutorService timer;
  private final Clock clock;
  private final CircuitBreaker breaker;
  private final AsyncBulkhead bulkhead;
  private final RetryPolicy retryPolicy;
  private final ErrorDecoder decoder;
  private final DebugLog debugLog;

  /**
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
    this.settings = settings;
    this.keys = keys;
    this.timer = timer;
    this.clock = clock;
    this.http =
        HttpClient.newBuilder()
            .version(
                "http".equals(settings.baseUrl().getScheme())
                    ? HttpClient.Version.HTTP_1_1
                    : HttpClient.Version.HTTP_2)
            .connectTimeout(settings.timeouts().connect())
            .followRedirects(HttpClient.Redirect.NEVER)
            .executor(executor)
            .build();
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
   * The API key for this call, resolved now.
   *
   * @throws AuthenticationException when a key reference is configured but does not resolve
   */
  String apiKey() {
    String ref = settings.apiKeyRef();
    if (ref.isEmpty()) {
      return "";
    }
    return keys.apply(ref)
        .orElseThrow(
            () ->
                new AuthenticationException(
                    "the key reference '"
                        + ref
                        + "' does not resolve: set an environment variable or system property of"
                        + " that name, a Payara password alias, or a file of that name in the"
                        + " secrets directory",
                    0,
                    "key_reference_unresolved"));
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
