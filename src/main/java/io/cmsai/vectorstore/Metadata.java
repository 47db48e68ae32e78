package io.cmsai.vectorstore;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Rules for metadata: field names are identifiers ({@code [A-Za-z_][A-Za-z0-9_]{0,63}}), so they
 * can never smuggle syntax into SQL, a Milvus expression or a Lucene field; values are strings,
 * whole numbers ({@link Long}), decimals ({@link Double}) or booleans.
 */
public final class Metadata {

  private static final Pattern FIELD = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,63}");

  private Metadata() {}

  /**
   * {@code name}, checked.
   *
   * @throws IllegalArgumentException when it is not an identifier
   */
  public static String field(String name) {
    if (name == null || !FIELD.matcher(name).matches()) {
      throw new IllegalArgumentException(
          "invalid metadata field name '"
              + name
              + "': use letters, digits and '_', starting with a letter or '_' (up to 64)");
    }
    return name;
  }

  /**
   * {@code value} as one of the stored types: {@link String}, {@link Long} (from any integer type),
   * {@link Double} (from float or double; must be finite) or {@link Boolean}.
   *
   * @throws IllegalArgumentException for any other type or a non-finite number
   */
  public static Object value(String field, Object value) {
    if (value instanceof String || value instanceof Boolean || value instanceof Long) {
      return value;
    }
    if (value instanceof Integer || value instanceof Short || value instanceof Byte) {
      return ((Number) value).longValue();
    }
    if (value instanceof Double || value instanceof Float) {
      double d = ((Number) value).doubleValue();
      if (!Double.isFinite(d)) {
        throw new IllegalArgumentException("metadata " + field + " is not a finite number: " + d);
      }
      return d;
    }
    throw new IllegalArgumentException(
        "metadata "
            + field
            + " has a "
            + (value == null ? "null" : value.getClass().getSimpleName())
            + " value: use a string, whole number, decimal or boolean");
  }

  /** A checked, immutable copy of {@code metadata} (insertion order kept). */
  public static Map<String, Object> copyOf(Map<String, ?> metadata) {
    if (metadata == null || metadata.isEmpty()) {
      return Map.of();
    }
    Map<String, Object> copy = new LinkedHashMap<>();
    metadata.forEach((k, v) -> copy.put(field(k), value(k, v)));
    return Collections.unmodifiableMap(copy);
  }
}
