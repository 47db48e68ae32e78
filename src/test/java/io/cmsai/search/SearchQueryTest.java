package io.cmsai.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

class SearchQueryTest {

  private static SearchQuery query(String text, int limit) {
    return new SearchQuery(text, limit, SearchMode.AUTO, Optional.empty(), Set.of(), Set.of());
  }

  @ParameterizedTest
  @NullSource
  @ValueSource(strings = {"", "   ", "\n\t"})
  void a_blank_text_is_refused(String text) {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> query(text, 10));

    assertEquals("the query is empty: type a few words to search for", e.getMessage());
  }

  @Test
  void the_text_is_stripped() {
    assertEquals("opening hours", query("  opening hours \n", 10).text());
  }

  @ParameterizedTest
  @ValueSource(ints = {0, -1, SearchQuery.MAX_LIMIT + 1, Integer.MAX_VALUE})
  void a_limit_outside_1_to_max_is_refused(int limit) {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> query("library", limit));

    assertEquals("the number of results must be 1..50", e.getMessage());
  }

  @Test
  void the_limits_1_and_max_are_accepted() {
    assertEquals(1, query("library", 1).limit());
    assertEquals(SearchQuery.MAX_LIMIT, query("library", SearchQuery.MAX_LIMIT).limit());
  }

  @Test
  void of_makes_an_auto_query_for_10_results_without_filters() {
    SearchQuery query = SearchQuery.of("library");

    assertEquals(
        new SearchQuery("library", 10, SearchMode.AUTO, Optional.empty(), Set.of(), Set.of()),
        query);
  }

  @Test
  void missing_mode_and_sets_get_defaults() {
    SearchQuery query = new SearchQuery("library", 5, null, Optional.empty(), null, null);

    assertEquals(SearchMode.AUTO, query.mode());
    assertEquals(Set.of(), query.tags());
    assertEquals(Set.of(), query.types());
  }

  @Test
  void tags_and_types_are_copied_and_unmodifiable() {
    Set<String> tags = new HashSet<>(Set.of("news"));
    SearchQuery query =
        new SearchQuery("library", 5, SearchMode.DENSE, Optional.empty(), tags, Set.of("page"));
    tags.add("events");

    assertEquals(Set.of("news"), query.tags());
    assertThrows(UnsupportedOperationException.class, () -> query.types().add("article"));
  }

  @Test
  void the_language_is_normalised_and_a_blank_one_means_none() {
    assertEquals(Optional.of("en-GB"), withLanguage(" EN-gb ").language());
    assertEquals(Optional.of("de"), withLanguage("de").language());
    assertEquals(Optional.empty(), withLanguage("  ").language());
    assertEquals(Optional.empty(), withLanguage(null).language());
  }

  @Test
  void an_invalid_language_is_refused_naming_the_query() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> withLanguage("xx_!!"));

    assertEquals(
        "language of the query is not a BCP 47 tag such as en or pt-BR: 'xx_!!'", e.getMessage());
  }

  private static SearchQuery withLanguage(String language) {
    return new SearchQuery(
        "library", 10, SearchMode.AUTO, Optional.ofNullable(language), Set.of(), Set.of());
  }

  @Test
  void with_mode_and_with_limit_change_only_that_component() {
    SearchQuery query =
        new SearchQuery(
            "library", 7, SearchMode.DENSE, Optional.of("en"), Set.of("news"), Set.of("page"));

    assertEquals(
        new SearchQuery(
            "library", 7, SearchMode.KEYWORD, Optional.of("en"), Set.of("news"), Set.of("page")),
        query.withMode(SearchMode.KEYWORD));
    assertEquals(
        new SearchQuery(
            "library", 3, SearchMode.DENSE, Optional.of("en"), Set.of("news"), Set.of("page")),
        query.withLimit(3));
    assertEquals(SearchMode.AUTO, query.withMode(null).mode());
  }

  @Test
  void with_limit_checks_the_new_limit() {
    SearchQuery query = SearchQuery.of("library");

    assertThrows(IllegalArgumentException.class, () -> query.withLimit(0));
    assertThrows(IllegalArgumentException.class, () -> query.withLimit(SearchQuery.MAX_LIMIT + 1));
  }

  @Test
  void a_text_of_max_chars_is_searched_whole() {
    String text = "a".repeat(SearchQuery.MAX_CHARS);
    SearchQuery query = SearchQuery.of("  " + text + "  ");

    assertFalse(query.cut());
    assertEquals(text, query.searchedText());
  }

  @Test
  void a_longer_text_is_kept_but_searched_cut_to_max_chars() {
    String text = "b".repeat(SearchQuery.MAX_CHARS) + " and more";
    SearchQuery query = SearchQuery.of(text);

    assertTrue(query.cut());
    assertEquals(text, query.text());
    assertEquals("b".repeat(SearchQuery.MAX_CHARS), query.searchedText());
  }

  @Test
  void the_cut_never_splits_a_character_outside_the_basic_plane() {
    String text = "a".repeat(SearchQuery.MAX_CHARS - 1) + "😀 and more";
    SearchQuery query = SearchQuery.of(text);

    assertTrue(query.cut());
    assertEquals("a".repeat(SearchQuery.MAX_CHARS - 1), query.searchedText());
    assertEquals(
        "a".repeat(SearchQuery.MAX_CHARS - 2) + "😀",
        SearchQuery.of("a".repeat(SearchQuery.MAX_CHARS - 2) + "😀 and more").searchedText());
  }
}
