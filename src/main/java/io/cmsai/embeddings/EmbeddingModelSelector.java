package io.cmsai.embeddings;

import io.cmsai.provider.EmbeddingService;
import io.cmsai.provider.ProviderConfiguration;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Optional;
import java.util.function.Supplier;
import org.eclipse.microprofile.config.Config;

/**
 * Picks the embedding model in use. The rule:
 *
 * <ul>
 *   <li>when {@code cms.ai.provider.embedding-model} is set (saved by an administrator or
 *       configured; see {@link ProviderConfiguration}), that model on the provider's server: a
 *       {@link RemoteEmbeddingModel}, asked for {@code cms.ai.embeddings.dimensions} dimensions
 *       when that MicroProfile Config key is set (Matryoshka models only);
 *   <li>otherwise the in-process {@link LocalEmbeddingModel} (all-MiniLM-L6-v2), which needs no
 *       server. The chat model is never used for embeddings implicitly.
 * </ul>
 *
 * The rule is applied on every {@link #current()} call, so a changed setting applies to the next
 * call (within a second). Callers that embed many texts for one index take one model and keep it
 * for the whole run, so the vectors of one index never mix models. Thread-safe.
 */
@ApplicationScoped
public class EmbeddingModelSelector {

  /** MicroProfile Config key: the {@code dimensions} asked of a remote model (optional). */
  public static final String DIMENSIONS_KEY = "cms.ai.embeddings.dimensions";

  private final ProviderConfiguration configuration;
  private final Supplier<Integer> requestedDimensions;
  private final LocalEmbeddingModel local;
  private final EmbeddingService service;
  private final EmbeddingDimensions dimensions;

  /** For CDI proxies only. */
  protected EmbeddingModelSelector() {
    this.configuration = null;
    this.requestedDimensions = null;
    this.local = null;
    this.service = null;
    this.dimensions = null;
  }

  @Inject
  public EmbeddingModelSelector(
      ProviderConfiguration configuration,
      Config config,
      LocalEmbeddingModel local,
      EmbeddingService service,
      EmbeddingDimensions dimensions) {
    this(
        configuration,
        () -> EmbeddingSettings.DIMENSIONS.find(config).orElse(null),
        local,
        service,
        dimensions);
  }

  /**
   * @param requestedDimensions the {@code dimensions} to ask of a remote model, or {@code null}
   */
  public EmbeddingModelSelector(
      ProviderConfiguration configuration,
      Supplier<Integer> requestedDimensions,
      LocalEmbeddingModel local,
      EmbeddingService service,
      EmbeddingDimensions dimensions) {
    this.configuration = configuration;
    this.requestedDimensions = requestedDimensions;
    this.local = local;
    this.service = service;
    this.dimensions = dimensions;
  }

  /** The model in use now (see the class comment for the rule). */
  public EmbeddingModel current() {
    return remoteModel()
        .<EmbeddingModel>map(
            id -> new RemoteEmbeddingModel(id, requestedDimensions.get(), service, dimensions))
        .orElse(local);
  }

  /** The configured remote embedding model id, if one is configured. */
  public Optional<String> remoteModel() {
    String id = configuration.current().embeddingModel();
    return id.isEmpty() ? Optional.empty() : Optional.of(id);
  }
}
