package io.cmsai.provider.internal;

import io.cmsai.provider.InvalidRequestException;
import io.cmsai.provider.ModelCatalog;
import io.cmsai.provider.ModelInfo;
import io.cmsai.provider.ProviderSettings;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;

/**
 * The model list of the current connection, cached for {@code modelCacheTtl}; a settings change
 * (another base URL or key) invalidates the cache. Thread-safe.
 */
@ApplicationScoped
public class DefaultModelCatalog implements ModelCatalog {

  private record Cached(ProviderSettings settings, List<ModelInfo> models, long fetchedAt) {}

  private final ProviderRuntime runtime;
  private volatile Cached cached;

  /** For CDI proxies only. */
  protected DefaultModelCatalog() {
    this.runtime = null;
  }

  @Inject
  public DefaultModelCatalog(ProviderRuntime runtime) {
    this.runtime = runtime;
  }

  @Override
  public List<ModelInfo> models() {
    ProviderSettings settings = runtime.settings();
    Cached current = cached;
    if (current != null
        && current.settings().equals(settings)
        && System.nanoTime() - current.fetchedAt() < settings.modelCacheTtl().toNanos()) {
      return current.models();
    }
    return fetch(settings);
  }

  @Override
  public List<ModelInfo> refresh() {
    return fetch(runtime.settings());
  }

  /** The model to use: the requested one, else the configured default, else the first listed. */
  public String chatModel(String requested) {
    if (requested != null) {
      return requested;
    }
    String configured = runtime.settings().chatModel();
    return configured.isEmpty() ? firstListed() : configured;
  }

  /** The embedding model: requested, else configured, else the chat model. */
  public String embeddingModel(String requested) {
    if (requested != null) {
      return requested;
    }
    String configured = runtime.settings().embeddingModel();
    return configured.isEmpty() ? chatModel(null) : configured;
  }

  private String firstListed() {
    List<ModelInfo> models = models();
    if (models.isEmpty()) {
      throw new InvalidRequestException(
          "no model given, no default model configured (cms.ai.provider.chat-model), and the"
              + " server lists no models",
          0,
          "no_model",
          "model");
    }
    return models.get(0).id();
  }

  private List<ModelInfo> fetch(ProviderSettings settings) {
    List<ModelInfo> models = List.copyOf(Calls.await(runtime.client(settings).models()));
    cached = new Cached(settings, models, System.nanoTime());
    return models;
  }
}
