package io.cmsai.vectorstore.pgvector.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cmsai.vectorstore.DistanceMetric;
import org.junit.jupiter.api.Test;

class PgQueriesTest {

  @Test
  void natural_language_text_becomes_an_or_of_its_lexemes() {
    String sql = PgQueries.tsquery("how do plants make food from sunlight");

    assertTrue(sql.contains("plainto_tsquery(?::regconfig, ?)"), sql);
    assertTrue(sql.contains("' & ', ' | '"), sql);
  }

  @Test
  void quoted_phrases_and_exclusions_keep_web_search_syntax() {
    for (String text : new String[] {"\"solar panel\" cost", "jaguar -car", "-draft notes"}) {
      assertTrue(PgQueries.tsquery(text).contains("websearch_to_tsquery"), text);
    }
  }

  @Test
  void a_hyphenated_word_is_not_an_exclusion() {
    assertTrue(PgQueries.tsquery("state-of-the-art search").contains("plainto_tsquery"));
  }

  @Test
  void each_distance_carries_its_operator_opclass_and_score() {
    assertEquals("<=>", PgDistance.of(DistanceMetric.COSINE).operator());
    assertEquals("<->", PgDistance.of(DistanceMetric.L2).operator());
    assertEquals("<#>", PgDistance.of(DistanceMetric.INNER_PRODUCT).operator());
    assertEquals("vector_cosine_ops", PgDistance.COSINE.opclass(false));
    assertEquals("halfvec_l2_ops", PgDistance.L2.opclass(true));
    assertEquals("vector_ip_ops", PgDistance.INNER_PRODUCT.opclass(false));
    assertEquals(0.75, PgDistance.COSINE.score(0.25), 1e-12);
    assertEquals(0.5, PgDistance.L2.score(1.0), 1e-12);
    assertEquals(0.8, PgDistance.INNER_PRODUCT.score(-0.8), 1e-12);
  }
}
