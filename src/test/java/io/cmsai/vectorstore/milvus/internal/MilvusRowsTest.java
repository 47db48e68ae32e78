package io.cmsai.vectorstore.milvus.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.cmsai.vectorstore.DistanceMetric;
import io.cmsai.vectorstore.Match;
import io.cmsai.vectorstore.VectorRecord;
import io.milvus.v2.service.vector.response.SearchResp.SearchResult;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MilvusRowsTest {

  @Test
  void a_row_holds_id_vector_text_and_metadata_as_json() {
    VectorRecord record =
        new VectorRecord("doc-1", new float[] {0.25f, -1f}, "Hello ✓", Map.of("year", 2024L));

    JsonObject row = MilvusRows.row(record);

    assertEquals("doc-1", row.get("id").getAsString());
    assertEquals(-1f, row.getAsJsonArray("vector").get(1).getAsFloat());
    assertEquals("Hello ✓", row.get("text").getAsString());
    assertEquals(2024L, row.getAsJsonObject("metadata").get("year").getAsLong());
  }

  @Test
  void metadata_keeps_its_types_through_json() {
    Map<String, Object> metadata =
        Map.of("type", "news", "year", 2024L, "rating", 4.0, "tiny", 1e-9, "live", true, "n", -3L);

    String json = MilvusRows.metadataJson(metadata).toString();

    assertEquals(metadata, MilvusRows.metadata(json));
    assertEquals(metadata, MilvusRows.metadata(JsonParser.parseString(json)));
  }

  @Test
  void unreadable_or_non_object_metadata_reads_as_empty() {
    assertEquals(Map.of(), MilvusRows.metadata(null));
    assertEquals(Map.of(), MilvusRows.metadata("not json {"));
    assertEquals(Map.of(), MilvusRows.metadata("[1, 2]"));
    assertEquals(Map.of("a", 1L), MilvusRows.metadata("{\"a\": 1, \"nested\": {\"b\": 2}}"));
  }

  @Test
  void l2_scores_come_from_squared_distances_the_others_as_returned() {
    assertEquals(1 / (1 + 3.0), MilvusRows.score(9.0, DistanceMetric.L2), 1e-12);
    assertEquals(1.0, MilvusRows.score(0.0, DistanceMetric.L2), 1e-12);
    assertEquals(1.0, MilvusRows.score(-1e-7, DistanceMetric.L2), 1e-12);
    assertEquals(0.83, MilvusRows.score(0.83, DistanceMetric.COSINE), 1e-12);
    assertEquals(-2.5, MilvusRows.score(-2.5, DistanceMetric.INNER_PRODUCT), 1e-12);
  }

  @Test
  void a_hit_becomes_a_match_with_the_ports_score() {
    SearchResult hit =
        SearchResult.builder()
            .id("a")
            .score(4f)
            .entity(Map.of("text", "t", "metadata", JsonParser.parseString("{\"k\":\"v\"}")))
            .build();

    Match match = MilvusRows.match(hit, DistanceMetric.L2);

    assertEquals(new Match("a", 1 / 3.0, "t", Map.of("k", "v")), match);
  }

  @Test
  void text_beyond_milvus_varchar_bytes_is_refused_naming_the_record() {
    VectorRecord big = new VectorRecord("big", new float[] {1f}, "€".repeat(21_846), Map.of());

    IllegalArgumentException refused =
        assertThrows(IllegalArgumentException.class, () -> MilvusRows.row(big));

    assertTrue(
        refused.getMessage().contains("record big has 65538 bytes of text"), refused.getMessage());
    MilvusRows.row(new VectorRecord("fits", new float[] {1f}, "a".repeat(65_535), Map.of()));
  }

  @Test
  void ids_are_split_into_chunks() {
    assertEquals(
        List.of(List.of("a", "b"), List.of("c")), MilvusRows.chunks(List.of("a", "b", "c"), 2));
    assertEquals(List.of(), MilvusRows.chunks(List.of(), 2));
  }
}
