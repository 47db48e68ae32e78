package io.cmsai.bench.vector.contenders;

import io.cmsai.bench.vector.data.Dataset;
import io.cmsai.testing.WorkDirs;
import io.cmsai.vectorstore.DistanceMetric;
import io.cmsai.vectorstore.IndexSpec;
import io.cmsai.vectorstore.VectorRecord;
import io.cmsai.vectorstore.embedded.EmbeddedVectorStoreFactory;
import io.cmsai.vectorstore.embedded.LuceneStoreSettings;
import io.cmsai.vectorstore.embedded.LuceneVectorStore;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The embedded store: LuceneVectorStore.upsert in batches (each one update of the batch's ids,
 * commit and searcher refresh). Settling closes the store, which waits for running merges.
 */
public final class OursLucene implements IngestContender {
  private final Path root;
  private LuceneStoreSettings settings;
  private LuceneVectorStore store;

  public OursLucene(Path root) {
    this.root = root;
  }

  @Override
  public String key() {
    return "ours";
  }

  @Override
  public String name() {
    return "ours: LuceneVectorStore.upsert";
  }

  @Override
  public void create(String name, Dataset data, boolean indexed) throws IOException {
    closeStore();
    settings =
        new LuceneStoreSettings(
            name,
            data.dims(),
            DistanceMetric.COSINE,
            IndexSpec.hnsw(Hnsw.M, Hnsw.EF_CONSTRUCTION),
            Optional.empty());
    WorkDirs.deleteTree(path());
    store = EmbeddedVectorStoreFactory.openIndex(root, settings);
  }

  public Path path() {
    return EmbeddedVectorStoreFactory.directoryOf(root, settings.name());
  }

  public LuceneVectorStore store() {
    return store;
  }

  /** Opens the settled index again (for the search). */
  public void reopen() {
    closeStore();
    store = EmbeddedVectorStoreFactory.openIndex(root, settings);
  }

  @Override
  public void ingest(Dataset data, int batch) {
    for (int from = 0; from < data.rows(); from += batch) {
      int to = Math.min(data.rows(), from + batch);
      List<VectorRecord> records = new ArrayList<>(to - from);
      for (int i = from; i < to; i++) {
        records.add(
            new VectorRecord(data.id(i), data.vectors()[i], data.text(i), data.metadata(i)));
      }
      store.upsert(records);
    }
  }

  @Override
  public void settle() {
    closeStore();
  }

  @Override
  public long count() throws IOException {
    return RawLucene.numDocs(path());
  }

  @Override
  public String describe() {
    return "`"
        + store.describe().notes()
        + "`; documents as `RecordDocuments.toDocument`"
        + " builds them";
  }

  @Override
  public String details() {
    return RawLucene.segments(path());
  }

  @Override
  public long serverPid() {
    return -1;
  }

  @Override
  public void drop() throws IOException {
    closeStore();
    WorkDirs.deleteTree(path());
  }

  @Override
  public void close() {
    closeStore();
  }

  private void closeStore() {
    if (store != null) {
      store.close();
      store = null;
    }
  }
}
