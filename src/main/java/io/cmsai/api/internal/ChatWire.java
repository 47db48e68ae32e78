package io.cmsai.api.internal;

import io.cmsai.platform.Jsons;
import io.cmsai.provider.ChatChoice;
import io.cmsai.provider.ChatMessage;
import io.cmsai.provider.ChatRequest;
import io.cmsai.provider.ChatResponse;
import io.cmsai.provider.Role;
import io.cmsai.provider.ToolCall;
import io.cmsai.provider.Usage;
import io.cmsai.web.ApiException;
import io.cmsai.web.RequestBodies;
import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.math.BigInteger;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The OpenAI chat wire format as the facade speaks it: client requests in (validated, with
 * field-named errors; unknown fields pass through to the server as extra body), responses out.
 * Stateless.
 */
public final class ChatWire {

  /** A parsed client request. */
  public record Parsed(ChatRequest request, boolean stream, boolean includeUsage) {}

  private ChatWire() {}

  /**
   * Parses a {@code POST /chat/completions} body.
   *
   * @param headers request headers to forward (llm-d routing headers), already filtered
   * @throws RequestError naming the offending field
   */
  public static Parsed parse(byte[] body, Map<String, String> headers) {
    JsonObject json;
    try {
      json = RequestBodies.jsonObject(body);
    } catch (ApiException e) {
      throw new RequestError(OpenAiError.from(e.error()));
    }
    ChatRequest.Builder builder = ChatRequest.builder();
    boolean stream = false;
    boolean includeUsage = false;
    for (Map.Entry<String, JsonValue> field : json.entrySet()) {
      String name = field.getKey();
      JsonValue value = field.getValue();
      if (value == JsonValue.NULL) {
        continue;
      }
      switch (name) {
        case "model" -> builder.model(string(value, "model"));
        case "messages" -> builder.messages(messages(value));
        case "temperature" -> builder.temperature(number(value, name).doubleValue());
        case "top_p" -> builder.topP(number(value, name).doubleValue());
        case "max_tokens", "max_completion_tokens" -> builder.maxTokens(integer(value, name));
        case "stop" -> builder.stop(stop(value));
        case "seed" -> builder.seed(whole(value, name, Long.MIN_VALUE, Long.MAX_VALUE));
        case "response_format" -> builder.responseFormat(object(value, name));
        case "stream" -> stream = bool(value, name);
        case "stream_options" -> includeUsage = includeUsage(object(value, name));
        default -> builder.extra(name, value);
      }
    }
    if (!json.containsKey("messages")) {
      throw new RequestError(OpenAiError.invalid("'messages' is required", "messages"));
    }
    headers.forEach(builder::header);
    try {
      return new Parsed(builder.build(), stream, stream && includeUsage);
    } catch (IllegalArgumentException e) {
      throw new RequestError(OpenAiError.invalid(e.getMessage(), paramOf(e.getMessage())));
    }
  }

  private static String paramOf(String message) {
    int space = message.indexOf(' ');
    return space > 0 ? message.substring(0, space) : null;
  }

  private static List<ChatMessage> messages(JsonValue value) {
    if (!(value instanceof JsonArray array) || array.isEmpty()) {
      throw new RequestError(
          OpenAiError.invalid("'messages' must be a non-empty array", "messages"));
    }
    List<ChatMessage> messages = new ArrayList<>();
    for (int i = 0; i < array.size(); i++) {
      String where = "messages[" + i + "]";
      if (!(array.get(i) instanceof JsonObject message)) {
        throw new RequestError(OpenAiError.invalid(where + " must be an object", where));
      }
      messages.add(message(message, where));
    }
    return messages;
  }

  private static ChatMessage message(JsonObject message, String where) {
    Role role;
    try {
      role = Role.fromWire(string(message.get("role"), where + ".role"));
    } catch (IllegalArgumentException e) {
      throw new RequestError(OpenAiError.invalid(where + ": " + e.getMessage(), where + ".role"));
    }
    JsonObjectBuilder extra = Jsons.JSON.createObjectBuilder();
    String content = null;
    for (Map.Entry<String, JsonValue> field : message.entrySet()) {
      switch (field.getKey()) {
        case "role" -> {}
        case "content" -> {
          if (field.getValue() instanceof JsonString s) {
            content = s.getString();
          } else if (field.getValue() instanceof JsonArray) {
            extra.add("content", field.getValue());
          } else if (field.getValue() != JsonValue.NULL) {
            throw new RequestError(
                OpenAiError.invalid(
                    where + ".content must be a string or an array of parts", where + ".content"));
          }
        }
        default -> extra.add(field.getKey(), field.getValue());
      }
    }
    try {
      return new ChatMessage(role, content, extra.build());
    } catch (IllegalArgumentException e) {
      throw new RequestError(OpenAiError.invalid(where + ": " + e.getMessage(), where));
    }
  }

  private static List<String> stop(JsonValue value) {
    if (value instanceof JsonString s) {
      return List.of(s.getString());
    }
    if (value instanceof JsonArray array) {
      List<String> stops = new ArrayList<>();
      for (JsonValue item : array) {
        stops.add(string(item, "stop"));
      }
      return stops;
    }
    throw new RequestError(OpenAiError.invalid("'stop' must be a string or an array", "stop"));
  }

  private static String string(JsonValue value, String name) {
    if (value instanceof JsonString s) {
      return s.getString();
    }
    throw new RequestError(OpenAiError.invalid("'" + name + "' must be a string", name));
  }

  private static JsonNumber number(JsonValue value, String name) {
    if (value instanceof JsonNumber n) {
      return n;
    }
    throw new RequestError(OpenAiError.invalid("'" + name + "' must be a number", name));
  }

  private static int integer(JsonValue value, String name) {
    if (!(value instanceof JsonNumber n)
        || !n.isIntegral()
        || n.bigIntegerValue().compareTo(BigInteger.ONE) < 0
        || n.bigIntegerValue().compareTo(BigInteger.valueOf(Integer.MAX_VALUE)) > 0) {
      throw new RequestError(
          OpenAiError.invalid("'" + name + "' must be a positive integer", name));
    }
    return n.intValue();
  }

  private static long whole(JsonValue value, String name, long min, long max) {
    if (!(value instanceof JsonNumber n)
        || !n.isIntegral()
        || n.bigIntegerValue().compareTo(BigInteger.valueOf(min)) < 0
        || n.bigIntegerValue().compareTo(BigInteger.valueOf(max)) > 0) {
      throw new RequestError(
          OpenAiError.invalid(
              "'" + name + "' must be a whole number between " + min + " and " + max, name));
    }
    return n.longValue();
  }

  private static boolean bool(JsonValue value, String name) {
    if (value == JsonValue.TRUE || value == JsonValue.FALSE) {
      return value == JsonValue.TRUE;
    }
    throw new RequestError(OpenAiError.invalid("'" + name + "' must be true or false", name));
  }

  private static boolean includeUsage(JsonObject options) {
    JsonValue value = options.get("include_usage");
    return value != null && value != JsonValue.NULL && bool(value, "stream_options.include_usage");
  }

  private static JsonObject object(JsonValue value, String name) {
    if (value instanceof JsonObject o) {
      return o;
    }
    throw new RequestError(OpenAiError.invalid("'" + name + "' must be an object", name));
  }

  /** A finished completion as an OpenAI {@code chat.completion} object. */
  public static JsonObject completion(ChatResponse response) {
    JsonArrayBuilder choices = Jsons.JSON.createArrayBuilder();
    for (ChatChoice choice : response.choices()) {
      JsonObjectBuilder message =
          Jsons.JSON
              .createObjectBuilder()
              .add("role", "assistant")
              .add("content", choice.content());
      if (!choice.reasoning().isEmpty()) {
        message.add("reasoning", choice.reasoning());
      }
      if (!choice.toolCalls().isEmpty()) {
        JsonArrayBuilder calls = Jsons.JSON.createArrayBuilder();
        for (ToolCall call : choice.toolCalls()) {
          calls.add(
              Jsons.JSON
                  .createObjectBuilder()
                  .add("id", call.id())
                  .add("type", "function")
                  .add(
                      "function",
                      Jsons.JSON
                          .createObjectBuilder()
                          .add("name", call.name())
                          .add("arguments", call.arguments())));
        }
        message.add("tool_calls", calls);
      }
      JsonObjectBuilder item =
          Jsons.JSON.createObjectBuilder().add("index", choice.index()).add("message", message);
      if (choice.finishReason().isEmpty()) {
        item.addNull("finish_reason");
      } else {
        item.add("finish_reason", choice.finishReason());
      }
      choices.add(item);
    }
    return Jsons.JSON
        .createObjectBuilder()
        .add("id", response.id().isEmpty() ? "chatcmpl-cmsai" : response.id())
        .add("object", "chat.completion")
        .add("created", Instant.now().getEpochSecond())
        .add("model", response.model())
        .add("choices", choices)
        .add("usage", usage(response.usage()))
        .build();
  }

  /** The final usage-only chunk of a stream, for clients that asked for it. */
  public static JsonObject usageChunk(ChatResponse response) {
    return Jsons.JSON
        .createObjectBuilder()
        .add("id", response.id())
        .add("object", "chat.completion.chunk")
        .add("created", Instant.now().getEpochSecond())
        .add("model", response.model())
        .add("choices", JsonValue.EMPTY_JSON_ARRAY)
        .add("usage", usage(response.usage()))
        .build();
  }

  static JsonObjectBuilder usage(Usage usage) {
    JsonObjectBuilder json =
        Jsons.JSON
            .createObjectBuilder()
            .add("prompt_tokens", usage.promptTokens())
            .add("completion_tokens", usage.completionTokens())
            .add("total_tokens", usage.totalTokens());
    if (usage.estimated()) {
      json.add("estimated", true);
    }
    return json;
  }

  /** Whether a relayed chunk is the server's usage-only final chunk. */
  public static boolean isUsageOnly(String chunk) {
    return chunk.contains("\"usage\"") && chunk.replace(" ", "").contains("\"choices\":[]");
  }

  /** Lower-case header names the facade forwards: llm-d routing hints. */
  public static boolean isForwardedHeader(String name) {
    return name.toLowerCase(Locale.ROOT).startsWith("x-llm-d-");
  }
}
