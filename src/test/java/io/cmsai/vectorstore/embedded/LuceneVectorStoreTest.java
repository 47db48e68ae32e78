package io.cmsai.vectorstore.embedded;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cmsai.vectorstore.DistanceMetric;
import io.cmsai.vectorstore.IndexSpec;
import io.cmsai.vectorstore.VectorStore;
import io.cmsai.vectorstore.VectorStoreContract;
import java.nio.file.Path;
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
    return LuceneVectorStore.open(
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
}
