package io.cmsai.vectorstore.embedded;

import io.cmsai.vectorstore.DistanceMetric;
import io.cmsai.vectorstore.IndexSpec;
import io.cmsai.vectorstore.VectorStore;
import io.cmsai.vectorstore.VectorStoreContract;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.io.TempDir;

/**
 * The port's contract on the embedded store searching its HNSW graph. The contract's stores hold at
 * most 100 records, fewer than the default candidate count, so the graph search visits every record
 * and must rank exactly: this checks the HNSW path and the conversion of Lucene's scores.
 */
class LuceneHnswContractTest extends VectorStoreContract {

  @TempDir Path dataRoot;

  private final AtomicInteger names = new AtomicInteger();

  @Override
  protected VectorStore create(int dimension, DistanceMetric metric) {
    return EmbeddedVectorStoreFactory.openIndex(
        dataRoot,
        new LuceneStoreSettings(
            "hnsw-" + names.incrementAndGet(),
            dimension,
            metric,
            IndexSpec.hnsw(),
            Optional.empty()));
  }

  @Override
  protected void destroy(VectorStore store) {
    ((LuceneVectorStore) store).close();
  }
}
