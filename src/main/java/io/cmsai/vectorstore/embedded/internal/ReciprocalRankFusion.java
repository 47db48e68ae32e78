package io.cmsai.vectorstore.embedded.internal;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reciprocal rank fusion (Cormack, Clarke and Büttcher, 2009): a document's fused score is the sum,
 * over the rankings that hold it, of {@code 1 / (k + rank)} with {@code rank} starting at 1 and
 * {@code k = 60}. Only ranks count, not the rankings' own scores, so rankings on different scales
 * (vector similarity, BM25) combine without calibration; a document high in both rises above one
 * high in only one. Equal fused scores keep the order of first appearance (earlier rankings first).
 */
public final class ReciprocalRankFusion {

  /** The rank constant: damps the weight of the very first ranks. */
  public static final int K = 60;

  private ReciprocalRankFusion() {}

  /** The {@code n} best documents of the fused {@code rankings}, best first. */
  public static List<Ranked> fuse(List<List<Ranked>> rankings, int n) {
    Map<Integer, Double> fused = new LinkedHashMap<>();
    for (List<Ranked> ranking : rankings) {
      for (int i = 0; i < ranking.size(); i++) {
        fused.merge(ranking.get(i).doc(), 1.0 / (K + i + 1), Double::sum);
      }
    }
    List<Ranked> ranked = new ArrayList<>();
    fused.forEach((doc, score) -> ranked.add(new Ranked(doc, score)));
    ranked.sort(Comparator.comparingDouble(Ranked::score).reversed());
    return ranked.subList(0, Math.min(n, ranked.size()));
  }
}
