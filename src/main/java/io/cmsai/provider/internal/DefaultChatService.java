package io.cmsai.provider.internal;

import io.cmsai.provider.ChatRequest;
import io.cmsai.provider.ChatResponse;
import io.cmsai.provider.ChatService;
import io.cmsai.provider.Operation;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/** {@link ChatService} over the current connection. Thread-safe. */
@ApplicationScoped
public class DefaultChatService implements ChatService {

  private final ProviderRuntime runtime;
  private final DefaultModelCatalog catalog;

  /** For CDI proxies only. */
  protected DefaultChatService() {
    this.runtime = null;
    this.catalog = null;
  }

  @Inject
  public DefaultChatService(ProviderRuntime runtime, DefaultModelCatalog catalog) {
    this.runtime = runtime;
    this.catalog = catalog;
  }

  @Override
  public ChatResponse chat(ChatRequest request) {
    return Calls.await(chatAsync(request));
  }

  @Override
  public CompletionStage<ChatResponse> chatAsync(ChatRequest request) {
    String model = catalog.chatModel(request.model());
    runtime.beforeCall(Operation.CHAT, model, request);
    long started = System.nanoTime();
    CompletableFuture<ChatResponse> call = runtime.client().chat(request, model);
    var unused =
        call.whenComplete(
            (response, error) -> {
              if (error != null) {
                runtime.afterFailure(Operation.CHAT, model, started, Calls.failure(error));
              } else {
                runtime.afterCall(
                    Operation.CHAT, response.model(), response.usage(), response.metrics(), null);
              }
            });
    return call; // cancelling it cancels the upstream request
  }
}
