package io.cmsai.embeddings;

import java.util.Objects;

/**
 * The vector length of an embedding model, or why it is not known yet. Immutable.
 *
 * <p>A {@link Pending} dimension is not an error: the model server could not be asked (it is down,
 * or still loading) and a later lookup asks again.
 */
public sealed interface Dimension permits Dimension.Known, Dimension.Pending {

  /** Where a known dimension comes from. */
  enum Source {
    /** The built-in table of {@link EmbeddingModels}. */
    REGISTRY("registry"),
    /** A real embedding call to the model server (possibly an earlier one, persisted). */
    PROBE("probe"),
    /** The in-process model. */
    LOCAL_MODEL("local model");

    private final String label;

    Source(String label) {
      this.label = label;
    }

    /** The source in words: {@code registry}, {@code probe} or {@code local model}. */
    public String label() {
      return label;
    }
  }

  /** A known dimension. */
  static Known known(int value, Source source) {
    return new Known(value, source);
  }

  /** A dimension that is not known yet, and why (fit to show an administrator). */
  static Pending pending(String reason) {
    return new Pending(reason);
  }

  /** Whether the dimension is known. */
  boolean isKnown();

  /**
   * The dimension.
   *
   * @throws DimensionPendingException when it is not known yet; its message says why
   */
  int value();

  /**
   * A known dimension.
   *
   * @param value the vector length, at least 1
   * @param source where it comes from
   */
  record Known(int value, Source source) implements Dimension {

    public Known {
      if (value < 1) {
        throw new IllegalArgumentException("a dimension is at least 1, got " + value);
      }
      Objects.requireNonNull(source, "source");
    }

    @Override
    public boolean isKnown() {
      return true;
    }

    @Override
    public String toString() {
      return value + " (" + source.label() + ")";
    }
  }

  /**
   * A dimension that is not known yet.
   *
   * @param reason why, in words
   */
  record Pending(String reason) implements Dimension {

    public Pending {
      Objects.requireNonNull(reason, "reason");
    }

    @Override
    public boolean isKnown() {
      return false;
    }

    @Override
    public int value() {
      throw new DimensionPendingException(reason);
    }

    @Override
    public String toString() {
      return "pending: " + reason;
    }
  }
}
