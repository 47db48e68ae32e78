package io.cmsai.provider.internal;

import static java.util.concurrent.TimeUnit.MILLISECONDS;
import static java.util.concurrent.TimeUnit.SECONDS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cmsai.api.internal.OpenAiError;
import io.cmsai.provider.AiProviderException;
import io.cmsai.provider.AuthenticationException;
import io.cmsai.provider.BadResponseException;
import io.cmsai.provider.CallCancelledException;
import io.cmsai.provider.ChatRequest;
import io.cmsai.provider.ChatResponse;
import io.cmsai.provider.CircuitOpenException;
import io.cmsai.provider.EmbeddingRequest;
import io.cmsai.provider.EmbeddingResponse;
import io.cmsai.provider.HealthStatus;
import io.cmsai.provider.InvalidRequestException;
import io.cmsai.provider.ProviderConnectionException;
import io.cmsai.provider.ProviderTimeoutException;
import io.cmsai.provider.ProviderTimeoutException.Phase;
import io.cmsai.provider.RateLimitedException;
import io.cmsai.provider.ServiceUnavailableException;
import io.cmsai.provider.StreamHandle;
import io.cmsai.provider.StreamInterruptedException;
import io.cmsai.provider.UpstreamFailedException;
import io.cmsai.testing.ClientFixture;
import io.cmsai.testing.ScriptedHttpServer;
import io.cmsai.testing.SettingsBuilder;
import io.cmsai.testing.StreamRecorder;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.io.IOException;
import java.io.StringReader;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.QueueDispatcher;
import mockwebserver3.RecordedRequest;
import mockwebserver3.SocketEffect;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Fault injection for the provider client: a scripted server (MockWebServer, or a raw {@link
 * ScriptedHttpServer} where the socket itself must be observed) refuses, resets, stalls, throttles,
 * rate-limits and garbles; every case asserts the exact typed failure and that it arrives within
 * its time limit plus {@link #MARGIN}. After each test: every stream had exactly one terminal call
 * and kept the listener contract, every bulkhead is back to zero and the client threads are gone;
 * after all tests, no {@code HttpClient-*} thread is left.
 */
class OpenAiClientFaultIT {

  private static final String MODEL = "test-model";
  private static final Duration MARGIN = Duration.ofSeconds(2);
  private static final Duration CONNECT = Duration.ofSeconds(1);
  private static final Duration FIRST_BYTE = Duration.ofMillis(800);
  private static final Duration IDLE = Duration.ofMillis(500);
  private static final Duration TOTAL = Duration.ofSeconds(10);

  /** The longest backoff before the first retry when the server names no delay. */
  private static final Duration FIRST_BACKOFF = RetryPolicy.DEFAULT.initialBackoff();

  private static final String KEY_REF = "llm.key";
  private static final String KEY = "sk-test-4711-do-not-log";

  private static final String CHAT_OK =
      "{\"id\":\"chatcmpl-2\",\"object\":\"chat.completion\",\"model\":\""
          + MODEL
          + "\",\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":\"Hello\"},"
          + "\"finish_reason\":\"stop\"}],"
          + "\"usage\":{\"prompt_tokens\":5,\"completion_tokens\":1,\"total_tokens\":6}}";
  private static final String FINISH =
      "data: {\"id\":\"chatcmpl-1\",\"object\":\"chat.completion.chunk\",\"choices\":[{\"index\":0,"
          + "\"delta\":{},\"finish_reason\":\"stop\"}]}\n\n";
  private static final String USAGE =
      "data: {\"id\":\"chatcmpl-1\",\"object\":\"chat.completion.chunk\",\"choices\":[],"
          + "\"usage\":{\"prompt_tokens\":5,\"completion_tokens\":2,\"total_tokens\":7}}\n\n";
  private static final String DONE = "data: [DONE]\n\n";

  private static final Logger DEBUG_LOGGER = Logger.getLogger(DebugLog.LOGGER);
  private static Set<String> threadsBefore = Set.of();

  /** Which test created the client behind each {@code HttpClient-*} thread (for diagnosis). */
  private static final Map<String, String> threadOwners = new ConcurrentHashMap<>();

  private final Arrivals arrivals = new Arrivals();
  private final List<OpenAiCompatibleClient> clients = new ArrayList<>();
  private final List<StreamRecorder> recorders = new ArrayList<>();
  private final List<String> debugLog = new CopyOnWriteArrayList<>();
  private final Handler debugHandler =
      new Handler() {
        @Override
        public void publish(LogRecord logRecord) {
          debugLog.add(logRecord.getMessage());
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}
      };
  private MockWebServer server;
  private ClientFixture fixture;
  private String testName = "";

  @BeforeAll
  static void rememberThreads() {
    threadsBefore = clientThreads();
  }

  @BeforeEach
  void start(TestInfo test) throws IOException {
    testName = test.getDisplayName();
    server = new MockWebServer();
    server.setDispatcher(arrivals);
    server.start(InetAddress.getLoopbackAddress(), 0);
    fixture = new ClientFixture();
    DEBUG_LOGGER.addHandler(debugHandler);
    DEBUG_LOGGER.setUseParentHandlers(false); // captured, not printed
  }

  @AfterEach
  void stop() throws InterruptedException {
    List<String> problems = new ArrayList<>();
    try {
      for (OpenAiCompatibleClient client : clients) {
        AsyncBulkhead bulkhead = client.connection().bulkhead();
        if (!eventually(Duration.ofSeconds(1), () -> bulkhead.inUse() == 0)) {
          problems.add("a bulkhead still has " + bulkhead.inUse() + " permits in use");
        }
      }
    } finally {
      fixture.close();
      DEBUG_LOGGER.removeHandler(debugHandler);
      DEBUG_LOGGER.setUseParentHandlers(true);
      server.close();
    }
    for (StreamRecorder recorder : recorders) {
      problems.addAll(recorder.violations());
    }
    if (!eventually(Duration.ofSeconds(2), () -> threadsNamed("test-client-").isEmpty())) {
      problems.add("client threads alive after close: " + threadsNamed("test-client-"));
    }
    assertEquals(List.of(), problems);
  }

  @AfterAll
  static void noHttpClientThreadOutlivesItsClient() {
    BooleanSupplier gone =
        () -> {
          System.gc();
          Set<String> left = clientThreads();
          left.removeAll(threadsBefore);
          return left.isEmpty();
        };
    // The JDK 17 HttpClient has no close(): its selector thread ends once the client is garbage
    // and no exchange is pending (it checks every 3 s). An exchange left pending keeps it alive.
    assertTrue(
        eventually(Duration.ofSeconds(15), gone),
        () ->
            "left: "
                + clientThreads().stream()
                    .filter(name -> !threadsBefore.contains(name))
                    .map(name -> name + " (" + threadOwners.get(name) + ")")
                    .toList());
  }

  // ---------------------------------------------------------------- connections

  @Test
  void an_unknown_host_is_reported_as_one_not_as_a_refused_connection() {
    OpenAiCompatibleClient client =
        client(settings().baseUrl(URI.create("http://llm.invalid:8000/v1")).maxRetries(0));

    ProviderConnectionException error =
        failsWith(
            ProviderConnectionException.class, MARGIN.plus(CONNECT), client.chat(hi(), MODEL));

    assertTrue(error.getMessage().startsWith("unknown host llm.invalid"), error.getMessage());
    assertFalse(error.getMessage().contains("refused"), error.getMessage());
  }

  @Test
  void connection_refused_is_a_connection_error_after_every_retry() throws IOException {
    URI closed = closedPort();
    OpenAiCompatibleClient client = client(settings().baseUrl(closed).maxRetries(2).debug(true));

    ProviderConnectionException error =
        failsWith(
            ProviderConnectionException.class,
            FIRST_BACKOFF.multipliedBy(3).plus(MARGIN),
            client.chat(hi(), MODEL));

    assertTrue(error.getMessage().contains("connection refused"), error.getMessage());
    assertEquals(3, requestsLogged(), () -> "attempts in the debug log: " + debugLog);
  }

  @Test
  void a_connection_closed_before_the_response_is_retried_then_a_connection_error() {
    for (int i = 0; i < 3; i++) {
      server.enqueue(
          new MockResponse.Builder()
              .body(CHAT_OK)
              .onResponseStart(new SocketEffect.CloseSocket())
              .build());
    }
    OpenAiCompatibleClient client = client(settings().maxRetries(2));

    ProviderConnectionException error =
        failsWith(
            ProviderConnectionException.class,
            FIRST_BACKOFF.multipliedBy(3).plus(MARGIN),
            client.chat(hi(), MODEL));

    assertTrue(error.getMessage().contains("before a response"), error.getMessage());
    assertEquals(3, server.getRequestCount());
  }

  @Test
  void cleartext_requests_use_http_1_1_without_an_h2c_upgrade_and_the_body_arrives()
      throws Exception {
    server.enqueue(json(200, CHAT_OK));
    OpenAiCompatibleClient client = client(settings());

    succeedsWithin(MARGIN, client.chat(hi(), MODEL));
    RecordedRequest request = server.takeRequest(1, SECONDS);

    assertEquals("HTTP/1.1", request.getVersion());
    assertNull(request.getHeaders().get("Upgrade"));
    assertNull(request.getHeaders().get("HTTP2-Settings"));
    assertEquals("/v1/chat/completions", request.getTarget());
    JsonObject body = parse(request.getBody().utf8());
    assertEquals(MODEL, body.getString("model"));
    assertEquals("Hi", body.getJsonArray("messages").getJsonObject(0).getString("content"));
  }

  @Test
  void an_upper_case_http_scheme_still_means_http_1_1_without_an_h2c_upgrade() throws Exception {
    server.enqueue(json(200, CHAT_OK));
    OpenAiCompatibleClient client =
        client(settings().baseUrl(URI.create("HTTP://127.0.0.1:" + server.getPort() + "/v1")));

    succeedsWithin(MARGIN, client.chat(hi(), MODEL));
    RecordedRequest request = server.takeRequest(1, SECONDS);

    assertNull(request.getHeaders().get("Upgrade"));
    assertEquals(MODEL, parse(request.getBody().utf8()).getString("model"));
  }

  // ---------------------------------------------------------------- streams cut, stalled, slow

  /**
   * A relay writes out on {@code onReadEnd}: events that arrive in one read must be passed on
   * before one {@code onReadEnd} (one write downstream, not one per event), and events that arrive
   * apart each get theirs (no event waits for a later one).
   */
  @Test
  void the_chunks_of_one_read_end_with_one_read_end_and_separate_reads_each_with_their_own()
      throws Exception {
    try (ScriptedHttpServer upstream =
        new ScriptedHttpServer(
            exchange -> {
              startEventStream(exchange);
              StringBuilder together = new StringBuilder();
              for (int i = 0; i < 40; i++) {
                together.append(chunk("t" + i + " "));
              }
              exchange.writeChunk(together.toString());
              for (int i = 0; i < 5; i++) {
                Thread.sleep(100);
                exchange.writeChunk(chunk("apart" + i + " "));
              }
              Thread.sleep(100);
              exchange.writeChunk(FINISH + DONE);
              exchange.writeChunk("");
            })) {
      OpenAiCompatibleClient client = client(settings().baseUrl(upstream.baseUrl()));
      StreamRecorder recorder = new StreamRecorder();
      recorders.add(recorder);
      var unused = client.stream(hi(), MODEL, recorder);

      recorder.await(TOTAL);

      assertEquals(45, recorder.pieces().size(), recorder.calls().toString());
      List<String> calls = recorder.calls();
      int firstApart = calls.indexOf("onDelta apart0 ");
      long endsAmongTheForty =
          calls.subList(0, firstApart).stream().filter("onReadEnd"::equals).count();
      assertTrue(
          endsAmongTheForty <= 3, "40 events of one write: " + endsAmongTheForty + " read ends");
      for (int i = 0; i < 5; i++) {
        int at = calls.indexOf("onDelta apart" + i + " ");
        assertEquals("onReadEnd", calls.get(at + 1), "event " + i + " is written out at once");
      }
    }
  }

  @Test
  void a_stream_cut_after_some_content_is_interrupted_with_the_partial_text_and_not_retried() {
    server.enqueue(
        sse(cutAfter(chunk("Hel") + chunk("lo")))
            .onResponseBody(new SocketEffect.CloseSocket())
            .build());
    server.enqueue(sse(stream("never")).build());
    OpenAiCompatibleClient client = client(settings().maxRetries(2));

    StreamRecorder recorder = stream(client);
    StreamInterruptedException error =
        assertInstanceOf(StreamInterruptedException.class, recorder.awaitError(IDLE.plus(MARGIN)));

    assertEquals("Hello", error.partialText());
    assertEquals(List.of("Hel", "lo"), recorder.pieces());
    assertEquals(1, server.getRequestCount());
  }

  @Test
  void a_stream_cut_before_any_content_reached_the_caller_is_retried() {
    server.enqueue(
        sse(": the model is warming up, please stand by\n\n")
            .onResponseBody(new SocketEffect.CloseSocket())
            .build());
    server.enqueue(sse(stream("Hel", "lo")).build());
    OpenAiCompatibleClient client = client(settings().maxRetries(1));

    StreamRecorder recorder = stream(client);
    ChatResponse response = recorder.await(FIRST_BACKOFF.plus(MARGIN));

    assertEquals("Hello", response.text());
    assertEquals(List.of("Hel", "lo"), recorder.pieces());
    assertEquals(2, response.metrics().attempts());
  }

  @Test
  void a_stalled_stream_fails_on_the_idle_timeout_keeping_the_partial_text() {
    server.enqueue(
        sse(cutAfter(chunk("Hel") + chunk("lo")))
            .onResponseBody(SocketEffect.Stall.INSTANCE)
            .build());
    OpenAiCompatibleClient client = client(settings().maxRetries(2));

    StreamRecorder recorder = stream(client);
    StreamInterruptedException error =
        assertInstanceOf(StreamInterruptedException.class, recorder.awaitError(IDLE.plus(MARGIN)));

    assertEquals("Hello", error.partialText());
    assertTrue(error.getMessage().contains("idle timeout"), error.getMessage());
    ProviderTimeoutException cause =
        assertInstanceOf(ProviderTimeoutException.class, error.getCause());
    assertEquals(Phase.IDLE, cause.phase());
    assertEquals(1, server.getRequestCount());
  }

  @Test
  void a_stream_whose_headers_never_come_times_out_in_the_first_byte_phase() {
    server.enqueue(sse(stream("late")).headersDelay(5, SECONDS).build());
    OpenAiCompatibleClient client = client(settings().firstByteTimeout(Duration.ofMillis(500)));

    StreamRecorder recorder = stream(client);
    ProviderTimeoutException error =
        assertInstanceOf(
            ProviderTimeoutException.class,
            recorder.awaitError(Duration.ofMillis(500).plus(MARGIN)));

    assertEquals(Phase.FIRST_BYTE, error.phase());
    assertEquals(List.of(), recorder.pieces());
  }

  @Test
  void a_first_byte_timeout_is_retried_when_retries_are_left() {
    server.enqueue(sse(stream("late")).headersDelay(5, SECONDS).build());
    server.enqueue(sse(stream("Hel", "lo")).build());
    OpenAiCompatibleClient client =
        client(settings().firstByteTimeout(Duration.ofMillis(500)).maxRetries(1));

    StreamRecorder recorder = stream(client);
    ChatResponse response = recorder.await(Duration.ofMillis(500).plus(FIRST_BACKOFF).plus(MARGIN));

    assertEquals("Hello", response.text());
    assertEquals(2, response.metrics().attempts());
    assertEquals(2, server.getRequestCount());
  }

  @Test
  void a_first_byte_slower_than_usual_but_within_the_limit_succeeds() {
    server.enqueue(sse(stream("Hel", "lo")).headersDelay(300, MILLISECONDS).build());
    OpenAiCompatibleClient client = client(settings().firstByteTimeout(FIRST_BYTE));

    StreamRecorder recorder = stream(client);
    ChatResponse response = recorder.await(FIRST_BYTE.plus(MARGIN));

    assertEquals("Hello", response.text());
    assertEquals(1, response.metrics().attempts());
  }

  @Test
  void a_stream_that_trickles_past_the_total_timeout_fails_in_the_total_phase() {
    String piece = chunk("tick ");
    String endless = piece.repeat(60) + FINISH + DONE;
    server.enqueue(sse(endless).throttleBody(piece.length(), 100, MILLISECONDS).build());
    Duration total = Duration.ofMillis(800);
    OpenAiCompatibleClient client = client(settings().totalTimeout(total));

    StreamRecorder recorder = stream(client);
    StreamInterruptedException error =
        assertInstanceOf(StreamInterruptedException.class, recorder.awaitError(total.plus(MARGIN)));

    ProviderTimeoutException timeout =
        assertInstanceOf(ProviderTimeoutException.class, error.getCause());
    assertEquals(Phase.TOTAL, timeout.phase());
    assertFalse(recorder.pieces().isEmpty(), "the idle timer must not have fired");
    assertTrue(error.partialText().startsWith("tick tick "), error.partialText());
  }

  @Test
  void cancelling_a_chat_future_closes_the_upstream_connection_within_a_second() throws Exception {
    try (ScriptedHttpServer upstream =
        new ScriptedHttpServer(
            exchange -> {
              exchange.write(
                  "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
                      + "Transfer-Encoding: chunked\r\n\r\n");
              for (int i = 0; i < 600; i++) {
                exchange.writeChunk(" ");
                Thread.sleep(50);
              }
            })) {
      OpenAiCompatibleClient client = client(settings().baseUrl(upstream.baseUrl()));
      var call = client.chat(hi(), MODEL);
      assertTrue(eventually(MARGIN, () -> upstream.exchanges().size() == 1), "no request");
      Thread.sleep(200); // let the response start

      long cancelledAt = System.nanoTime();
      assertTrue(call.cancel(true));
      long closedAt = upstream.exchanges().get(0).closedByClient().get(2, SECONDS);

      assertTrue(
          closedAt - cancelledAt < Duration.ofSeconds(1).toNanos(),
          () -> "the server saw the close " + (closedAt - cancelledAt) / 1_000_000 + " ms later");
    }
  }

  @Test
  void health_accepts_any_2xx_whatever_the_body() throws Exception {
    server.enqueue(new MockResponse.Builder().code(200).build()); // vLLM: empty body
    server.enqueue(json(200, "{\"status\":\"ok\"}")); // llama.cpp
    server.enqueue(new MockResponse.Builder().code(200).body("Ollama is running").build());
    OpenAiCompatibleClient client = client(settings());

    for (int i = 0; i < 3; i++) {
      HealthStatus health = client.health().get(5, SECONDS);
      assertEquals(HealthStatus.State.UP, health.state(), health.detail());
      assertEquals("/health", server.takeRequest().getTarget());
    }
  }

  @Test
  void health_reports_a_loading_llama_server_as_loading_and_other_503s_as_down() throws Exception {
    server.enqueue(
        json(
            503,
            "{\"error\":{\"code\":503,\"message\":\"Loading model\",\"type\":\"unavailable_error\"}}"));
    server.enqueue(json(503, "{\"error\":\"engine dead\"}"));
    OpenAiCompatibleClient client = client(settings());

    HealthStatus loading = client.health().get(5, SECONDS);
    HealthStatus down = client.health().get(5, SECONDS);

    assertEquals(HealthStatus.State.LOADING, loading.state(), loading.detail());
    assertEquals(HealthStatus.State.DOWN, down.state());
    assertTrue(
        down.detail().contains("503") && down.detail().contains("engine dead"), down.detail());
  }

  @Test
  void health_falls_back_to_the_model_list_when_there_is_no_health_endpoint() throws Exception {
    server.enqueue(json(404, "{\"error\":\"not found\"}"));
    server.enqueue(json(200, "{\"object\":\"list\",\"data\":[{\"id\":\"m\"}]}"));
    OpenAiCompatibleClient client = client(settings());

    HealthStatus health = client.health().get(5, SECONDS);

    assertEquals(HealthStatus.State.UP, health.state(), health.detail());
    assertTrue(health.detail().contains("model list"), health.detail());
    assertEquals("/health", server.takeRequest().getTarget());
    assertEquals("/v1/models", server.takeRequest().getTarget());
  }

  @Test
  void health_of_a_server_that_is_not_listening_is_down_and_says_so() throws Exception {
    int closedPort;
    try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
      closedPort = socket.getLocalPort();
    }
    OpenAiCompatibleClient client =
        client(settings().baseUrl(URI.create("http://127.0.0.1:" + closedPort + "/v1")));

    HealthStatus health = client.health().get(5, SECONDS);

    assertEquals(HealthStatus.State.DOWN, health.state());
    assertTrue(health.detail().contains("nothing is listening"), health.detail());
  }

  @Test
  void an_llm_d_gateway_is_probed_through_its_model_list() throws Exception {
    server.enqueue(json(200, "{\"object\":\"list\",\"data\":[{\"id\":\"m\"}]}"));
    OpenAiCompatibleClient client =
        client(settings().kind(io.cmsai.provider.ProviderSettings.ServerKind.LLM_D));

    HealthStatus health = client.health().get(5, SECONDS);

    assertEquals(HealthStatus.State.UP, health.state(), health.detail());
    assertEquals("/v1/models", server.takeRequest().getTarget());
  }

  // ---------------------------------------------------------------- rate limits and overload

  @Test
  void a_429_with_retry_after_seconds_is_retried_after_that_delay() {
    server.enqueue(rateLimited().addHeader("Retry-After", "1").build());
    server.enqueue(json(200, CHAT_OK));
    OpenAiCompatibleClient client = client(settings().maxRetries(1));

    ChatResponse response =
        succeedsWithin(Duration.ofSeconds(1).plus(MARGIN), client.chat(hi(), MODEL));

    assertEquals("Hello", response.text());
    assertEquals(2, response.metrics().attempts());
    assertTrue(
        arrivals.gapMillis(0, 1) >= 950, () -> "retried after " + arrivals.gapMillis(0, 1) + " ms");
  }

  @Test
  void a_429_with_retry_after_as_an_http_date_is_retried_at_that_time() {
    String inTwoSeconds =
        DateTimeFormatter.RFC_1123_DATE_TIME.format(
            ZonedDateTime.now(ZoneOffset.UTC).plusSeconds(2));
    server.enqueue(rateLimited().addHeader("Retry-After", inTwoSeconds).build());
    server.enqueue(json(200, CHAT_OK));
    OpenAiCompatibleClient client = client(settings().maxRetries(1));

    ChatResponse response =
        succeedsWithin(Duration.ofSeconds(2).plus(MARGIN), client.chat(hi(), MODEL));

    assertEquals("Hello", response.text());
    assertEquals(2, server.getRequestCount());
    // The date has whole seconds, so the delay is between 1 and 2 s; backoff would be <= 0.5 s.
    assertTrue(
        arrivals.gapMillis(0, 1) >= 800, () -> "retried after " + arrivals.gapMillis(0, 1) + " ms");
  }

  @Test
  void a_429_with_retry_after_ms_is_retried_after_that_many_milliseconds() {
    server.enqueue(rateLimited().addHeader("retry-after-ms", "1200").build());
    server.enqueue(json(200, CHAT_OK));
    OpenAiCompatibleClient client = client(settings().maxRetries(1));

    ChatResponse response =
        succeedsWithin(Duration.ofMillis(1200).plus(MARGIN), client.chat(hi(), MODEL));

    assertEquals("Hello", response.text());
    assertTrue(
        arrivals.gapMillis(0, 1) >= 1150,
        () -> "retried after " + arrivals.gapMillis(0, 1) + " ms");
  }

  @Test
  void a_429_without_retry_after_is_retried_after_a_backoff_with_the_same_body() throws Exception {
    server.enqueue(rateLimited().build());
    server.enqueue(json(200, CHAT_OK));
    OpenAiCompatibleClient client = client(settings().maxRetries(1));

    ChatResponse response = succeedsWithin(FIRST_BACKOFF.plus(MARGIN), client.chat(hi(), MODEL));
    String first = server.takeRequest(1, SECONDS).getBody().utf8();
    String second = server.takeRequest(1, SECONDS).getBody().utf8();

    assertEquals("Hello", response.text());
    assertEquals(2, response.metrics().attempts());
    assertEquals(first, second);
  }

  @Test
  void a_429_asking_for_a_day_is_not_retried_and_exposes_retry_after() {
    server.enqueue(rateLimited().addHeader("Retry-After", "86400").build());
    server.enqueue(json(200, CHAT_OK));
    OpenAiCompatibleClient client = client(settings().maxRetries(2));

    RateLimitedException error =
        failsWith(RateLimitedException.class, MARGIN, client.chat(hi(), MODEL));

    assertEquals(Duration.ofSeconds(86_400), error.retryAfter().orElseThrow());
    assertEquals(429, error.statusCode());
    assertEquals(1, server.getRequestCount());
  }

  @Test
  void a_503_dropped_by_llm_d_is_retried_and_then_succeeds() {
    server.enqueue(droppedBySaturation());
    server.enqueue(json(200, CHAT_OK));
    OpenAiCompatibleClient client = client(settings().maxRetries(1));

    ChatResponse response = succeedsWithin(FIRST_BACKOFF.plus(MARGIN), client.chat(hi(), MODEL));

    assertEquals("Hello", response.text());
    assertEquals(2, server.getRequestCount());
  }

  @Test
  void a_503_dropped_by_llm_d_exposes_the_reason_once_retries_are_exhausted() {
    server.enqueue(droppedBySaturation());
    server.enqueue(droppedBySaturation());
    OpenAiCompatibleClient client = client(settings().maxRetries(1));

    ServiceUnavailableException error =
        failsWith(
            ServiceUnavailableException.class,
            FIRST_BACKOFF.plus(MARGIN),
            client.chat(hi(), MODEL));

    assertEquals("rejected-saturated", error.droppedReason().orElseThrow());
    assertEquals(503, error.statusCode());
    assertTrue(error.getMessage().contains("ResourceExhausted"), error.getMessage());
    assertEquals(2, server.getRequestCount());
  }

  // ---------------------------------------------------------------- status mapping

  static Stream<Arguments> upstreamAnswers() {
    String overloaded =
        "{\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\",\"message\":\"Overloaded\"}}";
    return Stream.of(
        Arguments.of(
            "500", json(500, "{\"error\":\"boom\"}"), UpstreamFailedException.class, 502, 3),
        Arguments.of("502 proxy HTML", html(502), UpstreamFailedException.class, 502, 3),
        Arguments.of(
            "504", json(504, "{\"error\":\"late\"}"), UpstreamFailedException.class, 504, 3),
        Arguments.of(
            "408", json(408, "{\"error\":\"slow\"}"), UpstreamFailedException.class, 502, 3),
        Arguments.of(
            "503", json(503, "{\"error\":\"busy\"}"), ServiceUnavailableException.class, 503, 3),
        Arguments.of("503 llm-d", droppedBySaturation(), ServiceUnavailableException.class, 503, 3),
        Arguments.of("529", json(529, overloaded), ServiceUnavailableException.class, 503, 3),
        Arguments.of("429", rateLimited().build(), RateLimitedException.class, 429, 3),
        Arguments.of(
            "400", json(400, "{\"error\":\"bad\"}"), InvalidRequestException.class, 400, 1),
        Arguments.of("200 empty", json(200, ""), BadResponseException.class, 502, 2),
        Arguments.of(
            "200 cut JSON", json(200, "{\"choices\":[{\"mess"), BadResponseException.class, 502, 2),
        Arguments.of("200 proxy HTML", html(200), BadResponseException.class, 502, 2));
  }

  /**
   * Status, exception and facade status per upstream answer (README "OpenAI-compatible API"): 502
   * when the server failed or answered unusably, 503 when it has no capacity; an unusable 200 is
   * sent at most twice whatever the retry budget, since it usually repeats.
   */
  @ParameterizedTest(name = "{0}")
  @MethodSource("upstreamAnswers")
  void upstream_answers_map_to_one_exception_and_one_facade_status(
      String name,
      MockResponse answer,
      Class<? extends AiProviderException> type,
      int facadeStatus,
      int attempts) {
    server.setDispatcher(always(answer));
    OpenAiCompatibleClient client = client(settings().maxRetries(2));

    AiProviderException error =
        failsWith(type, FIRST_BACKOFF.multipliedBy(3).plus(MARGIN), client.chat(hi(), MODEL));

    assertEquals(facadeStatus, OpenAiError.from(error).status(), error.getMessage());
    assertEquals(attempts, server.getRequestCount(), "attempts");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("upstreamAnswers")
  void a_streamed_call_gets_the_same_facade_status_before_its_first_byte(
      String name, MockResponse answer, Class<?> type, int facadeStatus, int attempts) {
    server.setDispatcher(always(answer));
    OpenAiCompatibleClient client = client(settings().maxRetries(2));
    StreamRecorder recorder = stream(client);

    AiProviderException error = recorder.awaitError(FIRST_BACKOFF.multipliedBy(3).plus(MARGIN));

    assertEquals(facadeStatus, OpenAiError.from(error).status(), error.toString());
  }

  @Test
  void a_429_without_retry_after_carries_the_next_backoff_once_retries_are_spent() {
    server.setDispatcher(always(rateLimited().build()));
    OpenAiCompatibleClient client = client(settings().maxRetries(1));

    RateLimitedException error =
        failsWith(RateLimitedException.class, FIRST_BACKOFF.plus(MARGIN), client.chat(hi(), MODEL));

    // The third attempt would wait half to all of 2 x the initial backoff.
    Duration backoff = error.backoff().orElseThrow();
    assertTrue(
        backoff.compareTo(FIRST_BACKOFF) >= 0
            && backoff.compareTo(FIRST_BACKOFF.multipliedBy(2)) <= 0,
        backoff::toString);
    assertTrue(error.retryAfter().isEmpty());
    assertEquals(2, server.getRequestCount());
    assertEquals(
        Long.toString(Math.max(1, (backoff.toMillis() + 999) / 1000)),
        OpenAiError.from(error).retryAfterHeader().orElseThrow());
  }

  @Test
  void a_429_with_retry_after_passes_on_the_servers_delay_not_a_backoff() {
    server.setDispatcher(always(rateLimited().addHeader("Retry-After", "120").build()));
    OpenAiCompatibleClient client = client(settings().maxRetries(1));

    RateLimitedException error =
        failsWith(RateLimitedException.class, MARGIN, client.chat(hi(), MODEL));

    assertTrue(error.backoff().isEmpty());
    assertEquals("120", OpenAiError.from(error).retryAfterHeader().orElseThrow());
  }

  // ---------------------------------------------------------------- broken streams

  @Test
  void a_malformed_chunk_interrupts_the_stream() {
    server.enqueue(sse(chunk("Hel") + "data: {not json\n\n" + chunk("lo") + DONE).build());
    OpenAiCompatibleClient client = client(settings().maxRetries(2));

    StreamRecorder recorder = stream(client);
    StreamInterruptedException error =
        assertInstanceOf(StreamInterruptedException.class, recorder.awaitError(MARGIN));

    assertTrue(error.getMessage().contains("malformed"), error.getMessage());
    assertEquals("Hel", error.partialText());
    assertEquals(1, server.getRequestCount());
  }

  @Test
  void a_stream_without_done_is_interrupted_keeping_the_partial_text() {
    server.enqueue(sse(chunk("Hel") + chunk("lo") + FINISH).build());
    OpenAiCompatibleClient client = client(settings());

    StreamRecorder recorder = stream(client);
    StreamInterruptedException error =
        assertInstanceOf(StreamInterruptedException.class, recorder.awaitError(MARGIN));

    assertTrue(error.getMessage().contains("[DONE]"), error.getMessage());
    assertEquals("Hello", error.partialText());
  }

  @Test
  void an_error_event_after_the_200_interrupts_the_stream_with_the_servers_message() {
    server.enqueue(
        sse(chunk("Hel")
                + "data: {\"error\":{\"message\":\"CUDA out of memory\",\"type\":\"InternalServerError\","
                + "\"param\":null,\"code\":500}}\n\n"
                + DONE)
            .build());
    OpenAiCompatibleClient client = client(settings().maxRetries(2));

    StreamRecorder recorder = stream(client);
    StreamInterruptedException error =
        assertInstanceOf(StreamInterruptedException.class, recorder.awaitError(MARGIN));

    assertTrue(error.getMessage().contains("CUDA out of memory"), error.getMessage());
    assertEquals("Hel", error.partialText());
    assertEquals(1, server.getRequestCount());
  }

  @Test
  void a_legacy_llama_cpp_error_field_interrupts_the_stream_with_the_servers_message() {
    server.enqueue(
        sse(chunk("Hel")
                + "error: {\"code\":500,\"message\":\"slot unavailable\",\"type\":\"server_error\"}\n\n"
                + DONE)
            .build());
    OpenAiCompatibleClient client = client(settings());

    StreamRecorder recorder = stream(client);
    StreamInterruptedException error =
        assertInstanceOf(StreamInterruptedException.class, recorder.awaitError(MARGIN));

    assertTrue(error.getMessage().contains("slot unavailable"), error.getMessage());
    assertEquals("Hel", error.partialText());
  }

  @Test
  void a_server_rejecting_stream_options_gets_the_request_once_more_without_them()
      throws Exception {
    server.enqueue(
        json(
            400,
            "{\"error\":{\"message\":\"Unrecognized field stream_options\",\"type\":\"BadRequestError\","
                + "\"param\":\"stream_options\",\"code\":400}}"));
    server.enqueue(sse(chunk("Hel") + chunk("lo") + FINISH + DONE).build());
    OpenAiCompatibleClient client = client(settings().maxRetries(0));

    StreamRecorder recorder = stream(client);
    ChatResponse response = recorder.await(MARGIN);
    JsonObject first = parse(server.takeRequest(1, SECONDS).getBody().utf8());
    JsonObject second = parse(server.takeRequest(1, SECONDS).getBody().utf8());

    assertEquals("Hello", response.text());
    assertTrue(first.containsKey("stream_options"), first::toString);
    assertFalse(second.containsKey("stream_options"), second::toString);
    assertEquals(first.getJsonArray("messages"), second.getJsonArray("messages"));
    assertTrue(second.getBoolean("stream"));
    assertTrue(response.usage().estimated(), response.usage()::toString);
  }

  @Test
  void the_request_without_stream_options_is_sent_only_once() {
    String rejection =
        "{\"error\":{\"message\":\"Unrecognized field stream_options\",\"type\":\"BadRequestError\","
            + "\"param\":\"stream_options\",\"code\":400}}";
    server.enqueue(json(400, rejection));
    server.enqueue(json(400, rejection));
    server.enqueue(sse(stream("never")).build());
    OpenAiCompatibleClient client = client(settings().maxRetries(2));

    StreamRecorder recorder = stream(client);
    InvalidRequestException error =
        assertInstanceOf(InvalidRequestException.class, recorder.awaitError(MARGIN));

    assertEquals("stream_options", error.param().orElseThrow());
    assertEquals(2, server.getRequestCount());
  }

  @Test
  void a_non_blocking_listener_gets_its_chunks_on_the_io_thread_and_its_end_on_another() {
    server.enqueue(sse(stream("Hel", "lo")).build());
    OpenAiCompatibleClient client = client(settings());
    StreamRecorder recorder = new StreamRecorder().nonBlockingListener();
    recorders.add(recorder);

    var unused = client.stream(hi(), MODEL, recorder);
    recorder.await(MARGIN);

    assertEquals("Hello", recorder.text());
    assertTrue(
        recorder.chunkThreads().stream().allMatch(name -> name.contains("SelectorManager")),
        recorder.chunkThreads().toString());
    assertFalse(
        recorder.terminalThread().contains("SelectorManager"),
        "the terminal call may block: " + recorder.terminalThread());
  }

  @Test
  void each_raw_chunk_comes_before_the_deltas_it_carries() {
    server.enqueue(sse(stream("Hel", "lo")).build());
    OpenAiCompatibleClient client = client(settings());

    StreamRecorder recorder = stream(client);
    recorder.await(MARGIN);

    assertEquals(
        List.of(
            "onRawChunk", "onDelta Hel", "onRawChunk", "onDelta lo", "onRawChunk", "onRawChunk"),
        recorder.calls().stream().filter(call -> !call.equals("onReadEnd")).toList());
  }

  @Test
  void a_json_answer_to_a_streaming_request_arrives_as_one_delta_and_completes() {
    server.enqueue(json(200, CHAT_OK));
    OpenAiCompatibleClient client = client(settings());

    StreamRecorder recorder = stream(client);
    ChatResponse response = recorder.await(MARGIN);

    assertEquals(List.of("Hello"), recorder.pieces());
    assertEquals("Hello", response.text());
    assertEquals(6, response.usage().totalTokens());
    assertFalse(response.usage().estimated());
  }

  // ---------------------------------------------------------------- keys

  @Test
  void a_401_is_an_authentication_error_not_retried_and_the_key_shows_nowhere() {
    server.enqueue(
        new MockResponse.Builder()
            .code(401)
            .addHeader("Content-Type", "application/json")
            .addHeader("x-echo-key", KEY)
            .body(
                "{\"error\":{\"message\":\"Incorrect API key provided: "
                    + KEY
                    + "\",\"type\":\"invalid_request_error\",\"code\":\"invalid_api_key\"}}")
            .build());
    OpenAiCompatibleClient client =
        client(settings().apiKeyRef(KEY_REF).maxRetries(2).debug(true), Map.of(KEY_REF, KEY));

    AuthenticationException error =
        failsWith(AuthenticationException.class, MARGIN, client.chat(hi(), MODEL));

    assertEquals(401, error.statusCode());
    assertTrue(error.getMessage().contains("Incorrect API key"), error.getMessage());
    assertFalse(error.getMessage().contains(KEY), error.getMessage());
    assertEquals(1, server.getRequestCount());
    assertTrue(requestsLogged() == 1 && debugLog.size() >= 2, debugLog::toString);
    assertTrue(debugLog.stream().noneMatch(line -> line.contains(KEY)), debugLog::toString);
  }

  @Test
  void the_key_resolved_from_its_reference_is_sent_as_a_bearer_token() throws Exception {
    server.enqueue(json(200, CHAT_OK));
    OpenAiCompatibleClient client = client(settings().apiKeyRef(KEY_REF), Map.of(KEY_REF, KEY));

    succeedsWithin(MARGIN, client.chat(hi(), MODEL));
    RecordedRequest request = server.takeRequest(1, SECONDS);

    assertEquals("Bearer " + KEY, request.getHeaders().get("Authorization"));
  }

  @Test
  void an_api_key_header_with_an_empty_scheme_carries_the_bare_key() throws Exception {
    server.enqueue(json(200, CHAT_OK));
    OpenAiCompatibleClient client =
        client(settings().apiKeyRef(KEY_REF).auth("api-key", ""), Map.of(KEY_REF, KEY));

    succeedsWithin(MARGIN, client.chat(hi(), MODEL));
    RecordedRequest request = server.takeRequest(1, SECONDS);

    assertEquals(KEY, request.getHeaders().get("api-key"));
    assertNull(request.getHeaders().get("Authorization"));
  }

  // ---------------------------------------------------------------- circuit breaker

  @Test
  void the_breaker_opens_after_consecutive_503s_and_then_fails_fast_without_a_request() {
    server.enqueue(json(503, "{\"error\":{\"message\":\"engine dead\",\"code\":503}}"));
    server.enqueue(json(503, "{\"error\":{\"message\":\"engine dead\",\"code\":503}}"));
    server.enqueue(json(200, CHAT_OK));
    OpenAiCompatibleClient client = client(settings().circuit(2, Duration.ofSeconds(30)));

    failsWith(ServiceUnavailableException.class, MARGIN, client.chat(hi(), MODEL));
    failsWith(ServiceUnavailableException.class, MARGIN, client.chat(hi(), MODEL));
    CircuitOpenException error =
        failsWith(CircuitOpenException.class, MARGIN, client.chat(hi(), MODEL));

    assertTrue(error.getMessage().contains("engine dead"), error.getMessage());
    assertEquals(2, server.getRequestCount());
  }

  @Test
  void the_breaker_opens_after_consecutive_refused_connections() throws IOException {
    OpenAiCompatibleClient client =
        client(settings().baseUrl(closedPort()).circuit(2, Duration.ofSeconds(30)).debug(true));

    failsWith(ProviderConnectionException.class, MARGIN, client.chat(hi(), MODEL));
    failsWith(ProviderConnectionException.class, MARGIN, client.chat(hi(), MODEL));
    failsWith(CircuitOpenException.class, MARGIN, client.chat(hi(), MODEL));

    assertEquals(2, requestsLogged(), debugLog::toString);
  }

  @Test
  void after_the_open_period_a_trial_call_goes_through_and_its_success_closes_the_breaker() {
    Duration openFor = Duration.ofMillis(400);
    server.enqueue(json(503, "{\"error\":{\"message\":\"engine dead\",\"code\":503}}"));
    server.enqueue(json(200, CHAT_OK));
    server.enqueue(json(200, CHAT_OK));
    OpenAiCompatibleClient client = client(settings().circuit(1, openFor));
    CircuitBreaker breaker = client.connection().breaker();
    failsWith(ServiceUnavailableException.class, MARGIN, client.chat(hi(), MODEL));
    failsWith(CircuitOpenException.class, MARGIN, client.chat(hi(), MODEL));

    assertTrue(eventually(openFor.plus(MARGIN), () -> !breaker.isOpen()));
    ChatResponse trial = succeedsWithin(MARGIN, client.chat(hi(), MODEL));
    ChatResponse next = succeedsWithin(MARGIN, client.chat(hi(), MODEL));

    assertEquals("Hello", trial.text());
    assertEquals("Hello", next.text());
    assertEquals(3, server.getRequestCount());
  }

  @Test
  void a_trial_stream_closes_the_breaker_as_soon_as_its_response_starts() {
    Duration openFor = Duration.ofMillis(300);
    String piece = chunk("tick ");
    server.enqueue(json(503, "{\"error\":{\"message\":\"engine dead\",\"code\":503}}"));
    server.enqueue(
        sse(piece.repeat(20) + FINISH + DONE)
            .throttleBody(piece.length(), 100, MILLISECONDS)
            .build());
    server.enqueue(json(200, CHAT_OK));
    OpenAiCompatibleClient client = client(settings().circuit(1, openFor));
    CircuitBreaker breaker = client.connection().breaker();
    failsWith(ServiceUnavailableException.class, MARGIN, client.chat(hi(), MODEL));
    assertTrue(eventually(openFor.plus(MARGIN), () -> !breaker.isOpen()));

    StreamRecorder trial = stream(client);
    assertTrue(eventually(MARGIN, () -> !trial.pieces().isEmpty()), "the trial did not start");
    ChatResponse during = succeedsWithin(MARGIN, client.chat(hi(), MODEL));

    assertEquals("Hello", during.text());
    assertFalse(
        trial.done().isDone(), "the other call went through while the trial still streamed");
    trial.await(Duration.ofSeconds(5));
  }

  @Test
  void a_cancelled_trial_call_does_not_keep_the_breaker_half_open() {
    Duration openFor = Duration.ofMillis(300);
    server.enqueue(json(503, "{\"error\":{\"message\":\"engine dead\",\"code\":503}}"));
    server.enqueue(sse(stream("slow")).headersDelay(3, SECONDS).build());
    server.enqueue(json(200, CHAT_OK));
    OpenAiCompatibleClient client = client(settings().circuit(1, openFor));
    CircuitBreaker breaker = client.connection().breaker();
    failsWith(ServiceUnavailableException.class, MARGIN, client.chat(hi(), MODEL));
    assertTrue(eventually(openFor.plus(MARGIN), () -> !breaker.isOpen()));
    StreamRecorder trial = new StreamRecorder();
    recorders.add(trial);
    StreamHandle handle = client.stream(hi(), MODEL, trial);
    assertTrue(eventually(MARGIN, () -> server.getRequestCount() == 2));

    handle.cancel();
    assertInstanceOf(CallCancelledException.class, trial.awaitError(MARGIN));
    ChatResponse after = succeedsWithin(MARGIN, client.chat(hi(), MODEL));

    assertEquals("Hello", after.text());
  }

  // ---------------------------------------------------------------- bulkhead

  @Test
  void a_full_bulkhead_without_a_queue_refuses_a_second_call_at_once() {
    server.enqueue(json(200, CHAT_OK).newBuilder().headersDelay(500, MILLISECONDS).build());
    OpenAiCompatibleClient client = client(settings().bulkhead(1, 0));
    CompletableFuture<ChatResponse> first = client.chat(hi(), MODEL);

    ServiceUnavailableException error =
        failsWith(ServiceUnavailableException.class, MARGIN, client.chat(hi(), MODEL));

    assertEquals("bulkhead_full", error.errorType().orElseThrow());
    assertEquals("Hello", succeedsWithin(MARGIN, first).text());
    assertEquals(1, server.getRequestCount());
  }

  @Test
  void a_queued_call_waits_for_the_bulkhead_and_then_succeeds() {
    server.enqueue(json(200, CHAT_OK).newBuilder().headersDelay(300, MILLISECONDS).build());
    server.enqueue(json(200, CHAT_OK));
    OpenAiCompatibleClient client = client(settings().bulkhead(1, 1));
    CompletableFuture<ChatResponse> first = client.chat(hi(), MODEL);

    ChatResponse second = succeedsWithin(MARGIN, client.chat(hi(), MODEL));

    assertEquals("Hello", second.text());
    assertEquals("Hello", succeedsWithin(MARGIN, first).text());
    // The first answer's headers leave the server 300 ms after its request arrived; the second
    // request can only be sent once that answer is in.
    assertTrue(
        arrivals.gapMillis(0, 1) >= 300,
        () -> "the second request came " + arrivals.gapMillis(0, 1) + " ms after the first");
  }

  @Test
  void cancelling_a_stream_queued_in_the_bulkhead_reports_a_cancellation() {
    server.enqueue(json(200, CHAT_OK).newBuilder().headersDelay(500, MILLISECONDS).build());
    OpenAiCompatibleClient client = client(settings().bulkhead(1, 1));
    CompletableFuture<ChatResponse> first = client.chat(hi(), MODEL);
    StreamRecorder queued = new StreamRecorder();
    recorders.add(queued);
    StreamHandle handle = client.stream(hi(), MODEL, queued);

    handle.cancel();

    assertInstanceOf(CallCancelledException.class, queued.awaitError(MARGIN));
    succeedsWithin(MARGIN, first);
    assertEquals(1, server.getRequestCount());
  }

  @Test
  void a_cancelled_waiter_frees_its_place_in_the_bulkhead_queue() {
    server.enqueue(json(200, CHAT_OK).newBuilder().headersDelay(500, MILLISECONDS).build());
    server.enqueue(json(200, CHAT_OK));
    OpenAiCompatibleClient client = client(settings().bulkhead(1, 1));
    CompletableFuture<ChatResponse> first = client.chat(hi(), MODEL);
    StreamRecorder cancelled = new StreamRecorder();
    recorders.add(cancelled);
    client.stream(hi(), MODEL, cancelled).cancel();
    assertInstanceOf(CallCancelledException.class, cancelled.awaitError(MARGIN));

    ChatResponse third = succeedsWithin(MARGIN, client.chat(hi(), MODEL));

    assertEquals("Hello", third.text());
    succeedsWithin(MARGIN, first);
    assertEquals(2, server.getRequestCount());
  }

  @Test
  void a_stream_refused_by_the_bulkhead_reports_its_error_on_a_client_thread() {
    server.enqueue(json(200, CHAT_OK).newBuilder().headersDelay(300, MILLISECONDS).build());
    OpenAiCompatibleClient client = client(settings().bulkhead(1, 0));
    CompletableFuture<ChatResponse> first = client.chat(hi(), MODEL);

    StreamRecorder refused = stream(client);
    ServiceUnavailableException error =
        assertInstanceOf(ServiceUnavailableException.class, refused.awaitError(MARGIN));

    assertEquals("bulkhead_full", error.errorType().orElseThrow());
    assertEquals(List.of(), refused.violations());
    succeedsWithin(MARGIN, first);
  }

  // ---------------------------------------------------------------- cancellation

  @Test
  void cancelling_a_stream_reports_one_cancellation_and_closes_the_upstream_within_a_second()
      throws Exception {
    try (ScriptedHttpServer upstream =
        new ScriptedHttpServer(
            exchange -> {
              startEventStream(exchange);
              for (int i = 0; i < 600; i++) {
                exchange.writeChunk(chunk("t" + i + " "));
                Thread.sleep(50);
              }
            })) {
      OpenAiCompatibleClient client = client(settings().baseUrl(upstream.baseUrl()));
      StreamRecorder recorder = new StreamRecorder();
      recorders.add(recorder);
      StreamHandle handle = client.stream(hi(), MODEL, recorder);
      assertTrue(eventually(MARGIN, () -> recorder.pieces().size() >= 3), "no chunks arrived");

      long cancelledAt = System.nanoTime();
      handle.cancel();
      CallCancelledException error =
          assertInstanceOf(CallCancelledException.class, recorder.awaitError(MARGIN));
      long closedAt = upstream.exchanges().get(0).closedByClient().get(2, SECONDS);

      assertTrue(error.partialText().startsWith("t0 t1 t2 "), error.partialText());
      assertTrue(
          closedAt - cancelledAt < Duration.ofSeconds(1).toNanos(),
          () -> "the server saw the close " + (closedAt - cancelledAt) / 1_000_000 + " ms later");
      assertEquals(1, upstream.exchanges().size());
      assertEquals(List.of(), upstream.scriptFailures());
    }
  }

  @Test
  void cancelling_from_inside_on_delta_delivers_nothing_after_the_cancellation() throws Exception {
    CountDownLatch handleReady = new CountDownLatch(1);
    try (ScriptedHttpServer upstream =
        new ScriptedHttpServer(
            exchange -> {
              handleReady.await();
              String all = chunk("a") + chunk("b") + chunk("c") + chunk("d");
              startEventStream(exchange);
              exchange.writeChunk(all);
              exchange.closedByClient().get(5, SECONDS);
            })) {
      OpenAiCompatibleClient client = client(settings().baseUrl(upstream.baseUrl()));
      AtomicReference<StreamHandle> handle = new AtomicReference<>();
      StreamRecorder recorder = new StreamRecorder(delta -> handle.get().cancel());
      recorders.add(recorder);
      handle.set(client.stream(hi(), MODEL, recorder));

      handleReady.countDown();
      assertInstanceOf(CallCancelledException.class, recorder.awaitError(MARGIN));

      assertEquals(List.of("a"), recorder.pieces());
      assertEquals(List.of(), recorder.violations());
    }
  }

  @Test
  void cancelling_during_a_retry_backoff_stops_the_retry() throws Exception {
    server.enqueue(rateLimited().addHeader("Retry-After", "1").build());
    server.enqueue(sse(stream("never")).build());
    OpenAiCompatibleClient client = client(settings().maxRetries(1).debug(true));
    StreamRecorder recorder = new StreamRecorder();
    recorders.add(recorder);
    StreamHandle handle = client.stream(hi(), MODEL, recorder);
    assertTrue(
        eventually(MARGIN, () -> debugLog.stream().anyMatch(line -> line.contains("retrying in"))),
        debugLog::toString);

    handle.cancel();

    assertInstanceOf(CallCancelledException.class, recorder.awaitError(Duration.ofMillis(500)));
    assertEquals(1, server.getRequestCount());
    server.takeRequest(1, SECONDS);
    assertNull(server.takeRequest(1500, MILLISECONDS), "the retry was sent after the cancel");
  }

  // ---------------------------------------------------------------- embeddings

  @Test
  void embeddings_are_batched_within_the_concurrency_limit_and_returned_in_input_order() {
    EmbeddingServer embeddings = new EmbeddingServer(-1);
    server.setDispatcher(embeddings);
    OpenAiCompatibleClient client = client(settings().embeddingBatches(2, 2));
    List<String> texts = IntStream.range(0, 7).mapToObj(i -> "text " + i).toList();

    EmbeddingResponse response =
        succeedsWithin(MARGIN.multipliedBy(2), client.embed(EmbeddingRequest.of(texts), MODEL));

    for (int i = 0; i < texts.size(); i++) {
      assertEquals(i, response.vectors().get(i)[0], "vector " + i);
    }
    assertEquals(4, server.getRequestCount());
    assertEquals(4, response.metrics().attempts());
    assertEquals(2, embeddings.maxInFlight.get(), "batches in flight at once");
    assertTrue(embeddings.answered.get(0) != 0, "batch 0 answered first: " + embeddings.answered);
  }

  @Test
  void a_failing_embeddings_batch_fails_the_call() {
    EmbeddingServer embeddings = new EmbeddingServer(4);
    server.setDispatcher(embeddings);
    OpenAiCompatibleClient client = client(settings().embeddingBatches(2, 2));
    List<String> texts = IntStream.range(0, 7).mapToObj(i -> "text " + i).toList();

    InvalidRequestException error =
        failsWith(
            InvalidRequestException.class,
            MARGIN.multipliedBy(2),
            client.embed(EmbeddingRequest.of(texts), MODEL));

    assertTrue(error.getMessage().contains("input too long"), error.getMessage());
  }

  @Test
  void vectors_of_another_length_than_the_requested_dimensions_are_a_bad_response() {
    server.setDispatcher(always(json(200, embeddings(List.of(4), List.of(3)))));
    OpenAiCompatibleClient client = client(settings().maxRetries(2));
    EmbeddingRequest request = new EmbeddingRequest(null, List.of("one"), null, 3, Map.of());

    BadResponseException error =
        failsWith(BadResponseException.class, MARGIN, client.embed(request, MODEL));

    assertTrue(error.getMessage().contains("4 dimensions"), error.getMessage());
    assertTrue(error.getMessage().contains("requested dimensions is 3"), error.getMessage());
    assertEquals(502, OpenAiError.from(error).status());
    assertEquals("dimension_mismatch", OpenAiError.from(error).code());
    assertEquals(1, server.getRequestCount(), "a deterministic answer is not asked for again");
  }

  @Test
  void vectors_of_different_lengths_in_one_answer_are_a_bad_response() {
    server.setDispatcher(always(json(200, embeddings(List.of(3, 2), List.of(0, 1)))));
    OpenAiCompatibleClient client = client(settings());

    BadResponseException error =
        failsWith(
            BadResponseException.class,
            MARGIN,
            client.embed(EmbeddingRequest.of(List.of("one", "two")), MODEL));

    assertTrue(error.getMessage().contains("3 dimensions"), error.getMessage());
    assertTrue(error.getMessage().contains("2 for input 1"), error.getMessage());
    assertEquals(502, OpenAiError.from(error).status());
  }

  // ---------------------------------------------------------------- requests the client refuses

  @Test
  void a_header_value_the_http_client_refuses_fails_the_call_at_once() {
    OpenAiCompatibleClient client = client(settings());
    ChatRequest request = ChatRequest.builder().user("Hi").header("x-note", "one\ntwo").build();

    AiProviderException error =
        failsWith(AiProviderException.class, MARGIN, client.chat(request, MODEL));

    assertFalse(error.isRetriable(), error::toString);
    assertEquals(0, server.getRequestCount());
  }

  // ================================================================ helpers

  private SettingsBuilder settings() {
    return SettingsBuilder.of(URI.create("http://127.0.0.1:" + server.getPort() + "/v1"))
        .timeouts(CONNECT, FIRST_BYTE, IDLE, TOTAL)
        .maxRetries(0);
  }

  private OpenAiCompatibleClient client(SettingsBuilder settings) {
    return client(settings, Map.of());
  }

  private OpenAiCompatibleClient client(SettingsBuilder settings, Map<String, String> secrets) {
    Set<String> before = clientThreads();
    OpenAiCompatibleClient client = fixture.client(settings.build(), secrets);
    clients.add(client);
    clientThreads().stream()
        .filter(name -> !before.contains(name))
        .forEach(name -> threadOwners.put(name, testName));
    return client;
  }

  private StreamRecorder stream(OpenAiCompatibleClient client) {
    StreamRecorder recorder = new StreamRecorder();
    recorders.add(recorder);
    client.stream(hi(), MODEL, recorder);
    return recorder;
  }

  private long requestsLogged() {
    return debugLog.stream().filter(line -> line.startsWith("→ ")).count();
  }

  private static ChatRequest hi() {
    return ChatRequest.builder().user("Hi").build();
  }

  /** The head of a chunked event-stream answer. */
  private static void startEventStream(ScriptedHttpServer.Exchange exchange) throws IOException {
    exchange.write(
        "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\n"
            + "Transfer-Encoding: chunked\r\n\r\n");
  }

  private static String chunk(String content) {
    return "data: {\"id\":\"chatcmpl-1\",\"object\":\"chat.completion.chunk\",\"model\":\""
        + MODEL
        + "\",\"choices\":[{\"index\":0,\"delta\":{\"content\":"
        + Json.createValue(content)
        + "},\"finish_reason\":null}]}\n\n";
  }

  /** A whole stream: one chunk per piece, the finish chunk, usage and {@code [DONE]}. */
  private static String stream(String... pieces) {
    StringBuilder body = new StringBuilder();
    for (String piece : pieces) {
      body.append(chunk(piece));
    }
    return body.append(FINISH).append(USAGE).append(DONE).toString();
  }

  /**
   * {@code delivered} followed by as many bytes of an SSE comment, so that a MockWebServer socket
   * effect on the response body (which fires after half the body) strikes right after {@code
   * delivered}.
   */
  private static String cutAfter(String delivered) {
    int length = delivered.getBytes(StandardCharsets.UTF_8).length;
    return delivered + ":" + "x".repeat(length - 2) + "\n";
  }

  private static MockResponse.Builder sse(String body) {
    return new MockResponse.Builder()
        .code(200)
        .addHeader("Content-Type", "text/event-stream")
        .body(body);
  }

  private static MockResponse json(int code, String body) {
    return new MockResponse.Builder()
        .code(code)
        .addHeader("Content-Type", "application/json")
        .body(body)
        .build();
  }

  private static MockResponse.Builder rateLimited() {
    return new MockResponse.Builder()
        .code(429)
        .addHeader("Content-Type", "application/json")
        .body("{\"error\":{\"message\":\"Rate limit reached\",\"type\":\"rate_limit_error\"}}");
  }

  private static MockResponse html(int code) {
    return new MockResponse.Builder()
        .code(code)
        .addHeader("Content-Type", "text/html")
        .body("<html><head><title>Bad Gateway</title></head><body>nginx</body></html>")
        .build();
  }

  private static Dispatcher always(MockResponse answer) {
    return new Dispatcher() {
      @Override
      public MockResponse dispatch(RecordedRequest request) {
        return answer;
      }
    };
  }

  /** An embeddings answer with one vector per length, filled with {@code values[i]}. */
  private static String embeddings(List<Integer> lengths, List<Integer> values) {
    JsonArrayBuilder data = Json.createArrayBuilder();
    for (int i = 0; i < lengths.size(); i++) {
      JsonArrayBuilder vector = Json.createArrayBuilder();
      for (int d = 0; d < lengths.get(i); d++) {
        vector.add(values.get(i));
      }
      data.add(
          Json.createObjectBuilder()
              .add("index", i)
              .add("object", "embedding")
              .add("embedding", vector));
    }
    return Json.createObjectBuilder().add("model", MODEL).add("data", data).build().toString();
  }

  private static MockResponse droppedBySaturation() {
    return new MockResponse.Builder()
        .code(503)
        .addHeader("Content-Type", "text/plain")
        .addHeader(ErrorDecoder.DROPPED_REASON_HEADER, "rejected-saturated")
        .body("inference error: ResourceExhausted - the pool is saturated")
        .build();
  }

  private static JsonObject parse(String json) {
    return Json.createReader(new StringReader(json)).readObject();
  }

  private static URI closedPort() throws IOException {
    int port;
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = socket.getLocalPort();
    }
    return URI.create("http://127.0.0.1:" + port + "/v1/");
  }

  private static <T extends AiProviderException> T failsWith(
      Class<T> type, Duration within, CompletableFuture<?> call) {
    try {
      Object value = call.get(within.toNanos(), java.util.concurrent.TimeUnit.NANOSECONDS);
      throw new AssertionError("the call succeeded: " + value);
    } catch (ExecutionException e) {
      return assertInstanceOf(type, e.getCause(), () -> "failed with " + e.getCause());
    } catch (TimeoutException e) {
      throw new AssertionError("no outcome within " + within, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  private static <T> T succeedsWithin(Duration within, CompletableFuture<T> call) {
    try {
      return call.get(within.toNanos(), java.util.concurrent.TimeUnit.NANOSECONDS);
    } catch (ExecutionException e) {
      throw new AssertionError("the call failed: " + e.getCause(), e.getCause());
    } catch (TimeoutException e) {
      throw new AssertionError("no outcome within " + within, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  /** Polls {@code condition} until it holds or {@code within} passed; returns whether it held. */
  private static boolean eventually(Duration within, BooleanSupplier condition) {
    long deadline = System.nanoTime() + within.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        return false;
      }
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      }
    }
    return true;
  }

  private static Set<String> clientThreads() {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(Thread::isAlive)
        .map(Thread::getName)
        .filter(name -> name.startsWith("HttpClient-") || name.startsWith("test-client-"))
        .collect(Collectors.toSet());
  }

  private static List<String> threadsNamed(String prefix) {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(Thread::isAlive)
        .map(Thread::getName)
        .filter(name -> name.startsWith(prefix))
        .toList();
  }

  /** The queue dispatcher, remembering when each request arrived. */
  private static final class Arrivals extends QueueDispatcher {
    private final List<Long> times = new CopyOnWriteArrayList<>();

    Arrivals() {
      setFailFast(
          new MockResponse.Builder()
              .code(418)
              .body("unexpected request: nothing enqueued")
              .build());
    }

    @Override
    public MockResponse dispatch(RecordedRequest request) throws InterruptedException {
      times.add(System.nanoTime());
      return super.dispatch(request);
    }

    long gapMillis(int from, int to) {
      return (times.get(to) - times.get(from)) / 1_000_000;
    }
  }

  /**
   * Answers embeddings requests with vectors {@code [n, length]} for inputs {@code "text n"}, in
   * reverse order within a batch; the batch holding input 0 answers last. A batch holding input
   * {@code failOn} is refused with a 400.
   */
  private static final class EmbeddingServer extends Dispatcher {
    private final int failOn;
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicInteger maxInFlight = new AtomicInteger();
    private final List<Integer> answered = new CopyOnWriteArrayList<>();

    EmbeddingServer(int failOn) {
      this.failOn = failOn;
    }

    @Override
    public MockResponse dispatch(RecordedRequest request) throws InterruptedException {
      int now = inFlight.incrementAndGet();
      maxInFlight.accumulateAndGet(now, Math::max);
      try {
        JsonValue input = parse(request.getBody().utf8()).get("input");
        List<Integer> numbers = new ArrayList<>();
        if (input instanceof JsonArray array) {
          array.getValuesAs(JsonString.class).forEach(s -> numbers.add(number(s.getString())));
        } else {
          numbers.add(number(((JsonString) input).getString()));
        }
        Thread.sleep(numbers.contains(0) ? 300 : 60);
        answered.add(numbers.get(0));
        if (numbers.contains(failOn)) {
          return json(
              400, "{\"error\":{\"message\":\"input too long\",\"type\":\"BadRequestError\"}}");
        }
        JsonArrayBuilder data = Json.createArrayBuilder();
        for (int i = numbers.size() - 1; i >= 0; i--) {
          data.add(
              Json.createObjectBuilder()
                  .add("index", i)
                  .add("object", "embedding")
                  .add("embedding", Json.createArrayBuilder().add(numbers.get(i)).add(6)));
        }
        return json(
            200,
            Json.createObjectBuilder()
                .add("model", MODEL)
                .add("data", data)
                .add(
                    "usage",
                    Json.createObjectBuilder()
                        .add("prompt_tokens", numbers.size() * 2)
                        .add("total_tokens", numbers.size() * 2))
                .build()
                .toString());
      } finally {
        inFlight.decrementAndGet();
      }
    }

    private static int number(String text) {
      return Integer.parseInt(text.substring("text ".length()));
    }
  }
}
