package io.cmsai.provider.internal;

import static io.cmsai.provider.internal.JsonFields.integer;
import static io.cmsai.provider.internal.JsonFields.scalar;

import io.cmsai.platform.Jsons;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The useful parts of an error body, whatever its shape. Missing parts are empty strings, null or
 * 0. Messages are cut to {@value #MAX_MESSAGE} characters.
 */
record ErrorBody(
    String message,
    String type,
    String param,
    String code,
    int promptTokens,
    int contextLength,
    String emptyDescription) {

  static final int MAX_MESSAGE = 500;

  private static final Pattern TITLE =
      Pattern.compile("(?is)<title[^>]*>(.*?)</title>|<h1[^>]*>(.*?)</h1>");
  private static final Pattern TAGS = Pattern.compile("(?s)<[^>]*>");

  static ErrorBody parse(String body, String contentType) {
    String text = body == null ? "" : body.strip();
    if (text.isEmpty()) {
      return plain("", "an empty body");
    }
    if (text.startsWith("{")) {
      try {
        return fromJson(Jsons.readObject(text));
      } catch (JsonException | ClassCastException e) {
        return plain(text, "");
      }
    }
    if (contentType.toLowerCase(Locale.ROOT).contains("html") || text.startsWith("<")) {
      return plain("an HTML page from a proxy or gateway: " + htmlSummary(text), "");
    }
    return plain(text, "");
  }

  private static ErrorBody plain(String message, String emptyDescription) {
    return new ErrorBody(cut(message), null, null, null, 0, 0, emptyDescription);
  }

  private static ErrorBody fromJson(JsonObject json) {
    JsonValue error = json.get("error");
    if (error instanceof JsonString s) { // {"error":"Unauthorized"} (vLLM), Ollama
      return plain(s.getString(), "");
    }
    JsonObject details = error instanceof JsonObject o ? o : json;
    return new ErrorBody(
        cut(scalar(details, "message").orElseGet(() -> scalar(json, "detail").orElse(""))),
        scalar(details, "type").orElse(null),
        scalar(details, "param").orElse(null),
        scalar(details, "code").orElse(null),
        integer(details, "n_prompt_tokens"),
        integer(details, "n_ctx"),
        "a JSON error without a message");
  }

  private static String htmlSummary(String html) {
    Matcher m = TITLE.matcher(html);
    String summary = m.find() ? (m.group(1) != null ? m.group(1) : m.group(2)) : html;
    return TAGS.matcher(summary).replaceAll(" ").replaceAll("\\s+", " ").strip();
  }

  private static String cut(String message) {
    String oneLine = message.strip();
    return oneLine.length() <= MAX_MESSAGE ? oneLine : oneLine.substring(0, MAX_MESSAGE) + "…";
  }
}
