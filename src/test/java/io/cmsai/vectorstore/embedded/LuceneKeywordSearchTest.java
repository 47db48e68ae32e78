package io.cmsai.vectorstore.embedded;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cmsai.vectorstore.DistanceMetric;
import io.cmsai.vectorstore.IndexSpec;
import io.cmsai.vectorstore.Match;
import io.cmsai.vectorstore.StoreUnavailableException;
import io.cmsai.vectorstore.VectorRecord;
import io.cmsai.vectorstore.filter.Filter;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code searchText}: BM25 over the records' text alone, no vector involved. */
class LuceneKeywordSearchTest {

  @TempDir Path dataRoot;

  private LuceneVectorStore store;

  @BeforeEach
  void open() {
    store =
        EmbeddedVectorStoreFactory.openIndex(
            dataRoot,
            new LuceneStoreSettings(
                "keywords", 4, DistanceMetric.COSINE, IndexSpec.none(), Optional.empty()));
    store.upsert(
        List.of(
            record("hours", new float[] {1, 0, 0, 0}, "Opening hours of the town library", "x"),
            record("parking", new float[] {0, 1, 0, 0}, "Parking near the town hall", "y"),
            record("twice", new float[] {0, 0, 1, 0}, "library library hours", "y"),
            record("bus", new float[] {0, 0, 0, 1}, "Bus timetable for the summer", "x"),
            new VectorRecord("bare", new float[] {1, 1, 0, 0})));
  }

  @AfterEach
  void close() {
    store.close();
  }

  private static VectorRecord record(String id, float[] vector, String text, String site) {
    return new VectorRecord(id, vector, text, Map.of("site", site));
  }

  private List<String> ids(String text, int topK, Filter filter) {
    return store.searchText(text, topK, filter).stream().map(Match::id).toList();
  }

  @Test
  void the_records_containing_the_word_come_back_best_first_with_their_text() {
    List<Match> matches = store.searchText("library", 10, Filter.all());

    assertEquals(List.of("twice", "hours"), matches.stream().map(Match::id).toList());
    assertTrue(matches.get(0).score() > matches.get(1).score(), "the term twice ranks first");
    assertTrue(matches.get(1).score() > 0);
    assertEquals("Opening hours of the town library", matches.get(1).text());
    assertEquals(Map.of("site", "x"), matches.get(1).metadata());
  }

  @Test
  void any_of_several_words_matches_and_a_record_with_more_of_them_ranks_higher() {
    assertEquals(
        List.of("hours", "parking"),
        ids("town hall hours opening", 10, Filter.all()).subList(0, 2));
    assertEquals(
        List.of("bus", "hours", "parking", "twice"),
        ids("timetable town hours", 10, Filter.all()).stream().sorted().toList());
  }

  @Test
  void words_match_whatever_their_case_and_the_punctuation_around_them() {
    assertEquals(List.of("parking"), ids("PARKING?!", 10, Filter.all()));
    assertEquals(List.of("bus"), ids("\"Timetable\",", 10, Filter.all()));
  }

  @Test
  void the_query_vector_plays_no_part() {
    // "bus" has the vector furthest from every other record; only the words decide
    assertEquals(List.of("bus"), ids("summer", 10, Filter.all()));
  }

  @Test
  void a_metadata_filter_restricts_the_matches() {
    assertEquals(List.of("hours"), ids("library", 10, Filter.eq("site", "x")));
    assertEquals(List.of("twice"), ids("library", 10, Filter.eq("site", "y")));
    assertEquals(List.of(), ids("library", 10, Filter.eq("site", "z")));
    assertEquals(
        List.of("twice"),
        ids("library", 10, Filter.and(Filter.eq("site", "y"), Filter.not(Filter.eq("site", "x")))));
  }

  @Test
  void at_most_top_k_matches_are_returned_the_best_ones() {
    store.upsert(
        IntStream.range(0, 20)
            .mapToObj(
                i ->
                    record(
                        "news" + i, new float[] {1, 0, 0, 0}, "news " + "filler ".repeat(i), "x"))
            .toList());

    assertEquals(List.of("news0", "news1", "news2"), ids("news", 3, Filter.all()));
    assertEquals(20, ids("news", 1000, Filter.all()).size());
    assertEquals(1, ids("news", 1, Filter.all()).size());
  }

  @ParameterizedTest
  @ValueSource(strings = {"zebra", "", "   ", "?!.,", "libraries"})
  void no_match_gives_an_empty_result(String text) {
    assertEquals(List.of(), store.searchText(text, 10, Filter.all()));
  }

  @Test
  void a_replaced_or_deleted_record_is_found_by_its_current_text_only() {
    store.upsert(List.of(record("hours", new float[] {1, 0, 0, 0}, "Swimming pool", "x")));
    store.delete(List.of("twice"));

    assertEquals(List.of(), ids("library", 10, Filter.all()));
    assertEquals(List.of("hours"), ids("swimming", 10, Filter.all()));
  }

  @Test
  void top_k_outside_1_to_1000_is_refused() {
    IllegalArgumentException zero =
        assertThrows(
            IllegalArgumentException.class, () -> store.searchText("library", 0, Filter.all()));
    assertThrows(
        IllegalArgumentException.class, () -> store.searchText("library", 1001, Filter.all()));

    assertEquals("topK must be 1..1000, got 0", zero.getMessage());
  }

  @Test
  void a_text_with_too_many_words_is_refused_not_failed() {
    String text = String.join(" ", IntStream.range(0, 1100).mapToObj(i -> "word" + i).toList());

    assertThrows(IllegalArgumentException.class, () -> store.searchText(text, 10, Filter.all()));
  }

  @Test
  void a_closed_store_is_unavailable() {
    store.close();

    assertThrows(
        StoreUnavailableException.class, () -> store.searchText("library", 10, Filter.all()));
  }
}
