package io.cmsai.vectorstore;

/** A vector store operation failed; the message says why in words fit for an administrator. */
public class VectorStoreException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  public VectorStoreException(String message) {
    super(message);
  }

  public VectorStoreException(String message, Throwable cause) {
    super(message, cause);
  }
}
