package io.cmsai.vectorstore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cmsai.vectorstore.filter.Filter;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The reference semantics of filters and the checks on names and values. */
class FilterTest {

  private static final Map<String, Object> DOC =
      Map.of("type", "news", "year", 2024L, "rating", 4.5, "live", true);

  @Test
  void leaves_match_typed_values_and_numbers_compare_numerically() {
    assertTrue(Filter.eq("type", "news").matches(DOC));
    assertTrue(Filter.eq("year", 2024).matches(DOC), "int and long");
    assertTrue(Filter.eq("year", 2024.0).matches(DOC), "long and double");
    assertFalse(Filter.eq("year", "2024").matches(DOC), "text is not a number");
    assertTrue(Filter.in("type", "page", "news").matches(DOC));
    assertTrue(Filter.between("rating", 4, 5).matches(DOC));
    assertFalse(Filter.gt("rating", 4.5).matches(DOC));
    assertTrue(Filter.gte("rating", 4.5).matches(DOC));
    assertTrue(Filter.lt("type", "o").matches(DOC), "text ranges compare as text");
    assertFalse(Filter.gt("type", 3).matches(DOC), "a text value is outside a numeric range");
  }

  @Test
  void a_missing_field_matches_no_leaf_but_matches_its_negation() {
    Map<String, Object> bare = Map.of();

    assertFalse(Filter.eq("type", "news").matches(bare));
    assertFalse(Filter.in("type", "news").matches(bare));
    assertFalse(Filter.gte("year", 0).matches(bare));
    assertTrue(Filter.not(Filter.eq("type", "news")).matches(bare));
    assertTrue(Filter.all().matches(bare));
    assertTrue(
        Filter.or(
                Filter.eq("type", "x"),
                Filter.and(Filter.eq("live", true), Filter.not(Filter.lt("year", 2000))))
            .matches(DOC));
  }

  @Test
  void names_and_values_are_checked_when_the_filter_is_built() {
    assertThrows(IllegalArgumentException.class, () -> Filter.eq("type\" OR 1=1", "x"));
    assertThrows(IllegalArgumentException.class, () -> Filter.eq("", "x"));
    assertThrows(IllegalArgumentException.class, () -> Filter.eq("type", List.of("x")));
    assertThrows(IllegalArgumentException.class, () -> Filter.eq("rating", Double.NaN));
    assertThrows(IllegalArgumentException.class, () -> Filter.in("type"));
    assertThrows(IllegalArgumentException.class, () -> Filter.between("year", 1, "z"));
    assertThrows(
        IllegalArgumentException.class, () -> new Filter.Range("year", null, true, null, true));
    assertThrows(IllegalArgumentException.class, () -> new Filter.And(List.of()));
    assertEquals(2024L, ((Filter.Eq) Filter.eq("year", 2024)).value());
  }

  @Test
  void records_check_ids_vectors_and_metadata() {
    assertThrows(IllegalArgumentException.class, () -> new VectorRecord(" ", new float[] {1}));
    assertThrows(
        IllegalArgumentException.class, () -> new VectorRecord("x".repeat(256), new float[] {1}));
    assertThrows(
        IllegalArgumentException.class,
        () -> new VectorRecord("a", new float[] {1}, "", Map.of("bad key", "v")));
    float[] vector = {1, 2};
    VectorRecord record = new VectorRecord("a", vector, null, Map.of("n", 3));
    vector[0] = 99;
    assertEquals(1f, record.vector()[0], "the record keeps its own copy");
    assertEquals(Map.of("n", 3L), record.metadata());
    assertEquals("", record.text());
    assertThrows(DimensionMismatchException.class, () -> Vectors.check(new float[3], 2, "t", "q"));
    assertThrows(
        IllegalArgumentException.class,
        () -> Vectors.check(new float[] {Float.POSITIVE_INFINITY}, 1, "t", "q"));
    assertEquals(DistanceMetric.INNER_PRODUCT, DistanceMetric.parse("IP"));
    assertThrows(IllegalArgumentException.class, () -> DistanceMetric.parse("hamming"));
    assertEquals(IndexType.IVFFLAT, IndexType.parse("IVF_FLAT"));
  }

  @Test
  void fingerprints_describe_how_they_differ() {
    EmbeddingFingerprint a =
        new EmbeddingFingerprint("all-minilm-l6-v2", 384, DistanceMetric.COSINE, true);
    EmbeddingFingerprint b =
        new EmbeddingFingerprint("text-embedding-3-small", 1536, DistanceMetric.COSINE, true);

    assertEquals("", a.difference(a));
    assertEquals(
        "model all-minilm-l6-v2 vs text-embedding-3-small, dimension 384 vs 1536", a.difference(b));
  }
}
