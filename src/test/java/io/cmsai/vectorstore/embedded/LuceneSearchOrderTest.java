package io.cmsai.vectorstore.embedded;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cmsai.vectorstore.DistanceMetric;
import io.cmsai.vectorstore.IndexSpec;
import io.cmsai.vectorstore.Match;
import io.cmsai.vectorstore.SearchRequest;
import io.cmsai.vectorstore.VectorRecord;
import io.cmsai.vectorstore.filter.Filter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The order of equal scores and which ranking found each match. */
class LuceneSearchOrderTest {

  @TempDir Path dataRoot;

  @Test
  void equal_scores_are_ordered_by_id_whatever_top_k() {
    for (IndexSpec index : List.of(IndexSpec.none(), IndexSpec.hnsw())) {
      try (LuceneVectorStore store = open(index)) {
        float[] same = {1, 2, 3, 4};
        List<VectorRecord> records = new ArrayList<>();
        for (String id : List.of("m", "c", "x", "a", "q", "h", "b", "z", "k", "d")) {
          records.add(new VectorRecord(id, same, "same " + id, Map.of()));
        }
        store.upsert(records);

        List<String> top3 = ids(store.search(SearchRequest.of(same).topK(3).build()));
        List<String> top8 = ids(store.search(SearchRequest.of(same).topK(8).build()));

        assertEquals(List.of("a", "b", "c"), top3, index.toString());
        assertEquals(top3, top8.subList(0, 3), index.toString());
      }
    }
  }

  @Test
  void each_match_says_which_ranking_found_it() {
    try (LuceneVectorStore store = open(IndexSpec.none())) {
      store.upsert(
          List.of(
              new VectorRecord("a", new float[] {1, 0, 0, 0}, "The cat sat on the mat", Map.of()),
              new VectorRecord("b", new float[] {0, 1, 0, 0}, "Dogs bark at night", Map.of())));
      float[] query = {1, 0, 0, 0};

      List<Match> hybrid = store.search(SearchRequest.of(query).topK(2).hybrid("dogs").build());
      List<Match> dense = store.search(SearchRequest.of(query).topK(2).build());
      List<Match> keyword = store.searchText("cat", 2, Filter.all());
      List<Match> nothing =
          store.search(SearchRequest.of(query).topK(2).hybrid("zebra xylophone").build());

      assertEquals(Match.Found.BOTH, found(hybrid, "b"));
      assertEquals(Match.Found.VECTOR, found(hybrid, "a"));
      assertTrue(dense.stream().allMatch(m -> m.found() == Match.Found.VECTOR));
      assertEquals(List.of(Match.Found.TEXT), keyword.stream().map(Match::found).toList());
      assertTrue(nothing.stream().noneMatch(m -> m.found().byText()));
    }
  }

  private LuceneVectorStore open(IndexSpec index) {
    return EmbeddedVectorStoreFactory.openIndex(
        dataRoot,
        new LuceneStoreSettings(
            "order-" + index.type().name().toLowerCase(java.util.Locale.ROOT),
            4,
            DistanceMetric.COSINE,
            index,
            Optional.empty()));
  }

  private static Match.Found found(List<Match> matches, String id) {
    return matches.stream().filter(m -> m.id().equals(id)).findFirst().orElseThrow().found();
  }

  private static List<String> ids(List<Match> matches) {
    return matches.stream().map(Match::id).toList();
  }
}
