package io.cmsai.search;

import io.cmsai.indexing.ContentIndex;
import io.cmsai.indexing.IndexFields;
import io.cmsai.indexing.IndexPipeline;
import io.cmsai.indexing.IndexRun;
import io.cmsai.search.internal.QueryVectors;
import io.cmsai.search.internal.Snippets;
import io.cmsai.vectorstore.Match;
import io.cmsai.vectorstore.SearchRequest;
import io.cmsai.vectorstore.VectorStore;
import io.cmsai.vectorstore.filter.Filter;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import org.eclipse.microprofile.config.Config;

/**
 * Searches the indexed site content: embeds the query (cached briefly), retrieves the best chunks
 * from the vector store by vector similarity, full-text relevance or both fused, keeps only content
 * the caller may see, and returns one hit per item with a marked snippet. Thread-safe.
 */
@ApplicationScoped
public class SemanticSearch {

  /** Characters of a snippet. */
  static final int SNIPPET_CHARS = 240;

  /** Chunks retrieved per wanted item (several chunks of one item may rank high). */
  static final int CHUNKS_PER_ITEM = 5;

  private final IndexPipeline pipeline;
  private final Supplier<Optional<IndexRun>> runs;
  private final CallerGroups callers;
  private final QueryVectors vectors;

  /** For CDI proxies only. */
  protected SemanticSearch() {
    this.pipeline = null;
    this.runs = null;
    this.callers = null;
    this.vectors = null;
  }

  @Inject
  public SemanticSearch(
      IndexPipeline pipeline, ContentIndex index, CallerGroups callers, Config config) {
    this(
        pipeline,
        index::latestRun,
        callers,
        SearchSettings.QUERY_CACHE_SIZE.read(config),
        Duration.ofSeconds(SearchSettings.QUERY_CACHE_TTL_SECONDS.read(config)));
  }

  /**
   * Over explicit parts (tests, tools).
   *
   * @param runs supplies the latest re-index run (for the "being built" note)
   * @param cacheSize query embeddings kept
   * @param cacheTtl how long one is kept
   */
  public SemanticSearch(
      IndexPipeline pipeline,
      Supplier<Optional<IndexRun>> runs,
      CallerGroups callers,
      int cacheSize,
      Duration cacheTtl) {
    this.pipeline = pipeline;
    this.runs = runs;
    this.callers = callers;
    this.vectors = new QueryVectors(cacheSize, cacheTtl);
  }

  /** Searches as the current caller (see {@link CallerGroups}). */
  public SearchResults search(SearchQuery query) {
    return search(query, callers.current());
  }

  /**
   * Searches as a caller in {@code groups}: public items and items shared with one of the groups.
   *
   * @throws IllegalArgumentException when the mode needs full-text search the store lacks
   * @throws io.cmsai.vectorstore.VectorStoreException when the store fails
   * @throws io.cmsai.provider.AiProviderException when a remote embedding model fails
   */
  public SearchResults search(SearchQuery query, Set<String> groups) {
    long start = System.nanoTime();
    IndexPipeline.Target target = pipeline.target();
    VectorStore store = pipeline.store(target);
    SearchMode mode = resolve(query.mode(), store);
    String text = query.searchedText();
    Filter filter = filter(query, groups);
    int depth = Math.min(SearchRequest.MAX_TOP_K, query.limit() * CHUNKS_PER_ITEM);
    List<Match> matches;
    if (mode == SearchMode.KEYWORD) {
      matches = store.searchText(text, depth, filter);
    } else {
      float[] vector = vectors.embed(target.model(), text);
      SearchRequest.Builder request = SearchRequest.of(vector).topK(depth).filter(filter);
      if (mode == SearchMode.HYBRID) {
        request.hybrid(text);
      }
      matches = store.search(request.build());
    }
    List<String> notes = new ArrayList<>();
    if (query.cut()) {
      notes.add("the query was shortened to its first " + SearchQuery.MAX_CHARS + " characters");
    }
    Optional<IndexRun> run = runs.get();
    if (run.isPresent() && !run.get().state().ended()) {
      notes.add(
          "the index is being built ("
              + run.get().itemsDone()
              + (run.get().itemsTotal() >= 0 ? " of " + run.get().itemsTotal() : "")
              + " items so far): results may be incomplete");
    }
    int dense = (int) matches.stream().filter(m -> m.found().byVector()).count();
    int keyword = (int) matches.stream().filter(m -> m.found().byText()).count();
    if (mode == SearchMode.HYBRID && !matches.isEmpty() && (dense == 0 || keyword == 0)) {
      notes.add(
          keyword == 0
              ? "no keyword match: the results are ranked by meaning alone"
              : "no match by meaning: the results are ranked by keywords alone");
    }
    List<SearchHit> hits = group(matches, text, query.limit());
    return new SearchResults(
        text, mode, hits, (System.nanoTime() - start) / 1_000_000, notes, dense, keyword);
  }

  private static SearchMode resolve(SearchMode asked, VectorStore store) {
    boolean fullText = store.supportsHybridSearch();
    if (asked == SearchMode.AUTO) {
      return fullText ? SearchMode.HYBRID : SearchMode.DENSE;
    }
    if (!fullText && asked != SearchMode.DENSE) {
      throw new IllegalArgumentException(
          asked.id()
              + " search needs full-text search, which the "
              + store.describe().kind()
              + " store does not offer: use dense (or auto)");
    }
    return asked;
  }

  private static Filter filter(SearchQuery query, Set<String> groups) {
    List<Filter> access = new ArrayList<>();
    access.add(Filter.eq(IndexFields.PUBLIC, true));
    groups.stream().sorted().forEach(g -> access.add(Filter.eq(IndexFields.group(g), true)));
    List<Filter> all = new ArrayList<>();
    all.add(access.size() == 1 ? access.get(0) : Filter.or(access.toArray(Filter[]::new)));
    query
        .language()
        .ifPresent(l -> all.add(Filter.eq(IndexFields.LANGUAGE, IndexFields.primaryLanguage(l))));
    if (!query.tags().isEmpty()) {
      all.add(
          Filter.or(
              query.tags().stream()
                  .sorted()
                  .map(t -> Filter.eq(IndexFields.tag(t), true))
                  .toArray(Filter[]::new)));
    }
    if (!query.types().isEmpty()) {
      all.add(Filter.in(IndexFields.TYPE, query.types().stream().sorted().toArray()));
    }
    return all.size() == 1 ? all.get(0) : Filter.and(all.toArray(Filter[]::new));
  }

  private static List<SearchHit> group(List<Match> matches, String query, int limit) {
    Map<String, SearchHit> hits = new LinkedHashMap<>();
    for (Match match : matches) {
      Map<String, Object> m = match.metadata();
      String source = String.valueOf(m.get(IndexFields.SOURCE));
      String item = String.valueOf(m.get(IndexFields.ITEM));
      String key = source + ":" + item;
      if (hits.containsKey(key)) {
        continue;
      }
      String text = match.text() == null ? "" : match.text();
      int bodyAt =
          m.get(IndexFields.BODY_AT) instanceof Number n
              ? (int) Math.min(text.length(), Math.max(0, n.longValue()))
              : 0;
      String chunk = text.substring(bodyAt).strip();
      hits.put(
          key,
          new SearchHit(
              source,
              item,
              String.valueOf(m.getOrDefault(IndexFields.TITLE, "")),
              String.valueOf(m.getOrDefault(IndexFields.URL, "")),
              Snippets.extract(chunk.isEmpty() ? text : chunk, query, SNIPPET_CHARS),
              match.score(),
              chunk,
              String.valueOf(m.getOrDefault(IndexFields.LANGUAGE, ""))));
      if (hits.size() == limit) {
        break;
      }
    }
    return new ArrayList<>(hits.values());
  }
}
