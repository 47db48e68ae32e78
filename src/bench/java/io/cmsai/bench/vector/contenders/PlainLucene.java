package io.cmsai.bench.vector.contenders;

import io.cmsai.vectorstore.embedded.LuceneVectorStore;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.StoredFields;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.KnnFloatVectorQuery;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.FSDirectory;

/**
 * A plain KnnFloatVectorQuery on a committed index: n = max(topK, ef or the module's default)
 * candidates, then the stored fields of the top k (as the store reads them).
 */
public final class PlainLucene implements SearchContender, AutoCloseable {
  private final String name;
  private final Directory directory;
  private final DirectoryReader reader;
  private final IndexSearcher searcher;

  public PlainLucene(Path path, String name) throws IOException {
    this.name = name;
    this.directory = FSDirectory.open(path);
    this.reader = DirectoryReader.open(directory);
    this.searcher = new IndexSearcher(reader);
  }

  @Override
  public String name() {
    return name;
  }

  public String shape() {
    return reader.leaves().size() + " segment(s)";
  }

  @Override
  public List<String> search(float[] query, int topK, OptionalInt ef) throws IOException {
    int n = Math.max(topK, ef.orElse(LuceneVectorStore.DEFAULT_ACCURACY));
    ScoreDoc[] top = searcher.search(new KnnFloatVectorQuery("vector", query, n), n).scoreDocs;
    StoredFields stored = searcher.storedFields();
    List<String> ids = new ArrayList<>(topK);
    for (int i = 0; i < Math.min(topK, top.length); i++) {
      ids.add(stored.document(top[i].doc).get("id"));
    }
    return ids;
  }

  @Override
  public void close() throws IOException {
    reader.close();
    directory.close();
  }
}
