package io.cmsai.provider.internal;

import io.cmsai.provider.BadResponseException;
import io.cmsai.provider.EmbeddingRequest;
import io.cmsai.provider.EmbeddingResponse;
import io.cmsai.provider.EmbeddingService;
import io.cmsai.provider.Operation;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@link EmbeddingService} over the current connection. The dimension of each model is learnt from
 * its first answer without {@code dimensions} (or one probe embedding) and cached per base URL and
 * model; a later answer of another length is a {@link BadResponseException} naming both, since
 * vectors of two lengths cannot share an index. Thread-safe.
 */
@ApplicationScoped
public class DefaultEmbeddingService implements EmbeddingService {

  static final String PROBE_TEXT = "dimension probe";

  private final ProviderRuntime runtime;
  private final DefaultModelCatalog catalog;
  private final Map<String, Integer> dimensions = new ConcurrentHashMap<>();

  /** For CDI proxies only. */
  protected DefaultEmbeddingService() {
    this.runtime = null;
    this.catalog = null;
  }

  @Inject
  public DefaultEmbeddingService(ProviderRuntime runtime, DefaultModelCatalog catalog) {
    this.runtime = runtime;
    this.catalog = catalog;
  }

  @Override
  public EmbeddingResponse embed(EmbeddingRequest request) {
    return Calls.await(embedAsync(request));
  }

  @Override
  public CompletableFuture<EmbeddingResponse> embedAsync(EmbeddingRequest request) {
    String model = catalog.embeddingModel(request.model());
    runtime.beforeCall(Operation.EMBEDDINGS, model, request);
    long started = System.nanoTime();
    CompletableFuture<EmbeddingResponse> call = runtime.client().embed(request, model);
    CompletableFuture<EmbeddingResponse> result = new CompletableFuture<>();
    var unused =
        call.whenComplete(
            (response, error) -> {
              try {
                if (error != null) {
                  throw Calls.failure(error);
                }
                checkDimension(request, model, response);
                runtime.afterCall(
                    Operation.EMBEDDINGS,
                    response.model(),
                    response.usage(),
                    response.metrics(),
                    null);
                result.complete(response);
              } catch (RuntimeException e) {
                runtime.afterFailure(Operation.EMBEDDINGS, model, started, Calls.failure(e));
                result.completeExceptionally(e);
              }
            });
    var unusedCancel =
        result.whenComplete(
            (response, error) -> {
              if (result.isCancelled()) {
                call.cancel(true); // closes the batches' upstream connections
              }
            });
    return result;
  }

  private void checkDimension(EmbeddingRequest request, String model, EmbeddingResponse response) {
    if (request.dimensions() == null) {
      int known = dimensions.computeIfAbsent(key(model), k -> response.dimension());
      if (known != response.dimension()) {
        throw BadResponseException.dimensionMismatch(
            known, response.dimension(), "the known dimension of " + model);
      }
    }
  }

  @Override
  public String model() {
    return catalog.embeddingModel(null);
  }

  @Override
  public int dimension() {
    String model = model();
    Integer known = dimensions.get(key(model));
    if (known != null) {
      return known;
    }
    return embed(new EmbeddingRequest(model, List.of(PROBE_TEXT), null, null, Map.of()))
        .dimension();
  }

  private String key(String model) {
    return runtime.settings().baseUrl() + " " + model;
  }
}
