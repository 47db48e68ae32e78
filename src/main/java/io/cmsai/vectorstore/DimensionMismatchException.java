package io.cmsai.vectorstore;

/** A vector's length differs from the store's dimension; raised before anything is written. */
public class DimensionMismatchException extends VectorStoreException {

  private static final long serialVersionUID = 1L;

  private final int expected;
  private final int actual;

  public DimensionMismatchException(String where, int expected, int actual, String what) {
    super(
        what
            + " has "
            + actual
            + " dimensions but "
            + where
            + " holds "
            + expected
            + "-dimension vectors: the embedding model changed or does not match this store;"
            + " re-index into a new table/collection or use the model it was built with");
    this.expected = expected;
    this.actual = actual;
  }

  /** The store's dimension. */
  public int expected() {
    return expected;
  }

  /** The offending vector's length. */
  public int actual() {
    return actual;
  }
}
