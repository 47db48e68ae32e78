package io.cmsai.vectorstore.embedded.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.cmsai.vectorstore.DistanceMetric;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Lucene's similarity scores, converted back, equal the port's exact scores. */
class LuceneScoresTest {

  @ParameterizedTest
  @EnumSource(DistanceMetric.class)
  void converted_lucene_scores_equal_the_exact_metric(DistanceMetric metric) {
    Random random = new Random(11);
    for (int i = 0; i < 2_000; i++) {
      float[] a = vector(random, 0.1 + 3 * random.nextDouble());
      float[] b = i % 100 == 0 ? a.clone() : vector(random, 0.1 + 3 * random.nextDouble());

      float lucene =
          LuceneScores.similarity(metric)
              .compare(LuceneScores.prepare(metric, a), LuceneScores.prepare(metric, b));

      double exact = metric.score(a, b);
      assertEquals(
          exact, LuceneScores.toScore(metric, lucene), 1e-5 * Math.max(1, Math.abs(exact)));
    }
  }

  @Test
  void inner_product_keeps_its_sign_and_magnitude() {
    float[] a = {3, 0};
    assertEquals(-6, score(DistanceMetric.INNER_PRODUCT, a, new float[] {-2, 0}), 1e-5);
    assertEquals(0, score(DistanceMetric.INNER_PRODUCT, a, new float[] {0, 5}), 1e-6);
    assertEquals(12, score(DistanceMetric.INNER_PRODUCT, a, new float[] {4, 1}), 1e-5);
  }

  @Test
  void a_zero_vector_has_cosine_zero_and_l2_its_distance() {
    float[] zero = {0, 0, 0};
    assertEquals(0, score(DistanceMetric.COSINE, zero, new float[] {1, 2, 3}), 1e-6);
    assertEquals(1 / (1 + 5.0), score(DistanceMetric.L2, zero, new float[] {3, 4, 0}), 1e-6);
  }

  private static double score(DistanceMetric metric, float[] a, float[] b) {
    return LuceneScores.toScore(
        metric,
        LuceneScores.similarity(metric)
            .compare(LuceneScores.prepare(metric, a), LuceneScores.prepare(metric, b)));
  }

  private static float[] vector(Random random, double scale) {
    float[] v = new float[16];
    for (int i = 0; i < v.length; i++) {
      v[i] = (float) (random.nextGaussian() * scale);
    }
    return v;
  }
}
