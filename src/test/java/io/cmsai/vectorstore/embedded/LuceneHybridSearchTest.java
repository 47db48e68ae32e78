package io.cmsai.vectorstore.embedded;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cmsai.vectorstore.DistanceMetric;
import io.cmsai.vectorstore.IndexSpec;
import io.cmsai.vectorstore.Match;
import io.cmsai.vectorstore.SearchRequest;
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

/** Hybrid search: reciprocal rank fusion of the vector ranking and BM25 over the record text. */
class LuceneHybridSearchTest {

  @TempDir Path dataRoot;

  private LuceneVectorStore store;

  @BeforeEach
  void open() {
    store =
        EmbeddedVectorStoreFactory.openIndex(
            dataRoot,
            new LuceneStoreSettings(
                "hybrid", 4, DistanceMetric.COSINE, IndexSpec.none(), Optional.empty()));
  }

  @AfterEach
  void close() {
    store.close();
  }

  @Test
  void a_keyword_match_comes_first_when_the_vectors_tie() {
    float[] same = {1, 0, 0, 0};
    store.upsert(
        List.of(
            new VectorRecord("a", same, "Opening hours of the town library", Map.of()),
            new VectorRecord("b", same, "Parking near the town hall", Map.of()),
            new VectorRecord("c", same, "Swimming pool prices and opening days", Map.of()),
            new VectorRecord("d", same, "Bus timetable for the summer", Map.of())));

    for (String keyword : List.of("parking", "SWIMMING pool", "timetable!")) {
      List<Match> matches = store.search(SearchRequest.of(same).topK(4).hybrid(keyword).build());

      String expected = keyword.startsWith("park") ? "b" : keyword.startsWith("SWIM") ? "c" : "d";
      assertEquals(expected, matches.get(0).id(), keyword);
      assertEquals(4, matches.size());
      assertTrue(matches.get(0).score() > matches.get(1).score(), keyword);
    }
  }

  @Test
  void fused_scores_are_reciprocal_ranks_and_both_rankings_count() {
    store.upsert(
        List.of(
            new VectorRecord("both", new float[] {1, 0, 0, 0}, "library hours", Map.of()),
            new VectorRecord("near", new float[] {0.9f, 0.1f, 0, 0}, "nothing relevant", Map.of()),
            new VectorRecord(
                "words", new float[] {0, 0, 0, 1}, "library library hours", Map.of())));

    List<Match> matches =
        store.search(SearchRequest.of(new float[] {1, 0, 0, 0}).topK(3).hybrid("library").build());

    // vector ranks: both 1, near 2, words 3; BM25 ranks: words 1 (the term twice), both 2
    assertEquals(List.of("both", "words", "near"), matches.stream().map(Match::id).toList());
    assertEquals(1.0 / 61 + 1.0 / 62, matches.get(0).score(), 1e-12);
    assertEquals(1.0 / 63 + 1.0 / 61, matches.get(1).score(), 1e-12);
    assertEquals(1.0 / 62, matches.get(2).score(), 1e-12);
  }

  @Test
  void a_text_with_too_many_terms_is_refused_with_a_reason() {
    store.upsert(List.of(new VectorRecord("a", new float[] {1, 0, 0, 0}, "library", Map.of())));
    String text = String.join(" ", IntStream.range(0, 1100).mapToObj(i -> "word" + i).toList());

    IllegalArgumentException refused =
        assertThrows(
            IllegalArgumentException.class,
            () -> store.search(SearchRequest.of(new float[] {1, 0, 0, 0}).hybrid(text).build()));

    assertTrue(refused.getMessage().contains("shorten the hybrid text"), refused.getMessage());
  }

  @Test
  void the_filter_restricts_both_rankings_and_min_score_drops_dissimilar_keyword_matches() {
    store.upsert(
        List.of(
            new VectorRecord("x", new float[] {1, 0, 0, 0}, "library", Map.of("site", "x")),
            new VectorRecord("y", new float[] {1, 0, 0, 0}, "library", Map.of("site", "y")),
            new VectorRecord("far", new float[] {-1, 0, 0, 0}, "library", Map.of("site", "x"))));

    List<Match> filtered =
        store.search(
            SearchRequest.of(new float[] {1, 0, 0, 0})
                .hybrid("library")
                .filter(Filter.eq("site", "x"))
                .build());
    List<Match> similar =
        store.search(
            SearchRequest.of(new float[] {1, 0, 0, 0}).hybrid("library").minScore(0.5).build());

    assertEquals(List.of("x", "far"), filtered.stream().map(Match::id).toList());
    assertEquals(
        List.of("x", "y"), similar.stream().map(Match::id).sorted().toList(), "far: cosine -1");
  }
}
