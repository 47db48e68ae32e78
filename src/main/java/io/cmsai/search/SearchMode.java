package io.cmsai.search;

import jakarta.json.bind.adapter.JsonbAdapter;
import jakarta.json.bind.annotation.JsonbTypeAdapter;
import java.util.Locale;

/** How results are retrieved. In JSON a mode is its {@link #id()}, as in the search API. */
@JsonbTypeAdapter(SearchMode.Json.class)
public enum SearchMode {
  /** Hybrid where the store supports full-text search, dense otherwise. */
  AUTO,
  /** By vector similarity of the query's embedding. */
  DENSE,
  /** By full-text relevance of the query's words (no embedding). */
  KEYWORD,
  /** Both, fused by reciprocal rank. */
  HYBRID;

  /**
   * The mode named {@code text} ({@code auto} when blank).
   *
   * @throws IllegalArgumentException naming the valid modes
   */
  public static SearchMode parse(String text) {
    if (text == null || text.isBlank()) {
      return AUTO;
    }
    try {
      return valueOf(text.strip().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "unknown search mode '" + text + "': use auto, dense, keyword or hybrid", e);
    }
  }

  /** The lower-case name. */
  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** JSON-B: a mode as its id. */
  public static final class Json implements JsonbAdapter<SearchMode, String> {
    @Override
    public String adaptToJson(SearchMode mode) {
      return mode.id();
    }

    @Override
    public SearchMode adaptFromJson(String id) {
      return parse(id);
    }
  }
}
