package io.cmsai.vectorstore.pgvector.internal;

import io.cmsai.platform.Jsons;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Metadata to and from the {@code jsonb} column, keeping the module's value types: whole numbers
 * come back as {@link Long}, decimals as {@link Double} (jsonb keeps {@code 2.0} as written by
 * {@link #write}, which always writes a decimal point for doubles).
 */
public final class MetadataJson {

  private MetadataJson() {}

  public static String write(Map<String, Object> metadata) {
    JsonObjectBuilder object = Jsons.JSON.createObjectBuilder();
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

  public static Map<String, Object> read(String json) {
    JsonObject object = Jsons.readObject(json);
    Map<String, Object> metadata = new LinkedHashMap<>();
    object.forEach((key, value) -> metadata.put(key, value(value)));
    return metadata;
  }

  private static Object value(JsonValue value) {
    if (value instanceof JsonString s) {
      return s.getString();
    }
    if (value instanceof JsonNumber n) {
      String text = n.toString();
      boolean decimal = text.contains(".") || text.contains("e") || text.contains("E");
      return decimal ? (Object) n.doubleValue() : (Object) n.longValueExact();
    }
    return value.getValueType() == JsonValue.ValueType.TRUE;
  }
}
