package io.cmsai.vectorstore.pgvector.internal;

import io.cmsai.platform.Jsons;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Metadata to and from the {@code jsonb} column, keeping the module's value types: whole numbers
 * come back as {@link Long}, decimals as {@link Double} (jsonb keeps {@code 2.0} as written by
 * {@link #write}, which always writes a decimal point for doubles).
 */
public final class MetadataJson {

  private MetadataJson() {}

  /**
   * The JSON object of {@code metadata} (values String, Long, Double or Boolean, as {@link
   * io.cmsai.vectorstore.Metadata} admits), written directly: this runs once per record on the
   * write path. Strings are escaped as RFC 8259 requires; doubles are written as {@link BigDecimal}
   * writes {@link Double#toString}, always with a decimal point or an exponent.
   */
  public static String write(Map<String, Object> metadata) {
    StringBuilder out = new StringBuilder(16 + 24 * metadata.size()).append('{');
    boolean first = true;
    for (Map.Entry<String, Object> entry : metadata.entrySet()) {
      if (!first) {
        out.append(',');
      }
      first = false;
      string(out, entry.getKey()).append(':');
      Object value = entry.getValue();
      if (value instanceof String s) {
        string(out, s);
      } else if (value instanceof Double d) {
        out.append(new BigDecimal(Double.toString(d)));
      } else {
        out.append(value); // Long or Boolean
      }
    }
    return out.append('}').toString();
  }

  private static StringBuilder string(StringBuilder out, String text) {
    out.append('"');
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        case '\b' -> out.append("\\b");
        case '\f' -> out.append("\\f");
        default -> {
          if (c < 0x20) {
            out.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    return out.append('"');
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
