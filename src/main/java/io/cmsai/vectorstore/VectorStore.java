package io.cmsai.vectorstore;

import io.cmsai.vectorstore.filter.Filter;
import java.util.Collection;
import java.util.List;

/**
 * A table or collection of vectors with their text and metadata: the one port that indexing and
 * semantic search use, whatever the database.
 *
 * <p>Contract, for every adapter:
 *
 * <ul>
 *   <li>Every vector is checked before anything reaches the store: its length must be {@link
 *       StoreDescription#dimension()} ({@link DimensionMismatchException} names both) and its
 *       values finite ({@link IllegalArgumentException}). A rejected batch writes nothing.
 *   <li>{@link #upsert} replaces records with the same id; a batch is written atomically where the
 *       store can (PostgreSQL, Lucene) and is visible to the next search when the call returns
 *       (Milvus: with the configured consistency level; the adapter's default makes it so).
 *   <li>{@link #search} returns at most {@code topK} matches, best first, scores as {@link
 *       DistanceMetric} defines them, none below {@code minScore}.
 *   <li>Connection failures raise {@link StoreUnavailableException}; nothing stored is lost or
 *       half-written by a failed call.
 * </ul>
 *
 * Implementations are thread-safe.
 */
public interface VectorStore {

  /** What this store is; cheap (no round trip except where noted by the adapter). */
  StoreDescription describe();

  /** Inserts or replaces records by id. */
  void upsert(List<VectorRecord> records);

  /** Deletes the records with these ids; unknown ids are ignored. */
  void delete(Collection<String> ids);

  /** Deletes every record the filter matches ({@link Filter#all()}: everything). */
  void delete(Filter filter);

  /** The nearest records to the query. */
  List<Match> search(SearchRequest request);

  /** How many records are stored. */
  long count();

  /**
   * Records ranked by the full-text relevance of {@code text} alone, no vector involved (keyword
   * search): BM25 in the embedded store, {@code ts_rank_cd} in pgvector. {@link Match#score()} is
   * the engine's text score: larger is more relevant, not comparable across stores or with vector
   * scores.
   *
   * @param text the words to look for (blank or only punctuation: no matches)
   * @param topK how many matches at most, 1 to {@link SearchRequest#MAX_TOP_K}
   * @param filter which records may match
   * @throws VectorStoreException when the store has no full-text search ({@link
   *     #supportsHybridSearch()} is false)
   */
  default List<Match> searchText(String text, int topK, Filter filter) {
    StoreDescription store = describe();
    throw new VectorStoreException(
        "the "
            + store.kind()
            + " store "
            + store.name()
            + " has no full-text search: use vector search");
  }

  /**
   * Tidies the store after a bulk load such as a full re-index, so that searches run at full speed:
   * the embedded store merges its segments into one (one HNSW graph to visit instead of one per
   * segment), pgvector refreshes the planner's statistics ({@code ANALYZE}); Milvus compacts on its
   * own and returns at once. May take seconds to minutes on a large store; searches and writes go
   * on meanwhile.
   *
   * @throws StoreUnavailableException when the store cannot be reached
   */
  default void optimize() {
    // nothing to do for stores that keep themselves tidy
  }

  /** Whether {@link SearchRequest#hybridText()} is honoured; otherwise such a search is refused. */
  default boolean supportsHybridSearch() {
    return false;
  }
}
