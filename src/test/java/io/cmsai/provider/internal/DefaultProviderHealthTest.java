package io.cmsai.provider.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cmsai.config.KeyResolver;
import io.cmsai.provider.AiCallCompleted;
import io.cmsai.provider.CallMetrics;
import io.cmsai.provider.HealthStatus;
import io.cmsai.provider.Operation;
import io.cmsai.provider.ProviderSettings;
import io.cmsai.provider.ServiceUnavailableException;
import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicReference;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The cached status follows probes and successful calls, for the settings in force. */
class DefaultProviderHealthTest {

  private MockWebServer server;
  private ProviderRuntime runtime;
  private final AtomicReference<ProviderSettings> settings = new AtomicReference<>();
  private DefaultProviderHealth health;

  @BeforeEach
  void start() throws IOException {
    server = new MockWebServer();
    server.start(InetAddress.getLoopbackAddress(), 0);
    settings.set(ProviderSettings.defaults(base()));
    runtime =
        new ProviderRuntime(
            settings::get,
            new KeyResolver(ref -> Optional.empty(), Path.of("target/no-secrets")),
            e -> {},
            e -> {},
            Executors.defaultThreadFactory());
    health = new DefaultProviderHealth(runtime);
  }

  @AfterEach
  void stop() throws IOException {
    runtime.close();
    server.close();
  }

  @Test
  void a_successful_call_makes_the_status_up_before_any_probe_answered() {
    health.onCall(succeeded(Operation.CHAT));

    HealthStatus status = health.status();

    assertEquals(HealthStatus.State.UP, status.state(), status.detail());
    assertTrue(status.detail().contains("chat call"), status.detail());
    assertEquals(0, server.getRequestCount(), "a fresh status needs no probe");
  }

  @Test
  void a_failed_call_does_not_count_as_up() {
    health.onCall(
        new AiCallCompleted(
            Operation.EMBEDDINGS,
            "m",
            Optional.empty(),
            new CallMetrics(Duration.ofMillis(3), Duration.ZERO, 0),
            Optional.of(new ServiceUnavailableException("down", 503, "unavailable", null, null))));

    assertEquals(HealthStatus.State.UNKNOWN, health.status().state());
  }

  @Test
  void the_first_status_starts_a_probe_whose_answer_the_next_status_shows() throws Exception {
    server.enqueue(new MockResponse.Builder().code(200).body("{\"status\":\"ok\"}").build());

    HealthStatus first = health.status();
    server.takeRequest();
    HealthStatus later = awaitState(HealthStatus.State.UP);

    assertEquals(HealthStatus.State.UNKNOWN, first.state());
    assertTrue(first.detail().contains("probe"), first.detail());
    assertEquals(HealthStatus.State.UP, later.state(), later.detail());
  }

  @Test
  void a_status_known_for_other_settings_is_not_shown_for_new_ones() {
    health.onCall(succeeded(Operation.CHAT_STREAM));
    server.enqueue(new MockResponse.Builder().code(200).build());

    settings.set(ProviderSettings.defaults(URI.create(base() + "/other")));

    assertEquals(HealthStatus.State.UNKNOWN, health.status().state());
  }

  private HealthStatus awaitState(HealthStatus.State state) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    HealthStatus status = health.status();
    while (status.state() != state && System.nanoTime() < deadline) {
      Thread.sleep(10);
      status = health.status();
    }
    return status;
  }

  private URI base() {
    return URI.create("http://127.0.0.1:" + server.getPort() + "/v1");
  }

  private static AiCallCompleted succeeded(Operation operation) {
    return new AiCallCompleted(
        operation,
        "m",
        Optional.empty(),
        new CallMetrics(Duration.ofMillis(5), Duration.ofMillis(1), 1),
        Optional.empty());
  }
}
