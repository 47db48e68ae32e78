package io.cmsai.indexing;

/** A re-index was asked for while one is running. */
public class IndexBusyException extends IllegalStateException {

  private static final long serialVersionUID = 1L;

  public IndexBusyException(String message) {
    super(message);
  }
}
