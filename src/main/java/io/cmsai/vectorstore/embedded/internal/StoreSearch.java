package io.cmsai.vectorstore.embedded.internal;

import io.cmsai.vectorstore.DistanceMetric;
import io.cmsai.vectorstore.Match;
import io.cmsai.vectorstore.SearchRequest;
import io.cmsai.vectorstore.filter.Filter;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.IntFunction;
import java.util.stream.Collectors;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.index.StoredFields;
import org.apache.lucene.search.BooleanClause.Occur;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.KnnFloatVectorQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.TopDocs;
import org.apache.lucene.util.QueryBuilder;

/**
 * One store's searches against an acquired searcher: the vector ranking (HNSW or exact), the BM25
 * ranking of hybrid searches and their reciprocal rank fusion, then the stored records of the
 * winners. Thread-safe (immutable; Lucene analyzers are thread-safe).
 *
 * <p>Depth: every ranking is {@code max(topK, accuracy)} deep ({@code defaultAccuracy} when the
 * request gives none); for HNSW that is also the candidate count ({@code ef_search}). {@code
 * minScore} applies to vector similarity: below it a record takes part in no ranking.
 */
public final class StoreSearch {

  private final DistanceMetric metric;
  private final boolean approximate;
  private final int defaultAccuracy;
  private final Analyzer analyzer;

  /**
   * Searches of one store.
   *
   * @param approximate HNSW search, otherwise exact
   * @param analyzer the analyzer the text field was indexed with
   */
  public StoreSearch(
      DistanceMetric metric, boolean approximate, int defaultAccuracy, Analyzer analyzer) {
    this.metric = metric;
    this.approximate = approximate;
    this.defaultAccuracy = defaultAccuracy;
    this.analyzer = analyzer;
  }

  /** The matches of a request whose vector has been checked against the store. */
  public List<Match> search(IndexSearcher searcher, SearchRequest request) throws IOException {
    float[] query = LuceneScores.prepare(metric, request.vector());
    Query filter =
        request.filter() instanceof Filter.All
            ? null
            : LuceneFilterConverter.toQuery(request.filter());
    int depth = Math.max(request.topK(), request.accuracy().orElse(defaultAccuracy));
    List<Ranked> byVector = tiesById(searcher, byVector(searcher, query, filter, depth, request));
    if (request.hybridText().isEmpty()) {
      return matches(
          searcher,
          byVector.subList(0, Math.min(request.topK(), byVector.size())),
          d -> Match.Found.VECTOR);
    }
    List<Ranked> byText = byText(searcher, query, filter, depth, request);
    Set<Integer> vectorDocs = byVector.stream().map(Ranked::doc).collect(Collectors.toSet());
    Set<Integer> textDocs = byText.stream().map(Ranked::doc).collect(Collectors.toSet());
    List<Ranked> fused = ReciprocalRankFusion.fuse(List.of(byVector, byText), request.topK());
    return matches(
        searcher, fused, d -> Match.Found.of(vectorDocs.contains(d), textDocs.contains(d)));
  }

  /**
   * {@code ranked} (best first) with equal scores ordered by record id, so that a result does not
   * depend on the depth searched or on the order documents were written in. Ids are read only for
   * documents that share their score with another.
   */
  static List<Ranked> tiesById(IndexSearcher searcher, List<Ranked> ranked) throws IOException {
    Map<Integer, String> ids = new HashMap<>();
    StoredFields stored = null;
    for (int i = 1; i < ranked.size(); i++) {
      if (ranked.get(i).score() == ranked.get(i - 1).score()) {
        stored = stored == null ? searcher.storedFields() : stored;
        for (Ranked r : List.of(ranked.get(i - 1), ranked.get(i))) {
          if (!ids.containsKey(r.doc())) {
            ids.put(
                r.doc(),
                stored.document(r.doc(), Set.of(RecordDocuments.ID)).get(RecordDocuments.ID));
          }
        }
      }
    }
    if (ids.isEmpty()) {
      return ranked;
    }
    List<Ranked> sorted = new ArrayList<>(ranked);
    sorted.sort(
        Comparator.comparingDouble(Ranked::score)
            .reversed()
            .thenComparing(r -> ids.getOrDefault(r.doc(), "")));
    return sorted;
  }

  /** The BM25 ranking of {@code text} alone, restricted by {@code filter}. */
  public List<Match> searchText(IndexSearcher searcher, String text, int topK, Filter filter)
      throws IOException {
    Query keywords =
        text == null || text.isBlank()
            ? null
            : new QueryBuilder(analyzer).createBooleanQuery(RecordDocuments.TEXT, text);
    if (keywords == null) {
      return List.of();
    }
    if (!(filter instanceof Filter.All)) {
      keywords =
          new BooleanQuery.Builder()
              .add(keywords, Occur.MUST)
              .add(LuceneFilterConverter.toQuery(filter), Occur.FILTER)
              .build();
    }
    return matches(
        searcher,
        Arrays.stream(searcher.search(keywords, topK).scoreDocs)
            .map(d -> new Ranked(d.doc, d.score))
            .toList(),
        d -> Match.Found.TEXT);
  }

  /** The vector ranking: HNSW with {@code depth} candidates, or exact. */
  private List<Ranked> byVector(
      IndexSearcher searcher, float[] query, Query filter, int depth, SearchRequest request)
      throws IOException {
    List<Ranked> ranked;
    if (approximate) {
      TopDocs top =
          searcher.search(
              new KnnFloatVectorQuery(RecordDocuments.VECTOR, query, depth, filter), depth);
      ranked =
          Arrays.stream(top.scoreDocs)
              .map(d -> new Ranked(d.doc, LuceneScores.toScore(metric, d.score)))
              .toList();
    } else {
      ranked = ExactSearch.top(searcher, query, filter, depth, metric);
    }
    return request.minScore().isEmpty()
        ? ranked
        : ranked.stream().filter(r -> r.score() >= request.minScore().getAsDouble()).toList();
  }

  /** The BM25 ranking of the hybrid text over the records' text, restricted by the filter. */
  private List<Ranked> byText(
      IndexSearcher searcher, float[] query, Query filter, int depth, SearchRequest request)
      throws IOException {
    Query keywords =
        new QueryBuilder(analyzer)
            .createBooleanQuery(RecordDocuments.TEXT, request.hybridText().orElseThrow());
    if (keywords == null) {
      return List.of(); // nothing searchable in the text, e.g. only punctuation
    }
    if (filter != null) {
      keywords =
          new BooleanQuery.Builder().add(keywords, Occur.MUST).add(filter, Occur.FILTER).build();
    }
    List<Ranked> ranked =
        Arrays.stream(searcher.search(keywords, depth).scoreDocs)
            .map(d -> new Ranked(d.doc, d.score))
            .toList();
    if (request.minScore().isEmpty()) {
      return ranked;
    }
    Map<Integer, Double> similarity =
        ExactSearch.scores(searcher, query, ranked.stream().map(Ranked::doc).toList(), metric);
    double minimum = request.minScore().getAsDouble();
    return ranked.stream()
        .filter(r -> similarity.getOrDefault(r.doc(), Double.NEGATIVE_INFINITY) >= minimum)
        .toList();
  }

  private static List<Match> matches(
      IndexSearcher searcher, List<Ranked> ranked, IntFunction<Match.Found> found)
      throws IOException {
    StoredFields stored = searcher.storedFields();
    Match[] matches = new Match[ranked.size()];
    for (int i = 0; i < matches.length; i++) {
      Ranked r = ranked.get(i);
      matches[i] =
          RecordDocuments.toMatch(stored.document(r.doc()), r.score())
              .with(r.score(), found.apply(r.doc()));
    }
    return List.of(matches);
  }
}
