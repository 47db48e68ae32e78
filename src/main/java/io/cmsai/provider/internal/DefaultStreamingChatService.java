package io.cmsai.provider.internal;

import io.cmsai.provider.AiProviderException;
import io.cmsai.provider.ChatRequest;
import io.cmsai.provider.ChatResponse;
import io.cmsai.provider.Operation;
import io.cmsai.provider.StreamDelta;
import io.cmsai.provider.StreamHandle;
import io.cmsai.provider.StreamListener;
import io.cmsai.provider.StreamingChatService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/** {@link StreamingChatService} over the current connection. Thread-safe. */
@ApplicationScoped
public class DefaultStreamingChatService implements StreamingChatService {

  private final ProviderRuntime runtime;
  private final DefaultModelCatalog catalog;

  /** For CDI proxies only. */
  protected DefaultStreamingChatService() {
    this.runtime = null;
    this.catalog = null;
  }

  @Inject
  public DefaultStreamingChatService(ProviderRuntime runtime, DefaultModelCatalog catalog) {
    this.runtime = runtime;
    this.catalog = catalog;
  }

  @Override
  public StreamHandle stream(ChatRequest request, StreamListener listener) {
    String model = catalog.chatModel(request.model());
    runtime.beforeCall(Operation.CHAT_STREAM, model, request);
    return runtime.client().stream(request, model, new Observed(listener, model));
  }

  /** Fires {@link io.cmsai.provider.AiCallCompleted} before the listener's terminal call. */
  private final class Observed implements StreamListener {
    private final StreamListener delegate;
    private final String model;
    private final long started = System.nanoTime();

    Observed(StreamListener delegate, String model) {
      this.delegate = delegate;
      this.model = model;
    }

    @Override
    public void onDelta(StreamDelta delta) {
      delegate.onDelta(delta);
    }

    @Override
    public void onRawChunk(String json) {
      delegate.onRawChunk(json);
    }

    @Override
    public void onReadEnd() {
      delegate.onReadEnd();
    }

    @Override
    public boolean nonBlocking() {
      return delegate.nonBlocking(); // its own terminal calls run where the delegate's do
    }

    @Override
    public void onComplete(ChatResponse response) {
      runtime.afterCall(
          Operation.CHAT_STREAM, response.model(), response.usage(), response.metrics(), null);
      delegate.onComplete(response);
    }

    @Override
    public void onError(AiProviderException error) {
      runtime.afterFailure(Operation.CHAT_STREAM, model, started, error);
      delegate.onError(error);
    }
  }
}
