package io.cmsai.vectorstore;

/** The store cannot be reached or refused the connection (credentials, network, server down). */
public class StoreUnavailableException extends VectorStoreException {

  private static final long serialVersionUID = 1L;

  public StoreUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}
