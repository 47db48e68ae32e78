package io.cmsai.provider.internal;

import static io.cmsai.provider.internal.JsonFields.integer;
import static io.cmsai.provider.internal.JsonFields.text;

import io.cmsai.platform.Jsons;
import io.cmsai.provider.ChatChoice;
import io.cmsai.provider.ChatMessage;
import io.cmsai.provider.ChatRequest;
import io.cmsai.provider.EmbeddingRequest;
import io.cmsai.provider.ModelInfo;
import io.cmsai.provider.ToolCall;
import io.cmsai.provider.Usage;
import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonException;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The OpenAI wire format: request bodies out, response bodies in. Tolerant when reading (missing
 * fields and nulls count as absent, unknown fields are ignored); strict when writing (only fields
 * that are set are sent, {@code stream_options} only with {@code stream: true}, never the removed
 * {@code guided_*} fields). Stateless.
 */
public final class OpenAiJson {

  /** A parsed non-streamed chat completion. */
  public record Chat(String id, String model, List<ChatChoice> choices, Optional<Usage> usage) {}

  /** Parsed embeddings, in input order. */
  public record Embeddings(String model, List<float[]> vectors, Optional<Usage> usage) {}

  private OpenAiJson() {}

  /** The body of {@code POST /chat/completions}. */
  public static JsonObject chatBody(
      ChatRequest request, String model, boolean stream, boolean includeUsage) {
    JsonObjectBuilder body = Jsons.JSON.createObjectBuilder();
    request.extraBody().forEach(body::add);
    body.add("model", model);
    JsonArrayBuilder messages = Jsons.JSON.createArrayBuilder();
    request.messages().forEach(m -> messages.add(message(m)));
    body.add("messages", messages);
    if (request.temperature() != null) {
      body.add("temperature", request.temperature());
    }
    if (request.topP() != null) {
      body.add("top_p", request.topP());
    }
    if (request.maxTokens() != null) {
      body.add("max_tokens", request.maxTokens());
    }
    if (!request.stop().isEmpty()) {
      body.add("stop", Jsons.JSON.createArrayBuilder(request.stop()));
    }
    if (request.seed() != null) {
      body.add("seed", request.seed());
    }
    if (request.responseFormat() != null) {
      body.add("response_format", request.responseFormat());
    }
    if (stream) {
      body.add("stream", true);
      if (includeUsage) {
        body.add("stream_options", Jsons.JSON.createObjectBuilder().add("include_usage", true));
      }
    }
    return body.build();
  }

  private static JsonObject message(ChatMessage message) {
    JsonObjectBuilder json = Jsons.JSON.createObjectBuilder(message.extra());
    json.add("role", message.role().wireName());
    if (message.content() != null) {
      json.add("content", message.content());
    }
    return json.build();
  }

  /** The body of {@code POST /embeddings} for {@code inputs}. */
  public static JsonObject embeddingsBody(
      EmbeddingRequest request, String model, List<String> inputs) {
    JsonObjectBuilder body = Jsons.JSON.createObjectBuilder();
    request.extraBody().forEach(body::add);
    body.add("model", model);
    body.add(
        "input", inputs.size() == 1 ? Jsons.JSON.createValue(inputs.get(0)) : jsonArray(inputs));
    if (request.encoding() == EmbeddingRequest.Encoding.BASE64) {
      body.add("encoding_format", "base64");
    }
    if (request.dimensions() != null) {
      body.add("dimensions", request.dimensions());
    }
    return body.build();
  }

  private static JsonArray jsonArray(List<String> values) {
    return Jsons.JSON.createArrayBuilder(values).build();
  }

  /** A non-streamed chat completion. */
  public static Chat parseChat(String body) {
    JsonObject json = object(body, "chat completion");
    List<ChatChoice> choices = new ArrayList<>();
    if (json.get("choices") instanceof JsonArray array) {
      for (JsonValue value : array) {
        if (value instanceof JsonObject choice) {
          choices.add(choice(choice));
        }
      }
    }
    return new Chat(
        text(json, "id").orElse(""),
        text(json, "model").orElse(""),
        choices,
        json.get("usage") instanceof JsonObject u
            ? Optional.of(ChatStreamAssembler.usage(u))
            : Optional.empty());
  }

  private static ChatChoice choice(JsonObject choice) {
    JsonObject message =
        choice.get("message") instanceof JsonObject m ? m : JsonValue.EMPTY_JSON_OBJECT;
    List<ToolCall> calls = new ArrayList<>();
    if (message.get("tool_calls") instanceof JsonArray array) {
      for (JsonValue value : array) {
        if (value instanceof JsonObject call) {
          JsonObject function =
              call.get("function") instanceof JsonObject f ? f : JsonValue.EMPTY_JSON_OBJECT;
          calls.add(
              new ToolCall(
                  text(call, "id").orElse(""),
                  text(function, "name").orElse(""),
                  arguments(function.get("arguments"))));
        }
      }
    }
    return new ChatChoice(
        integer(choice, "index"),
        text(message, "content").orElse(""),
        text(message, "reasoning").or(() -> text(message, "reasoning_content")).orElse(""),
        calls,
        text(choice, "finish_reason").orElse(""));
  }

  /** Arguments are a JSON string (OpenAI, vLLM) or, from some servers, a JSON object. */
  private static String arguments(JsonValue value) {
    if (value instanceof JsonString s) {
      return s.getString();
    }
    return value == null || value == JsonValue.NULL ? "" : value.toString();
  }

  /** An embeddings response; vectors come as number arrays or base64 float32, in any order. */
  public static Embeddings parseEmbeddings(String body, int expected) {
    JsonObject json = object(body, "embeddings response");
    float[][] vectors = new float[expected][];
    JsonArray data = json.get("data") instanceof JsonArray a ? a : JsonValue.EMPTY_JSON_ARRAY;
    for (int i = 0; i < data.size(); i++) {
      JsonObject item = data.get(i) instanceof JsonObject o ? o : JsonValue.EMPTY_JSON_OBJECT;
      int index = item.containsKey("index") ? integer(item, "index") : i;
      if (index < 0 || index >= expected || vectors[index] != null) {
        throw new JsonException("embedding index " + index + " is out of range or repeated");
      }
      vectors[index] = vector(item.get("embedding"));
    }
    for (int i = 0; i < expected; i++) {
      if (vectors[i] == null) {
        throw new JsonException(
            "the server returned " + data.size() + " embeddings for " + expected + " inputs");
      }
    }
    Optional<Usage> usage =
        json.get("usage") instanceof JsonObject u
            ? Optional.of(ChatStreamAssembler.usage(u))
            : Optional.empty();
    return new Embeddings(text(json, "model").orElse(""), List.of(vectors), usage);
  }

  private static float[] vector(JsonValue value) {
    if (value instanceof JsonArray array) {
      float[] vector = new float[array.size()];
      for (int i = 0; i < vector.length; i++) {
        if (!(array.get(i) instanceof JsonNumber n)) {
          throw new JsonException("embedding element " + i + " is not a number");
        }
        vector[i] = (float) n.doubleValue();
      }
      return vector;
    }
    if (value instanceof JsonString s) {
      ByteBuffer bytes =
          ByteBuffer.wrap(Base64.getDecoder().decode(s.getString())).order(ByteOrder.LITTLE_ENDIAN);
      if (bytes.remaining() % Float.BYTES != 0) {
        throw new JsonException("base64 embedding is not a whole number of float32 values");
      }
      float[] vector = new float[bytes.remaining() / Float.BYTES];
      bytes.asFloatBuffer().get(vector);
      return vector;
    }
    throw new JsonException("embedding is neither an array nor a base64 string");
  }

  /** A {@code /models} list; ids are kept as they are (they may contain {@code /}). */
  public static List<ModelInfo> parseModels(String body) {
    JsonObject json = object(body, "model list");
    JsonValue data = json.containsKey("data") ? json.get("data") : json.get("models");
    List<ModelInfo> models = new ArrayList<>();
    if (data instanceof JsonArray array) {
      for (JsonValue value : array) {
        if (value instanceof JsonObject model) {
          Optional<String> id = text(model, "id").or(() -> text(model, "name"));
          id.filter(s -> !s.isBlank())
              .ifPresent(
                  s ->
                      models.add(
                          new ModelInfo(
                              s, text(model, "owned_by").orElse(""), contextLength(model))));
        }
      }
    }
    return models;
  }

  private static OptionalInt contextLength(JsonObject model) {
    int length = integer(model, "max_model_len");
    return length > 0 ? OptionalInt.of(length) : OptionalInt.empty();
  }

  /** Parses a JSON object, naming {@code what} when the text is not one. */
  public static JsonObject object(String body, String what) {
    try {
      return Jsons.readObject(body);
    } catch (JsonException | ClassCastException | IllegalStateException e) {
      String trimmed = body.strip();
      String kind = trimmed.startsWith("[") ? "a JSON array" : "not JSON";
      int limit = trimmed.startsWith("[") ? 60 : 200;
      String shown = trimmed.length() > limit ? trimmed.substring(0, limit) + "…" : trimmed;
      throw new JsonException(
          "the " + what + " is " + kind + ", not the expected JSON object: " + shown, e);
    }
  }

  /** {@code values} as JSON values (strings, numbers, booleans, maps, lists or JSON values). */
  public static Map<String, JsonValue> toJson(Map<String, ?> values) {
    return Jsons.JSON.createObjectBuilder(Map.copyOf(values)).build();
  }
}
