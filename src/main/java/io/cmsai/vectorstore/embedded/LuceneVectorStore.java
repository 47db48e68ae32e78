package io.cmsai.vectorstore.embedded;

import io.cmsai.vectorstore.DistanceMetric;
import io.cmsai.vectorstore.IndexSpec;
import io.cmsai.vectorstore.Match;
import io.cmsai.vectorstore.SearchRequest;
import io.cmsai.vectorstore.StoreDescription;
import io.cmsai.vectorstore.StoreUnavailableException;
import io.cmsai.vectorstore.VectorRecord;
import io.cmsai.vectorstore.VectorStore;
import io.cmsai.vectorstore.VectorStoreException;
import io.cmsai.vectorstore.Vectors;
import io.cmsai.vectorstore.embedded.internal.LuceneFilterConverter;
import io.cmsai.vectorstore.embedded.internal.RecordDocuments;
import io.cmsai.vectorstore.embedded.internal.StoreSearch;
import io.cmsai.vectorstore.embedded.internal.VectorCodec;
import io.cmsai.vectorstore.filter.Filter;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.document.Document;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.SearcherManager;
import org.apache.lucene.search.TermInSetQuery;
import org.apache.lucene.store.AlreadyClosedException;
import org.apache.lucene.store.Directory;
import org.apache.lucene.util.BytesRef;
import org.apache.lucene.util.IOUtils;

/**
 * The embedded vector store: one Apache Lucene index per store under {@code
 * <data-dir>/vectors/<name>}, used when no vector database is configured. Vectors live in an HNSW
 * graph ({@link org.apache.lucene.document.KnnFloatVectorField}), the text in a BM25 full-text
 * field (StandardAnalyzer), and metadata as filterable fields ({@link LuceneFilterConverter}).
 *
 * <ul>
 *   <li><b>Writes</b> ({@link #upsert}, both {@link #delete}s) are one atomic Lucene operation each
 *       (an upsert batch is deleted by id and added as one block), then committed and the searcher
 *       refreshed: when the call returns the change is durable and visible to the next search; a
 *       crash loses nothing committed and never leaves half a batch. Every vector is checked first,
 *       so a refused batch writes nothing.
 *   <li><b>Search</b> with index {@code hnsw}: Lucene's HNSW search with the filter as pre-filter
 *       and {@code max(topK, accuracy)} candidates ({@link #DEFAULT_ACCURACY} when the request
 *       gives none); with index {@code none}: exact, every filtered vector scored. Scores follow
 *       {@link DistanceMetric}; {@code minScore} applies to them.
 *   <li><b>Hybrid search</b> ({@link SearchRequest#hybridText()}): reciprocal rank fusion ({@code k
 *       = 60}) of the vector ranking and a BM25 ranking of the text, each {@code max(topK,
 *       accuracy)} deep and restricted by the filter; {@link Match#score()} is the fused score.
 *       {@code minScore} still applies to vector similarity: a record below it takes part in
 *       neither ranking.
 *   <li>The dimension, metric, index parameters and embedding fingerprint are kept in the commit
 *       data; reopening with other ones is refused ({@link VectorStoreException} naming both).
 * </ul>
 *
 * <p>Thread-safe. One instance per index and process: a second {@link
 * EmbeddedVectorStoreFactory#openIndex} of the same index fails while the first is open (Lucene's
 * write lock). {@link #close} releases it; afterwards every call raises {@link
 * StoreUnavailableException}.
 */
public final class LuceneVectorStore implements VectorStore, AutoCloseable {

  /** {@link StoreDescription#kind()} of this store. */
  public static final String KIND = "embedded";

  /** The folder under the data directory that holds one folder per index. */
  public static final String FOLDER = "vectors";

  /** HNSW candidates (ef_search) when a request gives no accuracy. */
  public static final int DEFAULT_ACCURACY = IndexSpec.DEFAULT_EF_SEARCH;

  private final LuceneStoreSettings settings;
  private final Path path;
  private final String where;
  private final Analyzer analyzer;
  private final Directory directory;
  private final IndexWriter writer;
  private final SearcherManager searchers;
  private final StoreSearch search;
  private final AtomicBoolean closed = new AtomicBoolean();

  /** Over an index opened by {@link EmbeddedVectorStoreFactory#openIndex}. */
  LuceneVectorStore(
      LuceneStoreSettings settings,
      Path path,
      Analyzer analyzer,
      Directory directory,
      IndexWriter writer)
      throws IOException {
    this.settings = settings;
    this.path = path;
    this.where = describe(settings.name(), path);
    this.analyzer = analyzer;
    this.directory = directory;
    this.writer = writer;
    this.searchers = new SearcherManager(writer, null);
    this.search =
        new StoreSearch(settings.metric(), settings.approximate(), DEFAULT_ACCURACY, analyzer);
  }

  @Override
  public StoreDescription describe() {
    String index =
        settings.approximate()
            ? "Lucene HNSW (maxConn "
                + settings.maxConn()
                + ", beamWidth "
                + settings.beamWidth()
                + "), "
                + DEFAULT_ACCURACY
                + " candidates unless a search asks for more"
            : "exact search (no HNSW graph is searched)";
    return new StoreDescription(
        KIND,
        settings.name(),
        settings.dimension(),
        settings.metric(),
        settings.index(),
        settings.fingerprint(),
        index + "; files in " + path);
  }

  @Override
  public void upsert(List<VectorRecord> records) {
    Vectors.checkAll(records, settings.dimension(), where);
    if (records.isEmpty()) {
      return;
    }
    List<Document> documents =
        records.stream().map(r -> RecordDocuments.toDocument(r, settings.metric())).toList();
    Query ids = idQuery(records.stream().map(VectorRecord::id).toList());
    write("upsert", () -> writer.updateDocuments(ids, documents));
  }

  @Override
  public void delete(Collection<String> ids) {
    if (ids.isEmpty()) {
      return;
    }
    Query query = idQuery(ids);
    write("delete", () -> writer.deleteDocuments(query));
  }

  @Override
  public void delete(Filter filter) {
    Query query = LuceneFilterConverter.toQuery(filter);
    write("delete", () -> writer.deleteDocuments(query));
  }

  @Override
  public List<Match> search(SearchRequest request) {
    Vectors.check(request.vector(), settings.dimension(), where, "the query vector");
    return read(searcher -> search.search(searcher, request));
  }

  @Override
  public List<Match> searchText(String text, int topK, Filter filter) {
    SearchRequest.checkTopK(topK);
    return read(searcher -> search.searchText(searcher, text, topK, filter));
  }

  @Override
  public long count() {
    return read(searcher -> (long) searcher.getIndexReader().numDocs());
  }

  @Override
  public boolean supportsHybridSearch() {
    return true;
  }

  /**
   * Merges the index into one segment. Every write commits, so a bulk load leaves many segments,
   * each with its own HNSW graph that a search visits: measured 2.7x slower searches at 100,000
   * vectors before the merge (docs/BENCHMARKS.md).
   */
  @Override
  public void optimize() {
    write("optimize", () -> writer.forceMerge(1));
  }

  /** Releases the index (its files stay); later calls raise {@link StoreUnavailableException}. */
  @Override
  public void close() {
    if (closed.compareAndSet(false, true)) {
      try {
        IOUtils.close(searchers, writer, directory, analyzer);
      } catch (IOException e) {
        throw new StoreUnavailableException(where + " did not close cleanly: " + e, e);
      }
    }
  }

  @Override
  public String toString() {
    return "LuceneVectorStore[" + where + "]";
  }

  // ---- plumbing ----

  private static Query idQuery(Collection<String> ids) {
    return new TermInSetQuery(RecordDocuments.ID, ids.stream().map(BytesRef::new).toList());
  }

  static IndexWriterConfig writerConfig(LuceneStoreSettings settings, Analyzer analyzer) {
    return new IndexWriterConfig(analyzer)
        .setOpenMode(IndexWriterConfig.OpenMode.CREATE_OR_APPEND)
        .setCodec(new VectorCodec(settings.maxConn(), settings.beamWidth(), Vectors.MAX_DIMENSION));
  }

  static String describe(String name, Path path) {
    return "embedded index '" + name + "' (" + path + ")";
  }

  /** An index change; committed and made visible before {@link #write} returns. */
  private interface Change {
    void apply() throws IOException;
  }

  /** A read against the current searcher. */
  private interface Read<T> {
    T apply(IndexSearcher searcher) throws IOException;
  }

  private void write(String operation, Change change) {
    ensureOpen();
    try {
      change.apply();
      writer.commit();
      searchers.maybeRefreshBlocking();
    } catch (AlreadyClosedException e) {
      throw unavailable(e);
    } catch (IOException e) {
      throw new StoreUnavailableException(
          where + ": the " + operation + " failed (" + e.getMessage() + ")", e);
    }
  }

  private <T> T read(Read<T> read) {
    ensureOpen();
    try {
      IndexSearcher searcher = searchers.acquire();
      try {
        return read.apply(searcher);
      } finally {
        searchers.release(searcher);
      }
    } catch (AlreadyClosedException e) {
      throw unavailable(e);
    } catch (IndexSearcher.TooManyClauses e) {
      throw new IllegalArgumentException(
          "the search is too large for the embedded store ("
              + e.getMessage()
              + "): shorten the hybrid text or the filter",
          e);
    } catch (IOException e) {
      throw new StoreUnavailableException(
          where + ": the search failed (" + e.getMessage() + ")", e);
    }
  }

  private void ensureOpen() {
    if (closed.get()) {
      throw new StoreUnavailableException(where + " is closed", null);
    }
  }

  private StoreUnavailableException unavailable(AlreadyClosedException e) {
    Throwable tragedy = writer.getTragicException();
    return tragedy == null
        ? new StoreUnavailableException(where + " is closed", e)
        : new StoreUnavailableException(
            where + " stopped after a failure (" + tragedy + "); reopen it", tragedy);
  }
}
