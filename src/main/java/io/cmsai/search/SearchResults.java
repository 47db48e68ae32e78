package io.cmsai.search;

import java.util.List;

/**
 * What a search found.
 *
 * @param query the text searched for (cut when it was too long)
 * @param mode the mode used ({@link SearchMode#AUTO} resolved)
 * @param hits items, best first, one per item
 * @param tookMillis time spent
 * @param notes remarks for the user, e.g. that the query was shortened or the index is being built
 */
public record SearchResults(
    String query, SearchMode mode, List<SearchHit> hits, long tookMillis, List<String> notes) {

  public SearchResults {
    hits = List.copyOf(hits);
    notes = List.copyOf(notes);
  }
}
