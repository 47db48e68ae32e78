package io.cmsai.vectorstore.pgvector.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.cmsai.platform.Jsons;
import io.cmsai.vectorstore.Metadata;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MetadataJsonTest {

  @Test
  void every_value_type_round_trips_and_matches_the_json_library() {
    Map<String, Object> metadata = new LinkedHashMap<>();
    metadata.put("title", "Quote \" backslash \\ tab \t newline \n bell \u0007 é 漢 😀");
    metadata.put("n", 42L);
    metadata.put("big", Long.MIN_VALUE);
    metadata.put("half", 0.5);
    metadata.put("whole", 2.0);
    metadata.put("tiny", 1.0e-7);
    metadata.put("huge", 3.0e21);
    metadata.put("public", true);
    metadata.put("draft", false);
    Map<String, Object> stored = Metadata.copyOf(metadata);

    String json = MetadataJson.write(stored);

    assertEquals(stored, MetadataJson.read(json));
    assertEquals(Jsons.readObject(json), Jsons.readObject(library(stored)));
  }

  @Test
  void an_empty_map_is_an_empty_object() {
    assertEquals("{}", MetadataJson.write(Map.of()));
  }

  /** What the JSON library writes for the same metadata (the previous implementation). */
  private static String library(Map<String, Object> metadata) {
    jakarta.json.JsonObjectBuilder object = Jsons.JSON.createObjectBuilder();
    metadata.forEach(
        (key, value) -> {
          if (value instanceof String s) {
            object.add(key, s);
          } else if (value instanceof Long l) {
            object.add(key, l);
          } else if (value instanceof Double d) {
            object.add(key, Jsons.JSON.createValue(new java.math.BigDecimal(Double.toString(d))));
          } else {
            object.add(key, (Boolean) value);
          }
        });
    return object.build().toString();
  }
}
