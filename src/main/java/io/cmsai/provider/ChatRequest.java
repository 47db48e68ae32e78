package io.cmsai.provider;

import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * An immutable chat completion request. Build one with {@link #builder()}.
 *
 * @param model the model id; {@code null} means the configured default chat model
 * @param messages the conversation, at least one message
 * @param temperature 0 to 2, or {@code null} for the server default
 * @param topP above 0 and at most 1, or {@code null}
 * @param maxTokens the most tokens to generate, or {@code null}
 * @param stop up to 4 stop sequences
 * @param seed for reproducible sampling, or {@code null}
 * @param responseFormat e.g. {@code {"type":"json_object"}}, or {@code null}
 * @param extraBody vendor fields sent as they are (vLLM {@code top_k}, {@code structured_outputs},
 *     llama.cpp {@code ignore_eos}, {@code tools}...); they cannot replace the fields above
 * @param headers extra request headers, e.g. llm-d's {@code x-llm-d-inference-objective}; the
 *     authentication header and hop-by-hop headers are not allowed
 */
public record ChatRequest(
    String model,
    List<ChatMessage> messages,
    Double temperature,
    Double topP,
    Integer maxTokens,
    List<String> stop,
    Long seed,
    JsonObject responseFormat,
    Map<String, JsonValue> extraBody,
    Map<String, String> headers) {

  /** Fields of the request body this record owns; {@code extraBody} cannot set them. */
  public static final Set<String> RESERVED_FIELDS =
      Set.of(
          "model",
          "messages",
          "temperature",
          "top_p",
          "max_tokens",
          "stop",
          "seed",
          "response_format",
          "stream",
          "stream_options");

  private static final Set<String> FORBIDDEN_HEADERS =
      Set.of(
          "authorization",
          "api-key",
          "x-api-key",
          "host",
          "connection",
          "content-length",
          "content-type",
          "expect",
          "upgrade",
          "transfer-encoding",
          "te",
          "trailer",
          "keep-alive",
          "proxy-authorization");

  public ChatRequest {
    if (messages == null || messages.isEmpty()) {
      throw new IllegalArgumentException("a chat request needs at least one message");
    }
    messages = List.copyOf(messages);
    stop = stop == null ? List.of() : List.copyOf(stop);
    extraBody = extraBody == null ? Map.of() : Map.copyOf(extraBody);
    headers = headers == null ? Map.of() : Map.copyOf(headers);
    if (model != null && model.isBlank()) {
      model = null;
    }
    check(temperature == null || (temperature >= 0 && temperature <= 2), "temperature", "0..2");
    check(topP == null || (topP > 0 && topP <= 1), "top_p", "above 0 and at most 1");
    check(maxTokens == null || maxTokens > 0, "max_tokens", "at least 1");
    check(stop.size() <= 4 && !stop.contains(""), "stop", "up to 4 non-empty sequences");
    for (String field : extraBody.keySet()) {
      if (RESERVED_FIELDS.contains(field)) {
        throw new IllegalArgumentException(
            "extra body field '" + field + "' is a standard field: set it on the request");
      }
    }
    for (String header : headers.keySet()) {
      if (FORBIDDEN_HEADERS.contains(header.toLowerCase(Locale.ROOT))) {
        throw new IllegalArgumentException("header '" + header + "' cannot be set per request");
      }
    }
  }

  private static void check(boolean ok, String field, String range) {
    if (!ok) {
      throw new IllegalArgumentException(field + " must be " + range);
    }
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Collects the fields of a {@link ChatRequest}; not thread-safe. */
  public static final class Builder {
    private String model;
    private final List<ChatMessage> messages = new ArrayList<>();
    private Double temperature;
    private Double topP;
    private Integer maxTokens;
    private List<String> stop = List.of();
    private Long seed;
    private JsonObject responseFormat;
    private final Map<String, JsonValue> extraBody = new LinkedHashMap<>();
    private final Map<String, String> headers = new LinkedHashMap<>();

    private Builder() {}

    public Builder model(String value) {
      this.model = value;
      return this;
    }

    public Builder message(ChatMessage value) {
      messages.add(value);
      return this;
    }

    public Builder messages(List<ChatMessage> values) {
      messages.addAll(values);
      return this;
    }

    public Builder system(String content) {
      return message(ChatMessage.system(content));
    }

    public Builder user(String content) {
      return message(ChatMessage.user(content));
    }

    public Builder temperature(Double value) {
      this.temperature = value;
      return this;
    }

    public Builder topP(Double value) {
      this.topP = value;
      return this;
    }

    public Builder maxTokens(Integer value) {
      this.maxTokens = value;
      return this;
    }

    public Builder stop(List<String> values) {
      this.stop = values;
      return this;
    }

    public Builder seed(Long value) {
      this.seed = value;
      return this;
    }

    public Builder responseFormat(JsonObject value) {
      this.responseFormat = value;
      return this;
    }

    public Builder extra(String field, JsonValue value) {
      extraBody.put(field, value);
      return this;
    }

    public Builder header(String name, String value) {
      headers.put(name, value);
      return this;
    }

    /**
     * @throws IllegalArgumentException when a field is out of range (the message names it)
     */
    public ChatRequest build() {
      return new ChatRequest(
          model,
          messages,
          temperature,
          topP,
          maxTokens,
          stop,
          seed,
          responseFormat,
          extraBody,
          headers);
    }
  }
}
