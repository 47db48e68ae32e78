package io.cmsai.vectorstore.embedded;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cmsai.vectorstore.DistanceMetric;
import io.cmsai.vectorstore.IndexSpec;
import io.cmsai.vectorstore.Match;
import io.cmsai.vectorstore.SearchRequest;
import io.cmsai.vectorstore.VectorRecord;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Recall of the HNSW search with the default parameters (m 16, ef_construction 64, default
 * candidates): 2,000 random 64-dimension vectors, top 10 of 50 queries against the exact top 10.
 */
class LuceneHnswRecallTest {

  private static final int RECORDS = 2_000;
  private static final int DIMENSION = 64;
  private static final int QUERIES = 50;
  private static final int TOP_K = 10;

  @TempDir Path dataRoot;

  @ParameterizedTest
  @EnumSource(DistanceMetric.class)
  void recall_at_10_against_exact_search_is_at_least_095(DistanceMetric metric) {
    Random random = new Random(42);
    List<VectorRecord> records = new ArrayList<>();
    for (int i = 0; i < RECORDS; i++) {
      records.add(new VectorRecord("r" + i, randomVector(random)));
    }
    LuceneStoreSettings settings =
        new LuceneStoreSettings("recall", DIMENSION, metric, IndexSpec.hnsw(), Optional.empty());
    try (LuceneVectorStore store = EmbeddedVectorStoreFactory.openIndex(dataRoot, settings)) {
      for (int from = 0; from < RECORDS; from += 500) {
        store.upsert(records.subList(from, from + 500));
      }

      int found = 0;
      for (int q = 0; q < QUERIES; q++) {
        float[] query = randomVector(random);
        Set<String> exact = exactTop(records, query, metric);
        for (Match match : store.search(SearchRequest.of(query).topK(TOP_K).build())) {
          found += exact.contains(match.id()) ? 1 : 0;
        }
      }

      double recall = found / (double) (QUERIES * TOP_K);
      System.out.printf("HNSW recall@%d, %s: %.3f%n", TOP_K, metric.id(), recall);
      assertTrue(recall >= 0.95, metric.id() + " recall@10 = " + recall);
    }
  }

  private static Set<String> exactTop(
      List<VectorRecord> records, float[] query, DistanceMetric metric) {
    Set<String> top = new HashSet<>();
    records.stream()
        .sorted(Comparator.comparingDouble((VectorRecord r) -> -metric.score(query, r.vector())))
        .limit(TOP_K)
        .forEach(r -> top.add(r.id()));
    return top;
  }

  private static float[] randomVector(Random random) {
    float[] v = new float[DIMENSION];
    for (int i = 0; i < DIMENSION; i++) {
      v[i] = (float) random.nextGaussian();
    }
    return v;
  }
}
