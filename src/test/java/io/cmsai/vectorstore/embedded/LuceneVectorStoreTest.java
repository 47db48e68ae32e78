package io.cmsai.vectorstore.embedded;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cmsai.vectorstore.DistanceMetric;
import io.cmsai.vectorstore.IndexSpec;
import io.cmsai.vectorstore.Match;
import io.cmsai.vectorstore.SearchRequest;
import io.cmsai.vectorstore.VectorRecord;
import io.cmsai.vectorstore.VectorStore;
import io.cmsai.vectorstore.VectorStoreContract;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The port's contract on the embedded store with exact search (index none). */
class LuceneVectorStoreTest extends VectorStoreContract {

  @TempDir Path dataRoot;

  private final AtomicInteger names = new AtomicInteger();

  @Override
  protected VectorStore create(int dimension, DistanceMetric metric) {
    return EmbeddedVectorStoreFactory.openIndex(
        dataRoot,
        new LuceneStoreSettings(
            "contract-" + names.incrementAndGet(),
            dimension,
            metric,
            IndexSpec.none(),
            Optional.empty()));
  }

  @Override
  protected void destroy(VectorStore store) {
    ((LuceneVectorStore) store).close();
  }

  @Test
  void describes_itself_as_the_embedded_store_with_exact_search() {
    try (LuceneVectorStore store = (LuceneVectorStore) create(DIM, DistanceMetric.L2)) {
      assertEquals("embedded", store.describe().kind());
      assertEquals(IndexSpec.none(), store.describe().index());
      assertTrue(store.describe().notes().contains("exact search"), store.describe().notes());
      assertTrue(store.supportsHybridSearch());
    }
  }

  @Test
  void optimize_merges_a_bulk_load_into_one_segment_and_keeps_every_record() throws Exception {
    LuceneStoreSettings settings =
        new LuceneStoreSettings(
            "merge", DIM, DistanceMetric.COSINE, IndexSpec.hnsw(), Optional.empty());
    try (LuceneVectorStore store = EmbeddedVectorStoreFactory.openIndex(dataRoot, settings)) {
      for (int i = 0; i < 12; i++) {
        store.upsert(
            List.of(
                new VectorRecord(
                    "r" + i, mix(vector(i % DIM + 1), vector((i + 1) % DIM + 1), 0.3f))));
      }
      SearchRequest query = SearchRequest.of(vector(2)).topK(5).build();
      List<String> before = store.search(query).stream().map(Match::id).toList();
      assertTrue(segments() > 1, "one commit per upsert: " + segments());

      store.optimize();

      assertEquals(1, segments());
      assertEquals(12, store.count());
      assertEquals(before, store.search(query).stream().map(Match::id).toList());
    }
  }

  private int segments() throws java.io.IOException {
    try (org.apache.lucene.store.Directory directory =
            org.apache.lucene.store.FSDirectory.open(
                dataRoot.resolve(LuceneVectorStore.FOLDER).resolve("merge"));
        org.apache.lucene.index.DirectoryReader reader =
            org.apache.lucene.index.DirectoryReader.open(directory)) {
      return reader.leaves().size();
    }
  }

  @Test
  void a_zero_vector_has_cosine_similarity_zero_with_exact_and_hnsw_search() {
    for (IndexSpec index : List.of(IndexSpec.none(), IndexSpec.hnsw())) {
      LuceneStoreSettings settings =
          new LuceneStoreSettings(
              "zero-" + index.type(), DIM, DistanceMetric.COSINE, index, Optional.empty());
      try (LuceneVectorStore store = EmbeddedVectorStoreFactory.openIndex(dataRoot, settings)) {
        store.upsert(
            List.of(new VectorRecord("zero", new float[DIM]), new VectorRecord("one", vector(1))));

        List<Match> matches = store.search(SearchRequest.of(vector(1)).build());

        assertEquals(List.of("one", "zero"), matches.stream().map(Match::id).toList());
        assertEquals(0, matches.get(1).score(), 1e-6, index.type().name());
      }
    }
  }
}
