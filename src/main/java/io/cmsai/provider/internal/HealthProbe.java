package io.cmsai.provider.internal;

import io.cmsai.provider.AiProviderException;
import io.cmsai.provider.HealthStatus;
import io.cmsai.provider.HealthStatus.State;
import io.cmsai.provider.ProviderSettings;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * A tolerant health probe: {@code GET <root>/health} ({@code GET /v1/models} for an llm-d gateway,
 * which has no health endpoint of its own), where any 2xx is UP whatever the body (vLLM answers an
 * empty 200, llama.cpp {@code {"status":"ok"}}); a 503 that says it is loading is LOADING
 * (llama.cpp); a server without {@code /health} (404, 405, or a gateway asking for a key) is probed
 * with {@code GET /v1/models} instead. It bypasses the circuit breaker and the bulkhead, so it
 * shows recovery while calls are paused, and it never throws: failures are a DOWN status with a
 * plain-language reason.
 */
final class HealthProbe {

  static final Duration MAX_WAIT = Duration.ofSeconds(10);

  private final Connection connection;
  private final long start = System.nanoTime();

  HealthProbe(Connection connection) {
    this.connection = connection;
  }

  CompletableFuture<HealthStatus> run() {
    try {
      return probe();
    } catch (AiProviderException e) { // refused before anything was sent
      return CompletableFuture.completedFuture(fromFailure(e));
    }
  }

  private CompletableFuture<HealthStatus> probe() {
    if (connection.settings().kind() == ProviderSettings.ServerKind.LLM_D) {
      // The gateway has no /health of its own: its model list is answered by a serving pod.
      return get(connection.settings().endpoint("models"), true)
          .thenApply(models -> fromModels(models, 0))
          .exceptionally(this::fromFailure);
    }
    return get(connection.settings().healthUrl(), false)
        .thenCompose(
            response -> {
              int status = response.statusCode();
              if (status == 404 || status == 405 || status == 401 || status == 403) {
                return get(connection.settings().endpoint("models"), true)
                    .thenApply(models -> fromModels(models, status));
              }
              return CompletableFuture.completedFuture(fromHealth(response));
            })
        .exceptionally(this::fromFailure);
  }

  private CompletableFuture<HttpResponse<String>> get(URI uri, boolean withKey) {
    connection.checkDestination();
    String key = withKey ? connection.apiKey() : "";
    HttpRequest request =
        connection
            .request(uri, key, "application/json", Map.of())
            .timeout(min(connection.settings().timeouts().firstByte(), MAX_WAIT))
            .GET()
            .build();
    return connection.http().sendAsync(request, HttpResponse.BodyHandlers.ofString());
  }

  private HealthStatus fromHealth(HttpResponse<String> response) {
    int status = response.statusCode();
    if (status / 100 == 2) {
      return status(State.UP, "the server is healthy (HTTP " + status + ")");
    }
    String body = response.body() == null ? "" : response.body();
    if (status == 503 && body.toLowerCase(Locale.ROOT).contains("loading")) {
      return status(State.LOADING, "the server is loading its model");
    }
    return status(
        State.DOWN,
        "the health endpoint answered HTTP "
            + status
            + (body.isBlank() ? "" : ": " + cut(Redactor.of().redact(body))));
  }

  private HealthStatus fromModels(HttpResponse<String> response, int healthStatus) {
    int status = response.statusCode();
    if (status / 100 == 2) {
      return status(
          State.UP,
          healthStatus == 0
              ? "the gateway's model list answered (HTTP " + status + ")"
              : "no usable /health endpoint (HTTP " + healthStatus + "); the model list answered");
    }
    if (status == 401 || status == 403) {
      return status(State.DOWN, "the server refused the API key (HTTP " + status + ")");
    }
    return status(State.DOWN, "the model list answered HTTP " + status);
  }

  private HealthStatus fromFailure(Throwable error) {
    Throwable e = Calls.unwrap(error);
    String where = connection.settings().baseUrl().getHost();
    if (e instanceof HttpConnectTimeoutException) {
      return status(State.DOWN, "timed out connecting to " + where);
    }
    if (e instanceof HttpTimeoutException) {
      return status(State.DOWN, "timed out waiting for the health endpoint of " + where);
    }
    if (e instanceof ConnectException || e.getCause() instanceof ConnectException) {
      return status(
          State.DOWN,
          "nothing is listening at "
              + where
              + " (not started, or still loading: vLLM only listens once its model is loaded)");
    }
    return status(State.DOWN, "the health probe failed: " + e.getMessage());
  }

  private HealthStatus status(State state, String detail) {
    return new HealthStatus(
        state,
        detail,
        Duration.ofNanos(System.nanoTime() - start),
        Instant.now(connection.clock()));
  }

  private static Duration min(Duration a, Duration b) {
    return a.compareTo(b) <= 0 ? a : b;
  }

  private static String cut(String text) {
    String flat = text.strip().replaceAll("\\s+", " ");
    return flat.length() > 200 ? flat.substring(0, 200) + "…" : flat;
  }
}
