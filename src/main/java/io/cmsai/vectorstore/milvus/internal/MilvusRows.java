package io.cmsai.vectorstore.milvus.internal;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.google.gson.JsonPrimitive;
import io.cmsai.vectorstore.DistanceMetric;
import io.cmsai.vectorstore.Match;
import io.cmsai.vectorstore.VectorRecord;
import io.milvus.v2.service.vector.response.SearchResp.SearchResult;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Records to Milvus rows and search hits back to matches. Metadata is one JSON object: strings,
 * booleans, whole numbers (written without a decimal point, read back as {@link Long}) and decimals
 * (written with one, read back as {@link Double}), so every value round-trips with its type.
 * Stateless.
 */
public final class MilvusRows {

  /** Milvus's default limit of one JSON value (the {@code common.json.maxLength} setting). */
  public static final int METADATA_MAX_BYTES = 65_536;

  private MilvusRows() {}

  /**
   * The row for {@code record}.
   *
   * @throws IllegalArgumentException when its text or metadata exceed what Milvus stores
   */
  public static JsonObject row(VectorRecord record) {
    JsonObject metadata = metadataJson(record.metadata());
    checkBytes(record.text(), "text", MilvusSchema.TEXT_MAX_BYTES, record.id());
    checkBytes(metadata.toString(), "metadata", METADATA_MAX_BYTES, record.id());
    JsonObject row = new JsonObject();
    row.addProperty(MilvusSchema.ID, record.id());
    JsonArray vector = new JsonArray();
    for (float v : record.vector()) {
      vector.add(v);
    }
    row.add(MilvusSchema.VECTOR, vector);
    row.addProperty(MilvusSchema.TEXT, record.text());
    row.add(MilvusSchema.METADATA, metadata);
    return row;
  }

  /** {@code metadata} as a JSON object. */
  public static JsonObject metadataJson(Map<String, Object> metadata) {
    JsonObject json = new JsonObject();
    metadata.forEach(
        (name, value) -> {
          if (value instanceof String s) {
            json.addProperty(name, s);
          } else if (value instanceof Boolean b) {
            json.addProperty(name, b);
          } else {
            json.addProperty(name, (Number) value);
          }
        });
    return json;
  }

  /**
   * The match for a search hit, its raw Milvus score turned into the port's score.
   *
   * @param metric the collection's metric (Milvus returns squared distances for L2)
   */
  public static Match match(SearchResult hit, DistanceMetric metric) {
    Map<String, Object> entity = hit.getEntity();
    Object text = entity.get(MilvusSchema.TEXT);
    return new Match(
        String.valueOf(hit.getId()),
        score(hit.getScore(), metric),
        text == null ? "" : text.toString(),
        metadata(entity.get(MilvusSchema.METADATA)));
  }

  /**
   * The port's score for a raw Milvus score: cosine similarity and inner product as returned; for
   * L2, Milvus returns the <em>squared</em> distance {@code d}, so {@code 1 / (1 + sqrt(d))}.
   */
  public static double score(double raw, DistanceMetric metric) {
    return metric == DistanceMetric.L2 ? 1 / (1 + Math.sqrt(Math.max(0, raw))) : raw;
  }

  /** Typed metadata from the JSON value Milvus returns (a Gson element or its text). */
  public static Map<String, Object> metadata(Object json) {
    JsonElement element = json instanceof JsonElement e ? e : parse(json);
    if (element == null || !element.isJsonObject()) {
      return Map.of();
    }
    Map<String, Object> metadata = new LinkedHashMap<>();
    for (Map.Entry<String, JsonElement> entry : element.getAsJsonObject().entrySet()) {
      if (entry.getValue().isJsonPrimitive()) {
        metadata.put(entry.getKey(), value(entry.getValue().getAsJsonPrimitive()));
      }
    }
    return Collections.unmodifiableMap(metadata);
  }

  /** Ids split into groups of at most {@code size}. */
  public static List<List<String>> chunks(List<String> ids, int size) {
    int groups = (ids.size() + size - 1) / size;
    return java.util.stream.IntStream.range(0, groups)
        .mapToObj(g -> ids.subList(g * size, Math.min(ids.size(), (g + 1) * size)))
        .toList();
  }

  private static Object value(JsonPrimitive primitive) {
    if (primitive.isBoolean()) {
      return primitive.getAsBoolean();
    }
    if (!primitive.isNumber()) {
      return primitive.getAsString();
    }
    String text = primitive.getAsNumber().toString();
    if (text.contains(".") || text.contains("e") || text.contains("E")) {
      return Double.parseDouble(text);
    }
    try {
      return Long.parseLong(text);
    } catch (NumberFormatException tooLong) {
      return Double.parseDouble(text);
    }
  }

  private static JsonElement parse(Object json) {
    if (json == null) {
      return null;
    }
    try {
      return JsonParser.parseString(json.toString());
    } catch (RuntimeException unreadable) {
      return null;
    }
  }

  private static void checkBytes(String value, String what, int max, String id) {
    int bytes = value.getBytes(StandardCharsets.UTF_8).length;
    if (bytes > max) {
      throw new IllegalArgumentException(
          "record "
              + (id.length() > 40 ? id.substring(0, 40) + "…" : id)
              + " has "
              + bytes
              + " bytes of "
              + what
              + " (UTF-8); a Milvus collection holds at most "
              + max);
    }
  }
}
