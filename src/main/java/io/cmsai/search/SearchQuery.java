package io.cmsai.search;

import io.cmsai.content.ContentItem;
import java.util.Optional;
import java.util.Set;

/**
 * A search.
 *
 * @param text what the visitor typed: not blank; cut to {@value #MAX_CHARS} characters
 * @param limit how many items at most, 1 to {@value #MAX_LIMIT}
 * @param mode how to retrieve
 * @param language only items in this language (primary subtag of a BCP 47 tag, e.g. {@code en})
 * @param tags only items with at least one of these tags
 * @param types only items of one of these content types
 */
public record SearchQuery(
    String text,
    int limit,
    SearchMode mode,
    Optional<String> language,
    Set<String> tags,
    Set<String> types) {

  /** The longest query text kept; longer text is cut (and the results say so). */
  public static final int MAX_CHARS = 1000;

  /** The most results. */
  public static final int MAX_LIMIT = 50;

  public SearchQuery {
    if (text == null || text.isBlank()) {
      throw new IllegalArgumentException("the query is empty: type a few words to search for");
    }
    text = text.strip();
    if (limit < 1 || limit > MAX_LIMIT) {
      throw new IllegalArgumentException("the number of results must be 1.." + MAX_LIMIT);
    }
    mode = mode == null ? SearchMode.AUTO : mode;
    language =
        language.filter(l -> !l.isBlank()).map(l -> ContentItem.normaliseLanguage("the query", l));
    tags = tags == null ? Set.of() : Set.copyOf(tags);
    types = types == null ? Set.of() : Set.copyOf(types);
  }

  /** A query for {@code text}: 10 results, auto mode, no filters. */
  public static SearchQuery of(String text) {
    return new SearchQuery(text, 10, SearchMode.AUTO, Optional.empty(), Set.of(), Set.of());
  }

  /** This query with another mode. */
  public SearchQuery withMode(SearchMode other) {
    return new SearchQuery(text, limit, other, language, tags, types);
  }

  /** This query with another limit. */
  public SearchQuery withLimit(int other) {
    return new SearchQuery(text, other, mode, language, tags, types);
  }

  /** Whether the text is longer than {@value #MAX_CHARS} characters (it is cut). */
  public boolean cut() {
    return text.length() > MAX_CHARS;
  }

  /** The text searched for (cut before a character that would be split in half). */
  public String searchedText() {
    if (!cut()) {
      return text;
    }
    boolean splitsPair = Character.isLowSurrogate(text.charAt(MAX_CHARS));
    return text.substring(0, splitsPair ? MAX_CHARS - 1 : MAX_CHARS);
  }
}
