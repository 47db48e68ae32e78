package io.cmsai.vectorstore.embedded;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cmsai.vectorstore.DistanceMetric;
import io.cmsai.vectorstore.EmbeddingFingerprint;
import io.cmsai.vectorstore.IndexSpec;
import io.cmsai.vectorstore.Match;
import io.cmsai.vectorstore.SearchRequest;
import io.cmsai.vectorstore.StoreUnavailableException;
import io.cmsai.vectorstore.VectorRecord;
import io.cmsai.vectorstore.VectorStoreException;
import io.cmsai.vectorstore.Vectors;
import io.cmsai.vectorstore.filter.Filter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.store.FSDirectory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Where the embedded store keeps its index, and what survives closing and reopening it. */
class LuceneVectorStorePersistenceTest {

  @TempDir Path dataRoot;

  private static final LuceneStoreSettings DOCS = LuceneStoreSettings.of("docs", 8);

  @Test
  void records_survive_close_and_reopen_with_text_typed_metadata_and_settings() {
    Map<String, Object> metadata =
        Map.of("type", "page", "year", 2024L, "rating", 4.0, "live", true, "tag", "true");
    try (LuceneVectorStore store = EmbeddedVectorStoreFactory.openIndex(dataRoot, DOCS)) {
      store.upsert(
          List.of(
              new VectorRecord("a", axis(0), "first page", metadata),
              new VectorRecord("b", axis(1))));
      store.delete(List.of("b"));
    }

    try (LuceneVectorStore store = EmbeddedVectorStoreFactory.openIndex(dataRoot, DOCS)) {
      assertEquals(1, store.count());
      Match match =
          store.search(SearchRequest.of(axis(0)).filter(Filter.eq("year", 2024)).build()).get(0);
      assertEquals("a", match.id());
      assertEquals("first page", match.text());
      assertEquals(metadata, match.metadata());
      assertEquals(Long.class, match.metadata().get("year").getClass());
      assertEquals(Double.class, match.metadata().get("rating").getClass());
      assertEquals(Boolean.class, match.metadata().get("live").getClass());
      assertEquals(String.class, match.metadata().get("tag").getClass());
      assertEquals(IndexSpec.hnsw(16, 64), store.describe().index());
    }
    assertTrue(Files.isDirectory(dataRoot.resolve("vectors").resolve("docs")));
  }

  @Test
  void a_returned_upsert_is_committed_for_any_reader_of_the_files() throws Exception {
    try (LuceneVectorStore store = EmbeddedVectorStoreFactory.openIndex(dataRoot, DOCS)) {
      store.upsert(List.of(new VectorRecord("a", axis(0)), new VectorRecord("b", axis(1))));

      // a reader of the last commit, as after a crash: the batch is there, whole
      try (FSDirectory files =
              FSDirectory.open(EmbeddedVectorStoreFactory.directoryOf(dataRoot, "docs"));
          DirectoryReader committed = DirectoryReader.open(files)) {
        assertEquals(2, committed.numDocs());
      }
    }
  }

  @Test
  void reopening_with_another_dimension_or_metric_is_refused_naming_both() {
    EmbeddedVectorStoreFactory.openIndex(dataRoot, DOCS).close();

    VectorStoreException dimension =
        assertThrows(
            VectorStoreException.class,
            () ->
                EmbeddedVectorStoreFactory.openIndex(dataRoot, LuceneStoreSettings.of("docs", 16)));
    VectorStoreException metric =
        assertThrows(
            VectorStoreException.class,
            () ->
                EmbeddedVectorStoreFactory.openIndex(
                    dataRoot,
                    new LuceneStoreSettings(
                        "docs", 8, DistanceMetric.L2, IndexSpec.hnsw(), Optional.empty())));

    assertTrue(dimension.getMessage().contains("holds 8-dimension"), dimension.getMessage());
    assertTrue(dimension.getMessage().contains("opened for 16-dimension"), dimension.getMessage());
    assertTrue(metric.getMessage().contains("compared by cosine"), metric.getMessage());
    assertTrue(metric.getMessage().contains("compared by l2"), metric.getMessage());
    try (LuceneVectorStore store = EmbeddedVectorStoreFactory.openIndex(dataRoot, DOCS)) {
      assertEquals(8, store.describe().dimension(), "a refused open leaves the index usable");
    }
  }

  @Test
  void the_fingerprint_is_recorded_and_another_embedding_model_is_refused() {
    EmbeddingFingerprint minilm =
        new EmbeddingFingerprint("all-minilm-l6-v2", 8, DistanceMetric.COSINE, true);
    EmbeddedVectorStoreFactory.openIndex(dataRoot, DOCS.withFingerprint(minilm)).close();

    try (LuceneVectorStore store = EmbeddedVectorStoreFactory.openIndex(dataRoot, DOCS)) {
      assertEquals(Optional.of(minilm), store.describe().fingerprint());
    }
    VectorStoreException other =
        assertThrows(
            VectorStoreException.class,
            () ->
                EmbeddedVectorStoreFactory.openIndex(
                    dataRoot,
                    DOCS.withFingerprint(
                        new EmbeddingFingerprint("bge-small", 8, DistanceMetric.COSINE, true))));
    assertTrue(other.getMessage().contains("all-minilm-l6-v2 vs bge-small"), other.getMessage());
  }

  @Test
  void another_index_setting_is_refused() {
    EmbeddedVectorStoreFactory.openIndex(dataRoot, DOCS).close();

    VectorStoreException refused =
        assertThrows(
            VectorStoreException.class,
            () ->
                EmbeddedVectorStoreFactory.openIndex(
                    dataRoot,
                    new LuceneStoreSettings(
                        "docs",
                        8,
                        DistanceMetric.COSINE,
                        IndexSpec.hnsw(32, 64),
                        Optional.empty())));

    assertTrue(refused.getMessage().contains("HNSW m 16"), refused.getMessage());
    assertTrue(refused.getMessage().contains("HNSW m 32"), refused.getMessage());
  }

  @Test
  void an_index_open_elsewhere_cannot_be_opened_twice_and_a_closed_store_refuses_calls() {
    LuceneVectorStore store = EmbeddedVectorStoreFactory.openIndex(dataRoot, DOCS);

    assertThrows(
        StoreUnavailableException.class,
        () -> EmbeddedVectorStoreFactory.openIndex(dataRoot, DOCS));
    store.close();
    store.close();

    assertThrows(StoreUnavailableException.class, store::count);
    assertThrows(
        StoreUnavailableException.class,
        () -> store.upsert(List.of(new VectorRecord("a", axis(0)))));
    assertThrows(
        StoreUnavailableException.class, () -> store.search(SearchRequest.of(axis(0)).build()));
  }

  @Test
  void index_names_cannot_leave_the_vectors_folder() {
    for (String name : List.of("..", "../etc", "a/b", "a\\b", ".hidden", "", " ", "x".repeat(65))) {
      assertThrows(
          IllegalArgumentException.class,
          () -> LuceneStoreSettings.of(name, 8),
          "'" + name + "' must be refused");
      assertThrows(
          IllegalArgumentException.class,
          () -> EmbeddedVectorStoreFactory.directoryOf(dataRoot, name));
    }
    assertEquals(
        dataRoot.resolve("vectors").resolve("Site_docs-2"),
        EmbeddedVectorStoreFactory.directoryOf(dataRoot, "Site_docs-2"));
  }

  @Test
  void unsupported_index_types_and_parameters_are_refused() {
    assertThrows(
        IllegalArgumentException.class,
        () ->
            new LuceneStoreSettings(
                "x", 8, DistanceMetric.COSINE, IndexSpec.ivfFlat(100), Optional.empty()));
    assertThrows(
        IllegalArgumentException.class,
        () ->
            new LuceneStoreSettings(
                "x", 8, DistanceMetric.COSINE, IndexSpec.hnsw(513, 64), Optional.empty()));
  }

  @Test
  void vectors_longer_than_lucenes_default_limit_are_indexed_and_reopened() {
    LuceneStoreSettings wide = LuceneStoreSettings.of("wide", 3072);
    Random random = new Random(3);
    List<VectorRecord> records = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      records.add(new VectorRecord("r" + i, random(random, 3072)));
    }
    try (LuceneVectorStore store = EmbeddedVectorStoreFactory.openIndex(dataRoot, wide)) {
      store.upsert(records);
    }

    try (LuceneVectorStore store = EmbeddedVectorStoreFactory.openIndex(dataRoot, wide)) {
      Match best = store.search(SearchRequest.of(records.get(7).vector()).topK(1).build()).get(0);
      assertEquals("r7", best.id());
      assertEquals(1.0, best.score(), 1e-5);
    }
  }

  @Test
  void a_metadata_string_too_long_to_index_refuses_the_whole_batch() {
    try (LuceneVectorStore store = EmbeddedVectorStoreFactory.openIndex(dataRoot, DOCS)) {
      IllegalArgumentException refused =
          assertThrows(
              IllegalArgumentException.class,
              () ->
                  store.upsert(
                      List.of(
                          new VectorRecord("ok", axis(0)),
                          new VectorRecord(
                              "long", axis(1), "", Map.of("summary", "x".repeat(20_000))))));

      assertTrue(refused.getMessage().contains("summary of record long"), refused.getMessage());
      assertEquals(0, store.count());
      assertFalse(store.describe().notes().isBlank());
    }
  }

  private static float[] axis(int i) {
    float[] v = new float[8];
    v[i] = 1;
    v[(i + 1) % 8] = 0.1f;
    return Vectors.normalize(v);
  }

  private static float[] random(Random random, int dimension) {
    float[] v = new float[dimension];
    for (int i = 0; i < dimension; i++) {
      v[i] = (float) random.nextGaussian();
    }
    return v;
  }
}
