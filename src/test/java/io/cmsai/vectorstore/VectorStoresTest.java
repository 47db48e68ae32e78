package io.cmsai.vectorstore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cmsai.platform.DataDirectory;
import io.cmsai.vectorstore.embedded.EmbeddedVectorStoreFactory;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The store in use and its connection test, on the embedded default (no server). */
class VectorStoresTest {

  @TempDir Path temp;

  private final Map<String, String> saved = new HashMap<>();
  private VectorStores stores;

  private static final EmbeddingFingerprint MINILM =
      new EmbeddingFingerprint("all-minilm-l6-v2", 4, DistanceMetric.COSINE, true);

  private VectorStoreConfiguration configuration() {
    return new VectorStoreConfiguration(
        k -> Optional.empty(),
        () -> Map.copyOf(saved),
        (values, removed) -> {
          saved.putAll(values);
          removed.forEach(saved::remove);
        });
  }

  @AfterEach
  void release() {
    if (stores != null) {
      stores.release();
    }
  }

  @Test
  void
      the_embedded_store_is_tested_without_creation_then_opened_once_and_compared_with_the_model() {
    VectorStoreConfiguration configuration = configuration();
    stores =
        new VectorStores(
            configuration,
            List.of(new EmbeddedVectorStoreFactory(new DataDirectory(temp.toString()))));

    StoreCheck before = stores.test(configuration.current(), MINILM);
    VectorStore store = stores.current(MINILM);
    store.upsert(List.of(new VectorRecord("a", new float[] {1, 0, 0, 0})));
    StoreCheck open = stores.test(configuration.current(), MINILM);
    StoreCheck otherModel =
        stores.test(
            configuration.current(),
            new EmbeddingFingerprint("e5-small-v2", 4, DistanceMetric.COSINE, true));
    StoreCheck otherDimension =
        stores.test(
            configuration.current(),
            new EmbeddingFingerprint("bge-base-en-v1.5", 768, DistanceMetric.COSINE, true));

    assertTrue(before.ok());
    assertTrue(
        before.dimensionCheck().contains("will be created with 4 dimensions"),
        before.dimensionCheck());
    assertFalse(temp.resolve("vectors/cms_ai_content").toFile().exists() && before.count() > 0);
    assertSame(store, stores.current(MINILM), "opened once");
    assertEquals("matches", open.dimensionCheck());
    assertEquals(1, open.count());
    assertTrue(open.server().startsWith("embedded Lucene"), open.server());
    assertFalse(otherModel.ok());
    assertTrue(otherModel.dimensionCheck().startsWith("stale"), otherModel.dimensionCheck());
    assertTrue(
        otherDimension.dimensionCheck().contains("re-index"), otherDimension.dimensionCheck());
  }

  @Test
  void a_changed_setting_reopens_the_store_and_a_failure_is_reported_not_thrown() {
    VectorStoreConfiguration configuration = configuration();
    stores =
        new VectorStores(
            configuration,
            List.of(new EmbeddedVectorStoreFactory(new DataDirectory(temp.toString()))));
    VectorStore first = stores.current(MINILM);

    configuration.save(Map.of("cms.ai.vector.name", "second_index"));
    VectorStore second = stores.current(MINILM);
    configuration.save(Map.of("cms.ai.vector.kind", "milvus"));
    StoreCheck noMilvus = stores.test(configuration.current(), MINILM);

    assertNotSame(first, second);
    assertEquals("second_index", second.describe().name());
    assertFalse(noMilvus.ok());
    assertTrue(noMilvus.problem().contains("no milvus vector store"), noMilvus.problem());
  }
}
