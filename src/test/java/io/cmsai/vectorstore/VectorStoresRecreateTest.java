package io.cmsai.vectorstore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.cmsai.platform.DataDirectory;
import io.cmsai.vectorstore.embedded.EmbeddedVectorStoreFactory;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link VectorStores#recreate} on the embedded store: drop, then open afresh for the model. */
class VectorStoresRecreateTest {

  @TempDir Path temp;

  private static final EmbeddingFingerprint MINILM =
      new EmbeddingFingerprint("all-minilm-l6-v2", 4, DistanceMetric.COSINE, true);
  private static final EmbeddingFingerprint BGE =
      new EmbeddingFingerprint("bge-base-en-v1.5", 8, DistanceMetric.COSINE, true);

  private VectorStores stores;

  @BeforeEach
  void create() {
    stores =
        new VectorStores(
            new VectorStoreConfiguration(k -> Optional.empty(), Map::of, (values, removed) -> {}),
            List.of(new EmbeddedVectorStoreFactory(new DataDirectory(temp.toString()))));
  }

  @AfterEach
  void release() {
    stores.release();
  }

  private static float[] axis(int dimension) {
    float[] vector = new float[dimension];
    vector[0] = 1;
    return vector;
  }

  @Test
  void recreating_for_another_model_releases_the_old_store_and_opens_an_empty_one() {
    VectorStore old = stores.current(MINILM);
    old.upsert(List.of(new VectorRecord("a", axis(4))));

    VectorStore fresh = stores.recreate(BGE);

    assertNotSame(old, fresh);
    assertEquals(8, fresh.describe().dimension());
    assertEquals(Optional.of(BGE), fresh.describe().fingerprint());
    assertEquals(0, fresh.count());
    assertSame(fresh, stores.current(BGE), "the recreated store is the one in use");
    assertThrows(StoreUnavailableException.class, old::count, "the old store was closed");
    fresh.upsert(List.of(new VectorRecord("b", axis(8))));
    assertEquals(1, fresh.count());
  }

  @Test
  void recreating_for_the_same_model_empties_the_store() {
    stores.current(MINILM).upsert(List.of(new VectorRecord("a", axis(4))));

    VectorStore fresh = stores.recreate(MINILM);

    assertEquals(0, fresh.count());
    assertEquals(
        "matches",
        VectorStores.compare(fresh.describe(), MINILM),
        "the fingerprint is recorded again");
  }

  @Test
  void without_recreating_another_dimension_is_refused() {
    stores.current(MINILM).upsert(List.of(new VectorRecord("a", axis(4))));

    assertThrows(VectorStoreException.class, () -> stores.current(BGE));
  }

  @Test
  void recreating_before_anything_was_opened_creates_the_store() {
    VectorStore fresh = stores.recreate(BGE);

    assertEquals(8, fresh.describe().dimension());
    assertEquals(0, fresh.count());
  }
}
