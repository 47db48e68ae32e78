package io.cmsai.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cmsai.config.KeyResolver;
import io.cmsai.provider.AiCallCompleted;
import io.cmsai.provider.AiCallStarting;
import io.cmsai.provider.AiProviderException;
import io.cmsai.provider.AuthenticationException;
import io.cmsai.provider.CallVetoedException;
import io.cmsai.provider.ChatRequest;
import io.cmsai.provider.ChatResponse;
import io.cmsai.provider.ChatService;
import io.cmsai.provider.ConnectionCheck;
import io.cmsai.provider.ContextLengthExceededException;
import io.cmsai.provider.EmbeddingRequest;
import io.cmsai.provider.EmbeddingResponse;
import io.cmsai.provider.EmbeddingService;
import io.cmsai.provider.HealthStatus;
import io.cmsai.provider.ModelInfo;
import io.cmsai.provider.Operation;
import io.cmsai.provider.ProviderHealth;
import io.cmsai.provider.ProviderSettings;
import io.cmsai.provider.StreamListener;
import io.cmsai.provider.StreamingChatService;
import io.cmsai.provider.internal.ConnectionTester;
import io.cmsai.provider.internal.DefaultChatService;
import io.cmsai.provider.internal.DefaultEmbeddingService;
import io.cmsai.provider.internal.DefaultModelCatalog;
import io.cmsai.provider.internal.DefaultProviderHealth;
import io.cmsai.provider.internal.DefaultStreamingChatService;
import io.cmsai.provider.internal.OpenAiCompatibleClient;
import io.cmsai.provider.internal.ProviderRuntime;
import io.cmsai.testing.ClientFixture;
import io.cmsai.testing.SettingsBuilder;
import io.cmsai.testing.StreamRecorder;
import io.cmsai.testing.TestServices;
import io.cmsai.testing.TestServices.OpenAiServer;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The provider client against a real llama.cpp {@code llama-server} serving the tiny test model,
 * whose answer is always {@code Hello from a tiny "llama" 🦙!\nBye.} (11 completion tokens).
 */
class LlamaServerIT {

  private static final String ANSWER = "Hello from a tiny \"llama\" 🦙!\nBye.";

  private ClientFixture fixture;
  private OpenAiServer server;
  private OpenAiCompatibleClient client;

  @BeforeEach
  void connect() {
    server = TestServices.openAiServer();
    fixture = new ClientFixture();
    client = fixture.client(ProviderSettings.defaults(URI.create(server.baseUrl())));
  }

  @AfterEach
  void close() throws InterruptedException {
    if (fixture != null) {
      fixture.close();
    }
  }

  @Test
  void lists_the_served_model() throws Exception {
    List<ModelInfo> models = await(client.models());

    assertTrue(
        models.stream().anyMatch(m -> m.id().equals(server.model())), () -> models.toString());
  }

  @Test
  void health_is_up() throws Exception {
    HealthStatus health = await(client.health());

    assertEquals(HealthStatus.State.UP, health.state(), health.detail());
  }

  @Test
  void chat_returns_the_answer_with_usage_and_timings() throws Exception {
    ChatResponse response = await(client.chat(hi().maxTokens(64).build(), server.model()));

    assertEquals(ANSWER, response.text());
    assertEquals("stop", response.finishReason());
    assertEquals(11, response.usage().completionTokens());
    assertTrue(response.usage().promptTokens() > 0);
    assertFalse(response.usage().estimated());
    assertEquals(1, response.metrics().attempts());
    assertTrue(response.metrics().latency().compareTo(response.metrics().timeToFirstToken()) >= 0);
  }

  @Test
  void chat_honours_max_tokens_and_stop() throws Exception {
    ChatResponse cut = await(client.chat(hi().maxTokens(3).build(), server.model()));
    ChatResponse stopped = await(client.chat(hi().stop(List.of("tiny")).build(), server.model()));

    assertEquals("Hello from a tiny", cut.text());
    assertEquals("length", cut.finishReason());
    assertEquals("Hello from a ", stopped.text());
  }

  @Test
  void streaming_delivers_pieces_in_order_and_reports_server_usage() throws Exception {
    StreamRecorder recorder = new StreamRecorder();

    client.stream(hi().build(), server.model(), recorder);
    ChatResponse response = recorder.await(Duration.ofSeconds(30));

    assertEquals(
        List.of("Hello", " from", " a tiny", " \"llama\" ", "🦙", "!\n", "Bye."),
        recorder.pieces());
    assertEquals(ANSWER, response.text());
    assertEquals(11, response.usage().completionTokens());
    assertFalse(response.usage().estimated());
    assertTrue(recorder.rawChunks().size() >= 7);
    assertEquals(List.of(), recorder.violations());
    assertTrue(response.metrics().timeToFirstToken().compareTo(response.metrics().latency()) <= 0);
  }

  @Test
  void embeddings_single_and_batched_agree() throws Exception {
    List<String> texts = IntStream.range(0, 7).mapToObj(i -> "text number " + i).toList();
    ProviderSettings small = SettingsBuilder.of(server.baseUrl()).embeddingBatches(2, 3).build();
    OpenAiCompatibleClient batching = fixture.client(small);

    EmbeddingResponse single =
        await(client.embed(EmbeddingRequest.of(List.of(texts.get(5))), server.model()));
    EmbeddingResponse batched = await(batching.embed(EmbeddingRequest.of(texts), server.model()));
    EmbeddingResponse base64 =
        await(
            client.embed(
                new EmbeddingRequest(null, texts, EmbeddingRequest.Encoding.BASE64, null, Map.of()),
                server.model()));

    assertEquals(64, single.dimension());
    assertEquals(7, batched.vectors().size());
    assertEquals(4, batched.metrics().attempts(), "7 inputs in batches of 2");
    assertArrayEquals(single.vectors().get(0), batched.vectors().get(5), 1e-6f);
    for (int i = 0; i < texts.size(); i++) {
      assertArrayEquals(batched.vectors().get(i), base64.vectors().get(i), 1e-6f);
    }
    assertTrue(batched.usage().promptTokens() > 0);
  }

  @Test
  void a_prompt_beyond_the_context_is_a_context_length_error_with_the_numbers() {
    String huge = "hello ".repeat(3000);

    ContextLengthExceededException error =
        assertThrows(
            ContextLengthExceededException.class,
            () ->
                await(
                    client.chat(
                        ChatRequest.builder().user(huge).maxTokens(4).build(), server.model())));

    assertEquals(2048, error.contextLength().orElseThrow());
    assertTrue(error.promptTokens().orElseThrow() > 2048, error.getMessage());
  }

  @Test
  void a_wrong_key_is_an_authentication_error_and_the_key_never_shows() {
    TestServices.KeyedServer keyed = TestServices.keyedOpenAiServer();
    String wrong = "wrong-key-" + keyed.apiKey().hashCode();
    ProviderSettings settings =
        SettingsBuilder.of(keyed.baseUrl()).apiKeyRef("llm.key").maxRetries(0).build();

    AuthenticationException error =
        assertThrows(
            AuthenticationException.class,
            () ->
                await(
                    fixture
                        .client(settings, Map.of("llm.key", wrong))
                        .chat(hi().build(), keyed.model())));
    String answer =
        assertDoesNotThrowGet(
            fixture
                .client(settings, Map.of("llm.key", keyed.apiKey()))
                .chat(hi().build(), keyed.model()));

    assertEquals(401, error.statusCode());
    assertFalse(error.getMessage().contains(wrong), error.getMessage());
    assertEquals(ANSWER, answer);
  }

  @Test
  void an_unresolved_key_reference_fails_before_sending() {
    TestServices.KeyedServer keyed = TestServices.keyedOpenAiServer();
    ProviderSettings settings =
        SettingsBuilder.of(keyed.baseUrl()).apiKeyRef("missing.key").maxRetries(0).build();

    AuthenticationException error =
        assertThrows(
            AuthenticationException.class,
            () -> await(fixture.client(settings).chat(hi().build(), keyed.model())));

    assertTrue(error.getMessage().contains("'missing.key' does not resolve"), error.getMessage());
  }

  @Test
  void services_default_the_model_fire_events_and_honour_a_veto() throws Exception {
    List<Object> events = Collections.synchronizedList(new ArrayList<>());
    List<String> vetoFor = Collections.synchronizedList(new ArrayList<>());
    ProviderRuntime runtime =
        runtime(
            starting -> {
              events.add(starting);
              if (vetoFor.contains(starting.operation().name())) {
                starting.veto("not during maintenance");
              }
            },
            events::add);
    try {
      DefaultModelCatalog catalog = new DefaultModelCatalog(runtime);
      ChatService chat = new DefaultChatService(runtime, catalog);
      StreamingChatService streaming = new DefaultStreamingChatService(runtime, catalog);
      EmbeddingService embeddings = new DefaultEmbeddingService(runtime, catalog);

      ChatResponse answer = chat.chat(ChatRequest.builder().user("Hi").build());
      AiCallStarting started = (AiCallStarting) events.get(0);
      AiCallCompleted completed = (AiCallCompleted) events.get(1);
      assertEquals(ANSWER, answer.text());
      assertEquals(server.model(), started.model(), "the first listed model is the default");
      assertEquals(Operation.CHAT, completed.operation());
      assertEquals(11, completed.usage().orElseThrow().completionTokens());

      List<String> order = Collections.synchronizedList(new ArrayList<>());
      CompletableFuture<ChatResponse> done = new CompletableFuture<>();
      Consumer<Object> watcher = e -> order.add(e.getClass().getSimpleName());
      events.clear();
      streaming.stream(
          ChatRequest.builder().user("Hi").build(),
          new StreamListener() {
            @Override
            public void onComplete(ChatResponse response) {
              events.forEach(watcher);
              order.add("onComplete");
              done.complete(response);
            }

            @Override
            public void onError(AiProviderException error) {
              done.completeExceptionally(error);
            }
          });
      assertEquals(ANSWER, done.get(30, TimeUnit.SECONDS).text());
      assertEquals(List.of("AiCallStarting", "AiCallCompleted", "onComplete"), order);

      assertEquals(64, embeddings.dimension());
      int before = events.size();
      assertEquals(64, embeddings.dimension());
      assertEquals(before, events.size(), "the dimension is cached after one probe");

      vetoFor.add("CHAT");
      events.clear();
      CallVetoedException veto =
          assertThrows(
              CallVetoedException.class, () -> chat.chat(ChatRequest.builder().user("Hi").build()));
      assertTrue(veto.getMessage().contains("not during maintenance"));
      assertEquals(1, events.size(), "no completion event for a vetoed call");
    } finally {
      runtime.close();
    }
  }

  @Test
  void health_service_answers_from_cache_and_probes_in_the_background() throws Exception {
    ProviderRuntime runtime = runtime(e -> {}, e -> {});
    try {
      ProviderHealth health = new DefaultProviderHealth(runtime);

      HealthStatus first = health.status();
      HealthStatus checked = health.check();

      assertTrue(first.state() == HealthStatus.State.UNKNOWN || first.isUp(), first.toString());
      assertEquals(HealthStatus.State.UP, checked.state(), checked.detail());
      assertEquals(HealthStatus.State.UP, health.status().state());
    } finally {
      runtime.close();
    }
  }

  @Test
  void connection_test_runs_every_step_and_reports_models_and_the_dimension() {
    ProviderRuntime runtime = runtime(e -> {}, e -> {});
    try {
      ConnectionCheck check =
          new ConnectionTester(runtime)
              .test(ProviderSettings.defaults(URI.create(server.baseUrl())));

      assertTrue(check.ok(), check.toString());
      assertEquals(
          List.of("health", "models", "chat", "embedding"),
          check.steps().stream().map(ConnectionCheck.Step::name).toList());
      assertTrue(check.steps().get(1).result().contains(server.model()), check.toString());
      String embedding = check.steps().get(3).result();
      assertTrue(embedding.contains("dimension 64"), check.toString());
      assertTrue(embedding.contains("site search does not use this server"), embedding);
    } finally {
      runtime.close();
    }
  }

  @Test
  void connection_test_explains_a_wrong_key_and_an_unreachable_host() throws Exception {
    TestServices.KeyedServer keyed = TestServices.keyedOpenAiServer();
    String wrong = "wrong-" + keyed.apiKey().hashCode();
    int closedPort;
    try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
      closedPort = socket.getLocalPort();
    }
    ProviderRuntime runtime =
        new ProviderRuntime(
            () -> ProviderSettings.defaults(URI.create(server.baseUrl())),
            new KeyResolver(
                ref -> Optional.of(new KeyResolver.Found(wrong, "test")),
                Path.of("target/no-secrets")),
            e -> {},
            e -> {},
            Executors.defaultThreadFactory());
    try {
      ConnectionTester tester = new ConnectionTester(runtime);

      ConnectionCheck wrongKey =
          tester.test(
              SettingsBuilder.of(keyed.baseUrl())
                  .apiKeyRef("llm.key")
                  .chatModel(keyed.model())
                  .build());
      long start = System.nanoTime();
      ConnectionCheck unreachable =
          tester.test(
              SettingsBuilder.of("http://127.0.0.1:" + closedPort + "/v1")
                  .connectTimeout(Duration.ofSeconds(2))
                  .build());
      long millis = (System.nanoTime() - start) / 1_000_000;

      ConnectionCheck.Step models = wrongKey.steps().get(1);
      assertEquals(ConnectionCheck.Status.FAILED, models.status(), wrongKey.toString());
      assertEquals("wrong or missing API key", models.cause());
      assertFalse(wrongKey.toString().contains(wrong), "the key must not show");
      assertEquals("host unreachable", unreachable.steps().get(0).cause(), unreachable.toString());
      assertEquals("host unreachable", unreachable.steps().get(1).cause());
      assertEquals(ConnectionCheck.Status.SKIPPED, unreachable.steps().get(2).status());
      assertTrue(millis < 10_000, "bounded by the timeouts, took " + millis + " ms");
    } finally {
      runtime.close();
    }
  }

  private static String assertDoesNotThrowGet(CompletableFuture<ChatResponse> call) {
    try {
      return await(call).text();
    } catch (AiProviderException e) {
      throw new AssertionError("the right key was refused: " + e.getMessage(), e);
    }
  }

  private static ChatRequest.Builder hi() {
    return ChatRequest.builder().user("Hi").temperature(0.0);
  }

  static <T> T await(CompletableFuture<T> future) {
    try {
      return future.get(60, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      AiProviderException cause = assertInstanceOf(AiProviderException.class, e.getCause());
      throw cause;
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  /** A runtime outside the container over the test server, with these event observers. */
  private ProviderRuntime runtime(
      Consumer<AiCallStarting> starting, Consumer<AiCallCompleted> completed) {
    return new ProviderRuntime(
        () -> ProviderSettings.defaults(URI.create(server.baseUrl())),
        new KeyResolver(ref -> Optional.empty(), Path.of("target/no-secrets")),
        starting,
        completed,
        Executors.defaultThreadFactory());
  }
}
