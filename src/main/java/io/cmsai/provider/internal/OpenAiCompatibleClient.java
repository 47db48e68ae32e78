package io.cmsai.provider.internal;

import io.cmsai.provider.AiProviderException;
import io.cmsai.provider.CallMetrics;
import io.cmsai.provider.ChatMessage;
import io.cmsai.provider.ChatRequest;
import io.cmsai.provider.ChatResponse;
import io.cmsai.provider.EmbeddingRequest;
import io.cmsai.provider.EmbeddingResponse;
import io.cmsai.provider.HealthStatus;
import io.cmsai.provider.ModelInfo;
import io.cmsai.provider.StreamHandle;
import io.cmsai.provider.StreamListener;
import io.cmsai.provider.Usage;
import jakarta.json.JsonObject;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The operations of an OpenAI-compatible server (vLLM, llm-d, llama.cpp, LocalAI, OpenAI) over one
 * {@link Connection}: chat, streamed chat, embeddings and the model list. Every method returns at
 * once; results arrive on HTTP client threads. Models must be given explicitly (defaults are the
 * services' business). Thread-safe.
 */
public final class OpenAiCompatibleClient {

  private static final Logger LOG = Logger.getLogger(OpenAiCompatibleClient.class.getName());
  private static final String JSON = "application/json";

  private final Connection connection;

  public OpenAiCompatibleClient(Connection connection) {
    this.connection = connection;
  }

  public Connection connection() {
    return connection;
  }

  /** A chat completion that is not streamed. */
  public CompletableFuture<ChatResponse> chat(ChatRequest request, String model) {
    JsonObject body = OpenAiJson.chatBody(request, model, false, false);
    Exchange<OpenAiJson.Chat> exchange =
        new Exchange<>(
            connection,
            post("chat/completions", body, JSON, request),
            failure -> false,
            (degraded, timer, redactor) -> new BufferSink<>(OpenAiJson::parseChat));
    CompletableFuture<ChatResponse> response =
        exchange
            .start()
            .thenApply(
                chat ->
                    response(
                        chat, model, request, exchange.timer().metrics(exchange.attemptCount())));
    return cancellable(response, exchange);
  }

  /** Cancelling {@code future} cancels the exchange, which closes the upstream connection. */
  private static <T> CompletableFuture<T> cancellable(
      CompletableFuture<T> future, Exchange<?> exchange) {
    var unused =
        future.whenComplete(
            (value, error) -> {
              if (future.isCancelled()) {
                exchange.cancel("the call was cancelled by the caller");
              }
            });
    return future;
  }

  /**
   * A streamed chat completion. Usage is requested with {@code stream_options.include_usage}; a
   * server that rejects that option gets the request once more without it, and the usage is then
   * estimated unless the server reports it anyway.
   */
  public StreamHandle stream(ChatRequest request, String model, StreamListener listener) {
    Supplier<String> full = () -> OpenAiJson.chatBody(request, model, true, true).toString();
    Supplier<String> plain = () -> OpenAiJson.chatBody(request, model, true, false).toString();
    Exchange<StreamSink.Outcome> exchange =
        new Exchange<>(
            connection,
            post("chat/completions", full, plain, "text/event-stream", request),
            Exchange.rejects("stream_options"),
            (degraded, timer, redactor) -> new StreamSink(listener, timer, redactor),
            listener.nonBlocking());
    StreamCall call = new StreamCall(exchange, request, model, listener);
    // Registered before start(), so that a call failing at once is not reported on this thread.
    var unused = exchange.result().whenComplete(call::terminate);
    var unusedResult = exchange.start();
    return call;
  }

  /** Embeddings, split into batches sent concurrently within the configured bounds. */
  public CompletableFuture<EmbeddingResponse> embed(EmbeddingRequest request, String model) {
    return new EmbeddingBatches(this, request, model).run();
  }

  /** One batch of embeddings (at most the batch size), not started yet. */
  Exchange<OpenAiJson.Embeddings> embedBatch(
      EmbeddingRequest request, String model, List<String> inputs) {
    JsonObject body = OpenAiJson.embeddingsBody(request, model, inputs);
    return new Exchange<>(
        connection,
        post("embeddings", body, JSON, null),
        failure -> false,
        (degraded, timer, redactor) ->
            new BufferSink<>(text -> OpenAiJson.parseEmbeddings(text, inputs.size())));
  }

  /** The models the server lists ({@code GET /models}). */
  public CompletableFuture<List<ModelInfo>> models() {
    Exchange<List<ModelInfo>> exchange =
        new Exchange<>(
            connection,
            get(connection.settings().endpoint("models")),
            failure -> false,
            (degraded, timer, redactor) -> new BufferSink<>(OpenAiJson::parseModels));
    return cancellable(exchange.start(), exchange);
  }

  /** Probes the server's health endpoint; never fails (failures are a DOWN status). */
  public CompletableFuture<HealthStatus> health() {
    return new HealthProbe(connection).run();
  }

  private Exchange.Requests post(
      String path, JsonObject body, String accept, ChatRequest headersFrom) {
    String text = body.toString();
    return post(path, () -> text, null, accept, headersFrom);
  }

  /** A POST whose body (and degraded body, if any) is serialised when first needed. */
  private Exchange.Requests post(
      String path,
      Supplier<String> body,
      Supplier<String> degradedBody,
      String accept,
      ChatRequest headersFrom) {
    return new Exchange.Requests() {
      private String full;
      private String degradedText;

      @Override
      public HttpRequest request(boolean degraded, String apiKey) {
        byte[] bytes = bodyForLog(degraded).getBytes(StandardCharsets.UTF_8);
        return connection
            .request(
                connection.settings().endpoint(path),
                apiKey,
                accept,
                headersFrom == null ? Map.of() : headersFrom.headers())
            .header("Content-Type", JSON)
            .POST(HttpRequest.BodyPublishers.ofByteArray(bytes))
            .build();
      }

      @Override
      public synchronized String bodyForLog(boolean degraded) {
        if (degraded && degradedBody != null) {
          if (degradedText == null) {
            degradedText = degradedBody.get();
          }
          return degradedText;
        }
        if (full == null) {
          full = body.get();
        }
        return full;
      }
    };
  }

  private Exchange.Requests get(URI uri) {
    return new Exchange.Requests() {
      @Override
      public HttpRequest request(boolean degraded, String apiKey) {
        return connection.request(uri, apiKey, JSON, Map.of()).GET().build();
      }

      @Override
      public String bodyForLog(boolean degraded) {
        return null;
      }
    };
  }

  /**
   * A parsed (non-streamed) completion as a response; usage estimated when the server gave none.
   */
  private static ChatResponse response(
      OpenAiJson.Chat chat, String model, ChatRequest request, CallMetrics metrics) {
    return new ChatResponse(
        chat.id(),
        chat.model().isEmpty() ? model : chat.model(),
        chat.choices(),
        chat.usage()
            .orElseGet(
                () ->
                    estimate(
                        request, chat.choices().isEmpty() ? "" : chat.choices().get(0).content())),
        metrics);
  }

  /** Rough token counts for servers that report none. */
  static Usage estimate(ChatRequest request, String completion) {
    long promptChars = 0;
    for (ChatMessage message : request.messages()) {
      promptChars += 4 + (message.content() == null ? 0 : message.content().length());
    }
    int prompt = estimateTokens(promptChars);
    int generated = estimateTokens(completion.length());
    return new Usage(prompt, generated, prompt + generated, true);
  }

  /** About 4 characters per token, rounded up. */
  static int estimateTokens(long chars) {
    return (int) Math.min(Integer.MAX_VALUE, (chars + 3) / 4);
  }

  /** A running stream: the handle given to the caller, and its single terminal call. */
  private static final class StreamCall implements StreamHandle {
    private final Exchange<StreamSink.Outcome> exchange;
    private final ChatRequest request;
    private final String model;
    private final StreamListener listener;
    private final CompletableFuture<ChatResponse> result = new CompletableFuture<>();

    StreamCall(
        Exchange<StreamSink.Outcome> exchange,
        ChatRequest request,
        String model,
        StreamListener listener) {
      this.exchange = exchange;
      this.request = request;
      this.model = model;
      this.listener = listener;
    }

    @Override
    public void cancel() {
      exchange.cancel("the stream was cancelled by the caller");
    }

    @Override
    public boolean isDone() {
      return result.isDone();
    }

    @Override
    public CompletionStage<ChatResponse> result() {
      return result.minimalCompletionStage();
    }

    void terminate(StreamSink.Outcome outcome, Throwable error) {
      if (error != null) {
        AiProviderException failure = AiProviderException.of(error);
        result.completeExceptionally(failure);
        safely(() -> listener.onError(failure));
        return;
      }
      ChatResponse response = response(outcome);
      result.complete(response);
      safely(() -> listener.onComplete(response));
    }

    private ChatResponse response(StreamSink.Outcome outcome) {
      CallMetrics metrics = exchange.timer().metrics(exchange.attemptCount());
      if (outcome.whole() != null) {
        return OpenAiCompatibleClient.response(outcome.whole(), model, request, metrics);
      }
      ChatStreamAssembler assembler = outcome.assembler();
      Optional<Usage> usage = assembler.usage();
      return new ChatResponse(
          assembler.id(),
          assembler.model().isEmpty() ? model : assembler.model(),
          assembler.choices(),
          usage.orElseGet(() -> estimate(request, assembler.partialText())),
          metrics);
    }

    private static void safely(Runnable callback) {
      try {
        callback.run();
      } catch (RuntimeException e) {
        LOG.log(Level.WARNING, "a stream listener's terminal callback failed", e);
      }
    }
  }
}
