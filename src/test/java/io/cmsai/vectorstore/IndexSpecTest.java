package io.cmsai.vectorstore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

class IndexSpecTest {

  @Test
  void hnsw_defaults_come_from_one_place() {
    assertEquals(
        new IndexSpec.Hnsw(IndexSpec.DEFAULT_M, IndexSpec.DEFAULT_EF_CONSTRUCTION),
        IndexSpec.hnsw());
    assertEquals(IndexSpec.hnsw(), IndexSpec.of(IndexType.HNSW, Map.of()));
    assertEquals(IndexSpec.hnsw(32, 64), IndexSpec.of(IndexType.HNSW, Map.of("m", 32)));
  }

  @Test
  void parameters_round_trip_through_their_settings_names() {
    for (IndexSpec spec :
        new IndexSpec[] {
          IndexSpec.none(), IndexSpec.hnsw(8, 40), IndexSpec.ivfFlat(256), IndexSpec.auto()
        }) {
      assertEquals(spec, IndexSpec.of(spec.type(), spec.parameters()));
    }
  }

  @Test
  void a_parameter_of_another_index_type_is_refused() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> IndexSpec.of(IndexType.HNSW, Map.of("lists", 10)));
    assertTrue(e.getMessage().contains("ef_construction, m"), e.getMessage());
    assertThrows(
        IllegalArgumentException.class, () -> IndexSpec.of(IndexType.NONE, Map.of("m", 4)));
    assertThrows(IllegalArgumentException.class, () -> IndexSpec.hnsw(0, 64));
    assertThrows(IllegalArgumentException.class, () -> IndexSpec.ivfFlat(-1));
  }

  @Test
  void default_accuracy_follows_the_index_type() {
    assertEquals(IndexSpec.DEFAULT_EF_SEARCH, IndexSpec.hnsw().defaultAccuracy(10));
    assertEquals(500, IndexSpec.hnsw().defaultAccuracy(500));
    assertEquals(10, IndexSpec.ivfFlat(100).defaultAccuracy(10));
    assertEquals(0, IndexSpec.none().defaultAccuracy(10));
    assertEquals(0, IndexSpec.auto().defaultAccuracy(10));
  }
}
