package io.cmsai.provider;

import java.util.List;

/**
 * Vectors for the inputs of an {@link EmbeddingRequest}, in input order.
 *
 * @param model the model that produced them
 * @param vectors one vector per input; the arrays are owned by the caller
 * @param usage token counts (prompt tokens only)
 * @param metrics latency of the whole request (all batches)
 */
public record EmbeddingResponse(
    String model, List<float[]> vectors, Usage usage, CallMetrics metrics) {

  public EmbeddingResponse {
    vectors = List.copyOf(vectors);
  }

  /** The length of the vectors (0 when there are none). */
  public int dimension() {
    return vectors.isEmpty() ? 0 : vectors.get(0).length;
  }
}
