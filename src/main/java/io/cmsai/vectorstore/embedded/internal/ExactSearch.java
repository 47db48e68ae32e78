package io.cmsai.vectorstore.embedded.internal;

import io.cmsai.vectorstore.DistanceMetric;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import org.apache.lucene.index.FloatVectorValues;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.ReaderUtil;
import org.apache.lucene.search.ConjunctionUtils;
import org.apache.lucene.search.DocIdSetIterator;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreMode;
import org.apache.lucene.search.Scorer;
import org.apache.lucene.search.Weight;
import org.apache.lucene.util.Bits;

/**
 * Exact (brute-force) vector scoring over the stored vectors of a searcher's reader: every live
 * document the filter matches is scored with {@link DistanceMetric#score} in double precision.
 * Thread-safe (no state); the searcher must stay acquired during a call.
 */
public final class ExactSearch {

  /** Best first; equal scores in document order. */
  public static final Comparator<Ranked> BEST_FIRST =
      Comparator.comparingDouble(Ranked::score).reversed().thenComparingInt(Ranked::doc);

  private ExactSearch() {}

  /**
   * The {@code n} best live documents that {@code filter} matches, best first.
   *
   * @param query the prepared query vector ({@link LuceneScores#prepare})
   * @param filter the pre-filter, or {@code null} for every document
   */
  public static List<Ranked> top(
      IndexSearcher searcher, float[] query, Query filter, int n, DistanceMetric metric)
      throws IOException {
    Weight weight =
        filter == null
            ? null
            : searcher.createWeight(searcher.rewrite(filter), ScoreMode.COMPLETE_NO_SCORES, 1f);
    PriorityQueue<Ranked> best = new PriorityQueue<>(BEST_FIRST.reversed());
    for (LeafReaderContext leaf : searcher.getIndexReader().leaves()) {
      FloatVectorValues values = leaf.reader().getFloatVectorValues(RecordDocuments.VECTOR);
      DocIdSetIterator docs = values == null ? null : restrict(values, weight, leaf);
      if (docs == null) {
        continue;
      }
      Bits live = leaf.reader().getLiveDocs();
      for (int doc = docs.nextDoc(); doc != DocIdSetIterator.NO_MORE_DOCS; doc = docs.nextDoc()) {
        if (live == null || live.get(doc)) {
          best.add(new Ranked(leaf.docBase + doc, metric.score(query, values.vectorValue())));
          if (best.size() > n) {
            best.poll();
          }
        }
      }
    }
    List<Ranked> ranked = new ArrayList<>(best);
    ranked.sort(BEST_FIRST);
    return ranked;
  }

  /**
   * The exact scores of {@code docs} (reader-wide ids) against {@code query}; documents without a
   * vector are left out.
   */
  public static Map<Integer, Double> scores(
      IndexSearcher searcher, float[] query, List<Integer> docs, DistanceMetric metric)
      throws IOException {
    List<LeafReaderContext> leaves = searcher.getIndexReader().leaves();
    Map<Integer, Double> scores = new HashMap<>();
    FloatVectorValues values = null;
    int current = -1;
    for (int doc : docs.stream().sorted().toList()) {
      int index = ReaderUtil.subIndex(doc, leaves);
      if (index != current) {
        current = index;
        values = leaves.get(index).reader().getFloatVectorValues(RecordDocuments.VECTOR);
      }
      int local = doc - leaves.get(index).docBase;
      if (values != null && values.docID() < local) {
        values.advance(local);
      }
      if (values != null && values.docID() == local) {
        scores.put(doc, metric.score(query, values.vectorValue()));
      }
    }
    return scores;
  }

  private static DocIdSetIterator restrict(
      FloatVectorValues values, Weight filter, LeafReaderContext leaf) throws IOException {
    if (filter == null) {
      return values;
    }
    Scorer scorer = filter.scorer(leaf);
    return scorer == null
        ? null
        : ConjunctionUtils.intersectIterators(List.of(scorer.iterator(), values));
  }
}
