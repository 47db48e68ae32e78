package io.cmsai.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cmsai.provider.AiCallCompleted;
import io.cmsai.provider.AuthenticationException;
import io.cmsai.provider.CallMetrics;
import io.cmsai.provider.Operation;
import io.cmsai.provider.ProviderSettings;
import io.cmsai.provider.Usage;
import io.cmsai.testing.MutableClock;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/** The admin console's request log: kept only with debug on, bounded, redacted. */
class RequestLogTest {

  private static final String KEY = "sk-live-0123456789abcdef";

  private final AtomicBoolean debug = new AtomicBoolean(true);
  private final MutableClock clock = new MutableClock();

  private RequestLog log(int size) {
    return new RequestLog(
        () -> settings(debug.get()),
        ref -> ref.equals("llmd.key") ? Optional.of(KEY) : Optional.empty(),
        size,
        Duration.ofMinutes(10),
        clock);
  }

  @Test
  void calls_are_kept_newest_first_with_their_figures_only_while_debug_is_on() {
    RequestLog log = log(10);

    log.record(ok("first"));
    debug.set(false);
    log.record(ok("ignored"));
    debug.set(true);
    log.record(ok("second"));

    assertEquals(2, log.entries().size());
    RequestLog.Entry newest = log.entries().get(0);
    assertEquals("second", newest.model());
    assertEquals("chat", newest.operation());
    assertEquals("ok", newest.status());
    assertEquals(12, newest.promptTokens());
    assertEquals(7, newest.completionTokens());
    assertEquals(250, newest.latencyMillis());
    assertEquals(40, newest.firstTokenMillis());
    assertEquals(1, newest.attempts());
  }

  @Test
  void the_log_is_bounded_by_count_and_age() {
    RequestLog log = log(3);
    for (int i = 0; i < 5; i++) {
      log.record(ok("m" + i));
    }
    assertEquals(3, log.entries().size());
    assertEquals("m2", log.entries().get(2).model());

    clock.advance(Duration.ofMinutes(11));
    log.record(ok("fresh"));

    assertEquals(1, log.entries().size());
    assertEquals("fresh", log.entries().get(0).model());
    log.clear();
    assertTrue(log.entries().isEmpty());
    assertThrows(IllegalArgumentException.class, () -> log(0));
  }

  @Test
  void failures_are_listed_with_their_kind_and_a_redacted_message() {
    RequestLog log = log(10);
    AuthenticationException refused =
        new AuthenticationException(
            "server said: invalid key " + KEY + " (Authorization: Bearer " + KEY + ")",
            401,
            "invalid_api_key");

    log.record(
        new AiCallCompleted(
            Operation.EMBEDDINGS,
            "e5",
            Optional.empty(),
            new CallMetrics(Duration.ofMillis(30), Duration.ZERO, 0),
            Optional.of(refused)));

    RequestLog.Entry entry = log.entries().get(0);
    assertEquals("Authentication (HTTP 401)", entry.status());
    assertFalse(entry.message().contains(KEY), entry.message());
    assertTrue(entry.message().contains("invalid key ***"), entry.message());
    assertEquals(-1, entry.promptTokens());
  }

  private static AiCallCompleted ok(String model) {
    return new AiCallCompleted(
        Operation.CHAT,
        model,
        Optional.of(new Usage(12, 7, 19, false)),
        new CallMetrics(Duration.ofMillis(250), Duration.ofMillis(40), 1),
        Optional.empty());
  }

  private static ProviderSettings settings(boolean debug) {
    ProviderSettings d = ProviderSettings.defaults(URI.create("http://localhost:8000/v1"));
    return new ProviderSettings(
        d.kind(),
        d.baseUrl(),
        "llmd.key",
        d.authHeader(),
        d.authScheme(),
        d.timeouts(),
        debug,
        false,
        "",
        "",
        d.maxRetries(),
        d.maxConcurrentCalls(),
        d.maxQueuedCalls(),
        d.circuitFailureThreshold(),
        d.circuitOpenFor(),
        d.embeddingBatchSize(),
        d.embeddingConcurrency(),
        d.modelCacheTtl());
  }
}
