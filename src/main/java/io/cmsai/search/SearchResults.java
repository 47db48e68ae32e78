package io.cmsai.search;

import java.util.List;

/**
 * What a search found.
 *
 * @param query the text searched for (cut when it was too long)
 * @param mode the mode used ({@link SearchMode#AUTO} resolved)
 * @param hits items, best first, one per item
 * @param tookMillis time spent
 * @param notes remarks for the user, e.g. that the query was shortened, the index is being built,
 *     or one side of a hybrid search found nothing
 * @param denseMatches how many of the chunks the store returned (before grouping them into items)
 *     the vector (dense) ranking found; 0 in keyword mode
 * @param keywordMatches how many of them the full-text (keyword) ranking found; 0 in dense mode. In
 *     hybrid mode a 0 on one side means that side found nothing and the hits come from the other
 *     alone (e.g. no word of the query occurs in the indexed text)
 */
public record SearchResults(
    String query,
    SearchMode mode,
    List<SearchHit> hits,
    long tookMillis,
    List<String> notes,
    int denseMatches,
    int keywordMatches) {

  public SearchResults {
    hits = List.copyOf(hits);
    notes = List.copyOf(notes);
  }
}
