package io.cmsai.web;

import io.cmsai.platform.Jsons;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * An error answer of the module's APIs (admin, content push, search). As JSON:
 *
 * <pre>{"error": {"message": "...", "type": "invalid_request", "code": 400},
 *  "fields": {"k": "must be a whole number 1..50"}}</pre>
 *
 * <p>{@code fields} names each offending parameter or setting with its problem (empty when the
 * error is about the request as a whole). The OpenAI-compatible facade answers the same error in
 * OpenAI's shape ({@link #toOpenAiJson()}). Messages are written for people and never contain
 * exception classes, stack traces or secrets.
 *
 * @param status the HTTP status (normally {@code type.status()}; the container's own status for
 *     errors it raised, such as 408 or 414)
 * @param type the kind of error
 * @param message what went wrong, in words
 * @param fields problem per parameter or setting, by name
 */
public record ApiError(int status, ErrorType type, String message, Map<String, String> fields) {

  public ApiError {
    Objects.requireNonNull(type, "type");
    message = message == null || message.isBlank() ? type.wireName().replace('_', ' ') : message;
    fields = fields == null ? Map.of() : Map.copyOf(new TreeMap<>(fields));
  }

  /** An error of {@code type} with its status and no fields. */
  public static ApiError of(ErrorType type, String message) {
    return new ApiError(type.status(), type, message, Map.of());
  }

  /** 400 about the request as a whole. */
  public static ApiError invalid(String message) {
    return of(ErrorType.INVALID_REQUEST, message);
  }

  /** 400 naming one parameter or field. */
  public static ApiError invalidParameter(String name, String message) {
    return new ApiError(400, ErrorType.INVALID_REQUEST, message, Map.of(name, message));
  }

  /** 400 refusing settings, with a problem per setting. */
  public static ApiError invalidSettings(Map<String, String> problems) {
    String message =
        problems.size() == 1
            ? "One value needs correcting."
            : problems.size() + " values need correcting.";
    return new ApiError(400, ErrorType.INVALID_SETTINGS, message, problems);
  }

  /** This error as an exception, for a resource to throw. */
  public ApiException exception() {
    return new ApiException(this);
  }

  /** This error as an exception caused by {@code cause}. */
  public ApiException exception(Throwable cause) {
    return new ApiException(this, cause);
  }

  /** The module's JSON shape. */
  public JsonObject toJson() {
    JsonObjectBuilder byField = Jsons.JSON.createObjectBuilder();
    new TreeMap<>(fields).forEach(byField::add);
    return Jsons.JSON
        .createObjectBuilder()
        .add(
            "error",
            Jsons.JSON
                .createObjectBuilder()
                .add("message", message)
                .add("type", type.wireName())
                .add("code", status))
        .add("fields", byField)
        .build();
  }

  /**
   * OpenAI's shape, {@code {"error": {"message", "type", "param", "code"}}}: {@code param} is the
   * field when exactly one is named, {@code code} is null.
   */
  public JsonObject toOpenAiJson() {
    return openAiJson(
        message,
        type.openAiType(),
        fields.size() == 1 ? fields.keySet().iterator().next() : null,
        null);
  }

  /** An error body in OpenAI's shape; {@code param} and {@code code} may be null. */
  public static JsonObject openAiJson(String message, String type, String param, String code) {
    JsonObjectBuilder error =
        Jsons.JSON
            .createObjectBuilder()
            .add("message", message == null ? "" : message)
            .add("type", type);
    if (param == null) {
      error.addNull("param");
    } else {
      error.add("param", param);
    }
    if (code == null) {
      error.addNull("code");
    } else {
      error.add("code", code);
    }
    return Jsons.JSON.createObjectBuilder().add("error", error).build();
  }
}
