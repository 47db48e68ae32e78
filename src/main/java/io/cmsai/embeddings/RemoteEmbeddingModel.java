package io.cmsai.embeddings;

import io.cmsai.embeddings.internal.Texts;
import io.cmsai.provider.BadResponseException;
import io.cmsai.provider.EmbeddingRequest;
import io.cmsai.provider.EmbeddingService;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * A model served by the provider (llm-d, vLLM, OpenAI...), called through the {@link
 * EmbeddingService}, which splits large lists into batches ({@code cms.ai.provider.embedding-batch-
 * size}) sent concurrently, and retries and times out as configured. Its dimension comes from
 * {@link EmbeddingDimensions}. Vectors of another length than {@link EmbeddingModels} lists for the
 * model (and the requested {@code dimensions}) fail with a {@link BadResponseException}, since they
 * could not share an index with the others. Immutable and thread-safe.
 */
public final class RemoteEmbeddingModel implements EmbeddingModel {

  private final String id;
  private final Integer requestedDimensions;
  private final EmbeddingService service;
  private final EmbeddingDimensions dimensions;

  /**
   * @param id the model id as the server knows it
   * @param requestedDimensions the {@code dimensions} to ask for (models that accept it), or {@code
   *     null} for the native length
   */
  public RemoteEmbeddingModel(
      String id,
      Integer requestedDimensions,
      EmbeddingService service,
      EmbeddingDimensions dimensions) {
    if (id == null || id.isBlank()) {
      throw new IllegalArgumentException("the embedding model id is required");
    }
    if (requestedDimensions != null && requestedDimensions < 1) {
      throw new IllegalArgumentException("dimensions must be at least 1");
    }
    this.id = id.strip();
    this.requestedDimensions = requestedDimensions;
    this.service = service;
    this.dimensions = dimensions;
  }

  @Override
  public String id() {
    return id;
  }

  /** The {@code dimensions} asked of the server, or {@code null} for the model's native length. */
  public Integer requestedDimensions() {
    return requestedDimensions;
  }

  /**
   * {@inheritDoc}
   *
   * @throws IllegalArgumentException when the model is a listed one that cannot produce the
   *     requested dimensions
   */
  @Override
  public Dimension dimensionStatus() {
    return dimensions.dimension(id, requestedDimensions);
  }

  @Override
  public List<float[]> embed(List<String> texts) {
    List<String> checked = Texts.checked(texts);
    if (checked.isEmpty()) {
      return List.of();
    }
    List<float[]> vectors =
        service
            .embed(new EmbeddingRequest(id, checked, null, requestedDimensions, Map.of()))
            .vectors();
    OptionalInt registered = registeredDimension();
    int actual = vectors.get(0).length;
    if (registered.isPresent() && registered.getAsInt() != actual) {
      throw BadResponseException.dimensionMismatch(
          registered.getAsInt(), actual, "the registered dimension of " + id);
    }
    return vectors;
  }

  /** The length {@link EmbeddingModels} lists for this model and request, if it lists one. */
  private OptionalInt registeredDimension() {
    Optional<EmbeddingModels.Known> known = EmbeddingModels.find(id);
    if (known.isEmpty()) {
      return OptionalInt.empty();
    }
    int dimension = known.get().dimension();
    if (requestedDimensions == null || requestedDimensions == dimension) {
      return OptionalInt.of(dimension);
    }
    return known.get().reducible() && requestedDimensions < dimension
        ? OptionalInt.of(requestedDimensions)
        : OptionalInt.empty();
  }

  /**
   * {@code false}: many servers return unit-length vectors, but nothing guarantees it; compare with
   * cosine similarity.
   */
  @Override
  public boolean normalized() {
    return false;
  }

  /**
   * The listed model's limit ({@link EmbeddingModels.Known#maxInputTokens()}), else {@value
   * EmbeddingModels#DEFAULT_MAX_INPUT_TOKENS}. The server may be configured for less (vLLM's {@code
   * --max-model-len}, Ollama's {@code num_ctx}).
   */
  @Override
  public int maxInputTokens() {
    return EmbeddingModels.find(id)
        .map(EmbeddingModels.Known::maxInputTokens)
        .orElse(EmbeddingModels.DEFAULT_MAX_INPUT_TOKENS);
  }

  /**
   * Exact for OpenAI's models ({@link TokenCounters#openAi(String)}), otherwise the conservative
   * {@link TokenCounters#estimate()}.
   */
  @Override
  public TokenCounter tokenCounter() {
    return TokenCounters.isOpenAi(id) ? TokenCounters.openAi(id) : TokenCounters.estimate();
  }

  @Override
  public String toString() {
    return "RemoteEmbeddingModel["
        + id
        + (requestedDimensions == null ? "" : ", dimensions " + requestedDimensions)
        + "]";
  }
}
