package io.cmsai.provider.internal;

import static io.cmsai.provider.internal.JsonFields.integer;
import static io.cmsai.provider.internal.JsonFields.text;

import io.cmsai.platform.Jsons;
import io.cmsai.provider.ChatChoice;
import io.cmsai.provider.StreamDelta;
import io.cmsai.provider.StreamInterruptedException;
import io.cmsai.provider.ToolCall;
import io.cmsai.provider.Usage;
import io.cmsai.streaming.SseEvent;
import io.cmsai.streaming.SseListener;
import jakarta.json.JsonArray;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * Assembles an OpenAI-style chat completion stream ({@code chat.completion.chunk} events) into
 * whole choices, passing each text piece on as it arrives.
 *
 * <p>Handles: the role-only first chunk ({@code content} empty or null); Azure's first chunk with
 * {@code choices: []}; interleaved choices ({@code n > 1}); {@code finish_reason} in a chunk with
 * an empty delta; the usage-only final chunk with {@code choices: []}; tool-call fragments merged
 * by {@code index} ({@code id} and {@code name} usually only on the first); {@code reasoning} and
 * the older {@code reasoning_content}; {@code data: [DONE]} (anything after it is ignored); errors
 * after the HTTP 200 as {@code data: {"error":...}}, as an {@code event: error}, and as llama.cpp's
 * legacy {@code error:} field line. Unknown fields are ignored.
 *
 * <p>Not thread-safe: driven by one {@link io.cmsai.streaming.SseParser}. Errors in the stream are
 * thrown from {@link #onEvent} as {@link StreamInterruptedException} carrying the partial text.
 */
public final class ChatStreamAssembler implements SseListener {

  private static final String DONE = "[DONE]";

  private final Consumer<StreamDelta> deltas;
  private final Redactor redactor;
  private final Map<Integer, ChoiceBuilder> choices = new TreeMap<>();
  private String id = "";
  private String model = "";
  private Usage usage;
  private boolean done;

  public ChatStreamAssembler(Consumer<StreamDelta> deltas, Redactor redactor) {
    this.deltas = deltas;
    this.redactor = redactor;
  }

  @Override
  public void onEvent(SseEvent event) {
    if (done) {
      return;
    }
    String data = event.data().strip();
    if (DONE.equals(data)) {
      done = true;
      return;
    }
    if ("error".equals(event.type())) {
      throw streamError(data);
    }
    JsonObject chunk = parse(data);
    if (chunk.get("error") != null && chunk.get("error") != JsonValue.NULL) {
      throw streamError(data);
    }
    text(chunk, "id").filter(s -> !s.isEmpty()).ifPresent(s -> id = s);
    text(chunk, "model").filter(s -> !s.isEmpty()).ifPresent(s -> model = s);
    if (chunk.get("usage") instanceof JsonObject u) {
      usage = usage(u);
    }
    if (chunk.get("choices") instanceof JsonArray array) {
      for (JsonValue value : array) {
        if (value instanceof JsonObject choice) {
          applyChoice(choice);
        }
      }
    }
  }

  @Override
  public void onUnknownField(String name, String value) {
    if ("error".equals(name) && !done) {
      throw streamError(value);
    }
  }

  /** Whether {@code data: [DONE]} was received. */
  public boolean isDone() {
    return done;
  }

  public String id() {
    return id;
  }

  public String model() {
    return model;
  }

  /** The usage the server reported, if it did. */
  public Optional<Usage> usage() {
    return Optional.ofNullable(usage);
  }

  /** The choices assembled so far, in index order. */
  public List<ChatChoice> choices() {
    return choices.values().stream().map(ChoiceBuilder::build).toList();
  }

  /** The text of choice 0 received so far. */
  public String partialText() {
    ChoiceBuilder first = choices.get(0);
    return first == null ? "" : first.content.toString();
  }

  private void applyChoice(JsonObject choice) {
    int index = integer(choice, "index");
    ChoiceBuilder builder = choices.computeIfAbsent(index, ChoiceBuilder::new);
    if (choice.get("delta") instanceof JsonObject delta) {
      String content = text(delta, "content").orElse("");
      String reasoning =
          text(delta, "reasoning").or(() -> text(delta, "reasoning_content")).orElse("");
      builder.content.append(content);
      builder.reasoning.append(reasoning);
      if (delta.get("tool_calls") instanceof JsonArray calls) {
        calls.forEach(call -> builder.mergeToolCall(call.asJsonObject()));
      }
      if (!content.isEmpty() || !reasoning.isEmpty()) {
        deltas.accept(new StreamDelta(index, content, reasoning));
      }
    }
    text(choice, "finish_reason").ifPresent(reason -> builder.finishReason = reason);
  }

  private StreamInterruptedException streamError(String data) {
    ErrorBody error = ErrorBody.parse(data, "application/json");
    String message = error.message().isEmpty() ? data : error.message();
    return new StreamInterruptedException(
        redactor.redact("the server reported an error mid-stream: " + message),
        error.type(),
        partialText(),
        null);
  }

  private JsonObject parse(String data) {
    try {
      return Jsons.readObject(data);
    } catch (JsonException | ClassCastException e) {
      String shown = data.length() > 200 ? data.substring(0, 200) + "…" : data;
      throw new StreamInterruptedException(
          redactor.redact("malformed stream chunk (not a JSON object): " + shown),
          null,
          partialText(),
          e);
    }
  }

  static Usage usage(JsonObject u) {
    int prompt = integer(u, "prompt_tokens");
    int completion = integer(u, "completion_tokens");
    int total = u.containsKey("total_tokens") ? integer(u, "total_tokens") : prompt + completion;
    return new Usage(prompt, completion, total, false);
  }

  private static final class ChoiceBuilder {
    private final int index;
    private final StringBuilder content = new StringBuilder();
    private final StringBuilder reasoning = new StringBuilder();
    private final Map<Integer, ToolCallBuilder> toolCalls = new TreeMap<>();
    private String finishReason = "";

    ChoiceBuilder(int index) {
      this.index = index;
    }

    void mergeToolCall(JsonObject call) {
      int callIndex = call.containsKey("index") ? integer(call, "index") : toolCalls.size();
      ToolCallBuilder builder = toolCalls.computeIfAbsent(callIndex, i -> new ToolCallBuilder());
      text(call, "id").filter(s -> !s.isEmpty()).ifPresent(s -> builder.id = s);
      if (call.get("function") instanceof JsonObject function) {
        text(function, "name").filter(s -> !s.isEmpty()).ifPresent(s -> builder.name = s);
        text(function, "arguments").ifPresent(builder.arguments::append);
      }
    }

    ChatChoice build() {
      List<ToolCall> calls =
          toolCalls.values().stream()
              .map(b -> new ToolCall(b.id, b.name, b.arguments.toString()))
              .toList();
      return new ChatChoice(index, content.toString(), reasoning.toString(), calls, finishReason);
    }
  }

  private static final class ToolCallBuilder {
    private String id = "";
    private String name = "";
    private final StringBuilder arguments = new StringBuilder();
  }
}
