package io.cmsai.content.internal;

import io.cmsai.content.ContentItem;
import io.cmsai.platform.Jsons;
import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * {@link ContentItem} to and from JSON: the REST push body and the durable queue's payload. Field
 * names: {@code title, body, url, language, tags, type, published, accessGroups, modified}.
 */
public final class ContentJson {

  /** The fields of an item, in the order {@link #write} writes them. */
  public static final java.util.List<String> FIELDS =
      java.util.List.of(
          "id",
          "title",
          "body",
          "url",
          "language",
          "tags",
          "type",
          "published",
          "accessGroups",
          "modified");

  private ContentJson() {}

  /**
   * The item {@code id} described by {@code json}.
   *
   * @throws IllegalArgumentException naming the field when a value has the wrong type or is invalid
   */
  public static ContentItem read(String id, JsonObject json) {
    for (String field : json.keySet()) {
      if (!FIELDS.contains(field)) {
        throw new IllegalArgumentException(
            "unknown field '" + field + "': the fields are " + String.join(", ", FIELDS));
      }
    }
    if (json.containsKey("id") && !id.equals(string(json, "id"))) {
      throw new IllegalArgumentException(
          "id in the body ('"
              + string(json, "id")
              + "') differs from the id in the path ('"
              + id
              + "')");
    }
    return new ContentItem(
        id,
        string(json, "title"),
        string(json, "body"),
        string(json, "url"),
        string(json, "language"),
        strings(json, "tags"),
        string(json, "type"),
        bool(json, "published", true),
        strings(json, "accessGroups"),
        instant(json, "modified"));
  }

  /** {@code item} as JSON (with its id). */
  public static JsonObject write(ContentItem item) {
    return Jsons.JSON
        .createObjectBuilder()
        .add("id", item.id())
        .add("title", item.title())
        .add("body", item.bodyHtml())
        .add("url", item.url())
        .add("language", item.language())
        .add("tags", array(item.tags()))
        .add("type", item.type())
        .add("published", item.published())
        .add("accessGroups", array(item.accessGroups()))
        .add("modified", item.modified().toString())
        .build();
  }

  private static JsonArrayBuilder array(Set<String> values) {
    JsonArrayBuilder array = Jsons.JSON.createArrayBuilder();
    values.forEach(array::add);
    return array;
  }

  private static String string(JsonObject json, String field) {
    JsonValue value = json.get(field);
    if (value == null || value.getValueType() == JsonValue.ValueType.NULL) {
      return "";
    }
    if (value.getValueType() != JsonValue.ValueType.STRING) {
      throw new IllegalArgumentException("'" + field + "' must be a string");
    }
    return ((JsonString) value).getString();
  }

  private static boolean bool(JsonObject json, String field, boolean fallback) {
    JsonValue value = json.get(field);
    if (value == null || value.getValueType() == JsonValue.ValueType.NULL) {
      return fallback;
    }
    if (value == JsonValue.TRUE || value == JsonValue.FALSE) {
      return value == JsonValue.TRUE;
    }
    throw new IllegalArgumentException("'" + field + "' must be true or false");
  }

  private static Set<String> strings(JsonObject json, String field) {
    JsonValue value = json.get(field);
    if (value == null || value.getValueType() == JsonValue.ValueType.NULL) {
      return Set.of();
    }
    if (value.getValueType() != JsonValue.ValueType.ARRAY) {
      throw new IllegalArgumentException("'" + field + "' must be an array of strings");
    }
    Set<String> values = new LinkedHashSet<>();
    for (JsonValue element : (JsonArray) value) {
      if (element.getValueType() != JsonValue.ValueType.STRING) {
        throw new IllegalArgumentException("'" + field + "' must be an array of strings");
      }
      values.add(((JsonString) element).getString());
    }
    return values;
  }

  private static Instant instant(JsonObject json, String field) {
    String text = string(json, field);
    if (text.isBlank()) {
      return Instant.now();
    }
    try {
      return Instant.parse(text.strip());
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException(
          "'" + field + "' must be an ISO-8601 instant such as 2026-01-31T12:00:00Z", e);
    }
  }
}
