package io.cmsai.indexing;

import java.util.Locale;

/**
 * How far the search index reflects the content sources for the current embedding model and store.
 * The admin console shows {@link #label()}, which is the constant's name in lower case (the form in
 * which the module's JSON writes enums too).
 */
public enum IndexFreshness {
  /** Every published item of the active sources is indexed for the current model and store. */
  FRESH,
  /** Nothing is indexed and no re-index runs. */
  EMPTY,
  /** The store holds vectors of another model, dimension or metric: a rebuild re-embeds all. */
  STALE,
  /** A re-index runs, or the last one did not complete, or the store settings changed since. */
  INCOMPLETE,
  /** The vector store cannot be reached or the model's dimension is not known yet. */
  UNAVAILABLE;

  /** The name shown in the console and written in JSON, e.g. {@code fresh}. */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }
}
