package io.cmsai.embeddings;

/**
 * The dimension of an embedding model was needed but is not known yet: the model server could not
 * be asked. Asking again later (no sooner than {@link EmbeddingDimensions#RETRY_INTERVAL}) probes
 * again.
 */
public class DimensionPendingException extends IllegalStateException {

  private static final long serialVersionUID = 1L;

  public DimensionPendingException(String reason) {
    super(reason);
  }
}
