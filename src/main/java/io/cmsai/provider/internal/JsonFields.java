package io.cmsai.provider.internal;

import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import java.util.Optional;

/** Tolerant reads of one field of a JSON object: wrong types and JSON null count as absent. */
final class JsonFields {

  private JsonFields() {}

  /** The field as a string, if it is one. */
  static Optional<String> text(JsonObject json, String key) {
    return json.get(key) instanceof JsonString s ? Optional.of(s.getString()) : Optional.empty();
  }

  /** The field as text if it is a string or a number (error {@code code} comes as either). */
  static Optional<String> scalar(JsonObject json, String key) {
    return json.get(key) instanceof JsonNumber n ? Optional.of(n.toString()) : text(json, key);
  }

  /** The field as an int if it is an integral number, else 0. */
  static int integer(JsonObject json, String key) {
    return json.get(key) instanceof JsonNumber n && n.isIntegral() ? n.intValue() : 0;
  }
}
