package io.cmsai.provider.internal;

import io.cmsai.provider.AiProviderException;
import io.cmsai.provider.AuthenticationException;
import io.cmsai.provider.BadResponseException;
import io.cmsai.provider.ChatRequest;
import io.cmsai.provider.ChatResponse;
import io.cmsai.provider.ConnectionCheck;
import io.cmsai.provider.ConnectionCheck.Status;
import io.cmsai.provider.ConnectionCheck.Step;
import io.cmsai.provider.ConnectionDiagnostics;
import io.cmsai.provider.EmbeddingRequest;
import io.cmsai.provider.EmbeddingResponse;
import io.cmsai.provider.HealthStatus;
import io.cmsai.provider.InvalidRequestException;
import io.cmsai.provider.ModelInfo;
import io.cmsai.provider.ModelNotFoundException;
import io.cmsai.provider.ProviderConnectionException;
import io.cmsai.provider.ProviderSettings;
import io.cmsai.provider.ProviderTimeoutException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * The {@link ConnectionDiagnostics} of the provider. Tests settings (saved or not) the way an
 * administrator's "Test connection" button does: health, model list, a one-token chat and a
 * one-input embedding, each timed, without retries, bounded by the settings' own timeouts. Failures
 * are explained in plain language next to the server's own message. Thread-safe.
 */
@ApplicationScoped
public class ConnectionTester implements ConnectionDiagnostics {

  private static final int MODELS_SHOWN = 5;

  private final ProviderRuntime runtime;

  /** For CDI proxies only. */
  protected ConnectionTester() {
    this.runtime = null;
  }

  @Inject
  public ConnectionTester(ProviderRuntime runtime) {
    this.runtime = runtime;
  }

  /** Runs every step against {@code settings}; never throws for a server failure. */
  @Override
  public ConnectionCheck test(ProviderSettings settings) {
    ProviderSettings once = settings.withoutRetries();
    OpenAiCompatibleClient client = runtime.client(once);
    List<Step> steps = new ArrayList<>();
    steps.add(health(client, once));
    List<ModelInfo> models = new ArrayList<>();
    steps.add(step("models", () -> listModels(client, models), once));
    String chatModel =
        once.chatModel().isEmpty() && !models.isEmpty() ? models.get(0).id() : once.chatModel();
    if (chatModel.isEmpty()) {
      steps.add(skipped("chat", "no chat model configured and none listed"));
      steps.add(skipped("embedding", "no model to use"));
      return new ConnectionCheck(steps, models);
    }
    steps.add(step("chat", () -> chat(client, chatModel, models), once));
    boolean searchUsesServer = !once.embeddingModel().isEmpty();
    String embeddingModel = searchUsesServer ? once.embeddingModel() : chatModel;
    steps.add(
        step(
            "embedding",
            () ->
                embed(client, embeddingModel)
                    + (searchUsesServer
                        ? ""
                        : "; site search does not use this server for embeddings while the default"
                            + " embedding model is empty (it uses the built-in model)"),
            once));
    return new ConnectionCheck(steps, models);
  }

  /**
   * The model list of {@code settings} (saved or not), asked now without retries.
   *
   * @throws io.cmsai.provider.AiProviderException when the server cannot be asked; {@link #cause}
   *     says why in plain language
   */
  @Override
  public List<ModelInfo> models(ProviderSettings settings) {
    return Calls.await(runtime.client(settings.withoutRetries()).models());
  }

  private static Step health(OpenAiCompatibleClient client, ProviderSettings settings) {
    long start = System.nanoTime();
    HealthStatus status = Calls.await(client.health());
    Duration latency = Duration.ofNanos(System.nanoTime() - start);
    if (status.isUp()) {
      return new Step("health", Status.OK, latency, status.detail(), "", "");
    }
    return new Step(
        "health", Status.FAILED, latency, "", healthCause(status, settings), status.detail());
  }

  private static String healthCause(HealthStatus status, ProviderSettings settings) {
    String detail = status.detail();
    if (status.state() == HealthStatus.State.LOADING) {
      return "the server is still loading its model; try again shortly";
    }
    if (detail.contains("nothing is listening")) {
      return "host unreachable";
    }
    if (detail.contains("timed out connecting")) {
      return "timeout (connect limit " + settings.timeouts().connect().toMillis() + " ms)";
    }
    if (detail.contains("timed out waiting")) {
      Duration limit = settings.timeouts().firstByte();
      return "timeout (first byte limit "
          + (limit.compareTo(HealthProbe.MAX_WAIT) < 0 ? limit : HealthProbe.MAX_WAIT).toMillis()
          + " ms)";
    }
    if (detail.contains("refused the API key")) {
      return "wrong or missing API key";
    }
    return "server unhealthy";
  }

  private static String listModels(OpenAiCompatibleClient client, List<ModelInfo> into) {
    List<ModelInfo> models = Calls.await(client.models());
    into.addAll(models);
    String shown =
        models.stream()
            .limit(MODELS_SHOWN)
            .map(
                m ->
                    m.maxModelLen().isPresent()
                        ? m.id() + " (context " + m.maxModelLen().getAsInt() + ")"
                        : m.id())
            .collect(Collectors.joining(", "));
    return models.size()
        + (models.size() == 1 ? " model: " : " models: ")
        + shown
        + (models.size() > MODELS_SHOWN ? ", …" : "");
  }

  private static String chat(OpenAiCompatibleClient client, String model, List<ModelInfo> listed) {
    ChatResponse response =
        Calls.await(client.chat(ChatRequest.builder().user("ping").maxTokens(1).build(), model));
    String answered =
        "model " + response.model() + " answered (" + response.usage().totalTokens() + " tokens)";
    if (!listed.isEmpty() && listed.stream().noneMatch(m -> m.id().equals(model))) {
      return answered
          + "; note: "
          + model
          + " is not in the server's model list, which a server that routes by model"
          + " (llm-d, vLLM with several models, LocalAI, Ollama) refuses";
    }
    return answered;
  }

  private static String embed(OpenAiCompatibleClient client, String model) {
    EmbeddingResponse response =
        Calls.await(client.embed(EmbeddingRequest.of(List.of("ping")), model));
    return "model " + response.model() + ", dimension " + response.dimension();
  }

  private static Step step(String name, Supplier<String> work, ProviderSettings settings) {
    long start = System.nanoTime();
    try {
      String result = work.get();
      return new Step(name, Status.OK, Duration.ofNanos(System.nanoTime() - start), result, "", "");
    } catch (AiProviderException e) {
      return new Step(
          name,
          Status.FAILED,
          Duration.ofNanos(System.nanoTime() - start),
          "",
          withPathHint(causeOf(e), e, settings),
          e.getMessage());
    }
  }

  /**
   * Adds the most common reason for an answer in another format: a base URL without {@code /v1}
   * reaches a server's native endpoints (llama.cpp answers {@code /embeddings} with its own array).
   */
  private static String withPathHint(String cause, AiProviderException e, ProviderSettings s) {
    String path = s.baseUrl().getPath() == null ? "" : s.baseUrl().getPath();
    boolean formatProblem = e instanceof BadResponseException || e.statusCode() == 404;
    if (formatProblem && !path.replaceAll("/+$", "").endsWith("/v1")) {
      return cause.startsWith("endpoint not found")
          ? cause
          : cause + ": the base URL does not end in /v1, which OpenAI-compatible servers expect";
    }
    return cause;
  }

  private static Step skipped(String name, String why) {
    return new Step(name, Status.SKIPPED, Duration.ZERO, "", why, "");
  }

  @Override
  public String cause(AiProviderException e) {
    return causeOf(e);
  }

  /** The failure in plain language (see {@link ConnectionDiagnostics#cause}). */
  public static String causeOf(AiProviderException e) {
    String message = String.valueOf(e.getMessage()).toLowerCase(Locale.ROOT);
    if (e instanceof AuthenticationException) {
      if (e.errorType().filter(OutboundGate.KEY_HOST_NOT_ALLOWED::equals).isPresent()) {
        return "the key may not be sent to this host";
      }
      return e.statusCode() == 0
          ? "the key reference does not resolve"
          : "wrong or missing API key";
    }
    if (e instanceof ModelNotFoundException) {
      return "model not found";
    }
    if (e instanceof ProviderTimeoutException timeout) {
      return "timeout ("
          + timeout.phase().name().toLowerCase(Locale.ROOT).replace('_', ' ')
          + " limit "
          + timeout.limit().toMillis()
          + " ms)";
    }
    if (e instanceof ProviderConnectionException) {
      if (message.startsWith("refused by the outbound address policy")) {
        return "address refused by the outbound policy";
      }
      if (message.contains("tls")) {
        return "TLS problem";
      }
      if (message.contains("unknown host")) {
        return "unknown host";
      }
      return "host unreachable";
    }
    if (e instanceof InvalidRequestException && e.statusCode() == 501) {
      return "not supported by this server (llama.cpp serves embeddings only with --embeddings)";
    }
    if (e instanceof InvalidRequestException && e.statusCode() == 404) {
      return "endpoint not found: check the base URL (it usually ends in /v1)";
    }
    return e.isRetriable() ? "the server failed" : "the server refused the request";
  }
}
