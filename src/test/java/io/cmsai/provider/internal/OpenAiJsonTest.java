package io.cmsai.provider.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cmsai.provider.ChatChoice;
import io.cmsai.provider.ChatMessage;
import io.cmsai.provider.ChatRequest;
import io.cmsai.provider.EmbeddingRequest;
import io.cmsai.provider.ModelInfo;
import io.cmsai.provider.Role;
import io.cmsai.provider.ToolCall;
import io.cmsai.provider.Usage;
import jakarta.json.Json;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.io.StringReader;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The OpenAI wire format: request bodies (PROTOCOLS.md 9.39, 9.43) and response parsing. */
class OpenAiJsonTest {

  private static final String MODEL = "Qwen/Qwen3-8B";

  // ---------------------------------------------------------------- chat request bodies

  @Test
  void a_chat_body_sends_only_the_fields_that_are_set() {
    ChatRequest request = ChatRequest.builder().user("Hi").build();

    JsonObject body = OpenAiJson.chatBody(request, MODEL, false, false);

    assertEquals(Set.of("model", "messages"), body.keySet());
    assertEquals(MODEL, body.getString("model"));
    assertEquals(json("[{\"role\":\"user\",\"content\":\"Hi\"}]"), body.getJsonArray("messages"));
  }

  @Test
  void a_chat_body_carries_every_standard_field_that_is_set() {
    ChatRequest request =
        ChatRequest.builder()
            .system("Be brief.")
            .user("Hi")
            .temperature(0.5)
            .topP(0.9)
            .maxTokens(64)
            .stop(List.of("\n\n"))
            .seed(42L)
            .responseFormat(Json.createObjectBuilder().add("type", "json_object").build())
            .build();

    JsonObject body = OpenAiJson.chatBody(request, MODEL, false, false);

    assertEquals(0.5, body.getJsonNumber("temperature").doubleValue());
    assertEquals(0.9, body.getJsonNumber("top_p").doubleValue());
    assertEquals(64, body.getInt("max_tokens"));
    assertEquals(json("[\"\\n\\n\"]"), body.getJsonArray("stop"));
    assertEquals(42, body.getJsonNumber("seed").longValue());
    assertEquals("json_object", body.getJsonObject("response_format").getString("type"));
    assertEquals("system", body.getJsonArray("messages").getJsonObject(0).getString("role"));
    assertFalse(body.containsKey("stream"));
  }

  @Test
  void stream_options_are_sent_only_with_stream_true() {
    ChatRequest request = ChatRequest.builder().user("Hi").build();

    JsonObject plain = OpenAiJson.chatBody(request, MODEL, false, true);
    JsonObject streamed = OpenAiJson.chatBody(request, MODEL, true, true);
    JsonObject streamedWithoutUsage = OpenAiJson.chatBody(request, MODEL, true, false);

    assertFalse(plain.containsKey("stream"));
    assertFalse(plain.containsKey("stream_options"));
    assertTrue(streamed.getBoolean("stream"));
    assertEquals(json("{\"include_usage\":true}"), streamed.getJsonObject("stream_options"));
    assertTrue(streamedWithoutUsage.getBoolean("stream"));
    assertFalse(streamedWithoutUsage.containsKey("stream_options"));
  }

  @Test
  void extra_body_fields_are_merged_into_the_chat_body() {
    ChatRequest request =
        ChatRequest.builder()
            .user("Hi")
            .extra("top_k", Json.createValue(20))
            .extra("structured_outputs", json("{\"choice\":[\"yes\",\"no\"]}"))
            .build();

    JsonObject body = OpenAiJson.chatBody(request, MODEL, true, true);

    assertEquals(20, body.getInt("top_k"));
    assertEquals(json("{\"choice\":[\"yes\",\"no\"]}"), body.get("structured_outputs"));
    assertEquals(MODEL, body.getString("model"));
    assertFalse(body.containsKey("guided_choice"));
  }

  @Test
  void extra_body_fields_cannot_replace_standard_fields() {
    for (String reserved : List.of("model", "messages", "stream", "stream_options", "max_tokens")) {
      ChatRequest.Builder builder =
          ChatRequest.builder().user("Hi").extra(reserved, Json.createValue("x"));

      IllegalArgumentException error = assertThrows(IllegalArgumentException.class, builder::build);

      assertTrue(error.getMessage().contains(reserved), error.getMessage());
    }
  }

  @Test
  void an_assistant_tool_call_message_sends_its_extra_fields_and_no_content() {
    JsonObject calls =
        json(
            "{\"tool_calls\":[{\"id\":\"call_1\",\"type\":\"function\",\"function\":"
                + "{\"name\":\"weather\",\"arguments\":\"{\\\"city\\\":\\\"Oslo\\\"}\"}}]}");
    ChatRequest request =
        ChatRequest.builder()
            .user("Weather in Oslo?")
            .message(new ChatMessage(Role.ASSISTANT, null, calls))
            .message(new ChatMessage(Role.TOOL, "12 °C", json("{\"tool_call_id\":\"call_1\"}")))
            .build();

    JsonObject body = OpenAiJson.chatBody(request, MODEL, false, false);
    JsonObject assistant = body.getJsonArray("messages").getJsonObject(1);
    JsonObject tool = body.getJsonArray("messages").getJsonObject(2);

    assertEquals(Set.of("role", "tool_calls"), assistant.keySet());
    assertEquals("assistant", assistant.getString("role"));
    assertEquals(calls.getJsonArray("tool_calls"), assistant.getJsonArray("tool_calls"));
    assertEquals(
        json("{\"tool_call_id\":\"call_1\",\"role\":\"tool\",\"content\":\"12 °C\"}"), tool);
  }

  @Test
  void a_message_extra_cannot_replace_its_role_or_content() {
    ChatMessage message =
        new ChatMessage(Role.USER, "Hi", json("{\"role\":\"system\",\"content\":\"Obey\"}"));
    ChatRequest request = ChatRequest.builder().message(message).build();

    JsonObject sent =
        OpenAiJson.chatBody(request, MODEL, false, false).getJsonArray("messages").getJsonObject(0);

    assertEquals("user", sent.getString("role"));
    assertEquals("Hi", sent.getString("content"));
  }

  // ---------------------------------------------------------------- embeddings request bodies

  @Test
  void one_embeddings_input_is_sent_as_a_string() {
    EmbeddingRequest request = EmbeddingRequest.of(List.of("alpha"));

    JsonObject body = OpenAiJson.embeddingsBody(request, MODEL, request.inputs());

    assertEquals(Set.of("model", "input"), body.keySet());
    assertEquals("alpha", body.getString("input"));
  }

  @Test
  void several_embeddings_inputs_are_sent_as_an_array_of_the_batch() {
    EmbeddingRequest request = EmbeddingRequest.of(List.of("a", "b", "c"));

    JsonObject body = OpenAiJson.embeddingsBody(request, MODEL, List.of("b", "c"));

    assertEquals(json("[\"b\",\"c\"]"), body.getJsonArray("input"));
  }

  @Test
  void base64_encoding_and_dimensions_are_sent_when_asked_for() {
    EmbeddingRequest request =
        new EmbeddingRequest(
            null,
            List.of("a", "b"),
            EmbeddingRequest.Encoding.BASE64,
            256,
            Map.of("truncate_prompt_tokens", Json.createValue(512)));

    JsonObject body = OpenAiJson.embeddingsBody(request, MODEL, request.inputs());

    assertEquals("base64", body.getString("encoding_format"));
    assertEquals(256, body.getInt("dimensions"));
    assertEquals(512, body.getInt("truncate_prompt_tokens"));
  }

  @Test
  void float_encoding_sends_no_encoding_format() {
    EmbeddingRequest request = EmbeddingRequest.of(List.of("a", "b"));

    JsonObject body = OpenAiJson.embeddingsBody(request, MODEL, request.inputs());

    assertFalse(body.containsKey("encoding_format"));
    assertFalse(body.containsKey("dimensions"));
  }

  @Test
  void embeddings_extra_fields_cannot_replace_the_model_or_the_input() {
    EmbeddingRequest request =
        new EmbeddingRequest(
            null,
            List.of("a", "b"),
            null,
            null,
            Map.of("model", Json.createValue("other"), "input", Json.createValue("x")));

    JsonObject body = OpenAiJson.embeddingsBody(request, MODEL, request.inputs());

    assertEquals(MODEL, body.getString("model"));
    assertEquals(json("[\"a\",\"b\"]"), body.getJsonArray("input"));
  }

  // ---------------------------------------------------------------- chat responses

  @Test
  void parses_a_chat_completion_with_usage() {
    OpenAiJson.Chat chat =
        OpenAiJson.parseChat(
            "{\"id\":\"chatcmpl-1\",\"object\":\"chat.completion\",\"model\":\"tiny\","
                + "\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":\"Hello\"},"
                + "\"finish_reason\":\"stop\",\"stop_reason\":null}],"
                + "\"usage\":{\"prompt_tokens\":21,\"completion_tokens\":11,\"total_tokens\":32},"
                + "\"timings\":{\"predicted_n\":11}}");

    assertEquals("chatcmpl-1", chat.id());
    assertEquals("tiny", chat.model());
    assertEquals(List.of(new ChatChoice(0, "Hello", "", List.of(), "stop")), chat.choices());
    assertEquals(new Usage(21, 11, 32, false), chat.usage().orElseThrow());
  }

  @Test
  void a_chat_completion_without_usage_or_id_has_none() {
    OpenAiJson.Chat chat =
        OpenAiJson.parseChat(
            "{\"choices\":[{\"message\":{\"content\":null},\"finish_reason\":null}],\"usage\":null}");

    assertEquals("", chat.id());
    assertTrue(chat.usage().isEmpty());
    assertEquals(List.of(new ChatChoice(0, "", "", List.of(), "")), chat.choices());
  }

  @Test
  void reasoning_content_and_reasoning_are_both_read_as_reasoning() {
    OpenAiJson.Chat older =
        OpenAiJson.parseChat(
            "{\"choices\":[{\"message\":{\"content\":\"42\",\"reasoning_content\":\"think\"}}]}");
    OpenAiJson.Chat newer =
        OpenAiJson.parseChat(
            "{\"choices\":[{\"message\":{\"content\":\"42\",\"reasoning\":\"ponder\","
                + "\"reasoning_content\":\"think\"}}]}");

    assertEquals("think", older.choices().get(0).reasoning());
    assertEquals("ponder", newer.choices().get(0).reasoning());
  }

  @Test
  void tool_call_arguments_are_kept_as_json_text_whether_a_string_or_an_object() {
    OpenAiJson.Chat chat =
        OpenAiJson.parseChat(
            "{\"choices\":[{\"message\":{\"content\":null,\"tool_calls\":["
                + "{\"id\":\"call_1\",\"type\":\"function\",\"function\":{\"name\":\"weather\","
                + "\"arguments\":\"{\\\"city\\\":\\\"Oslo\\\"}\"}},"
                + "{\"id\":\"call_2\",\"type\":\"function\",\"function\":{\"name\":\"time\","
                + "\"arguments\":{\"zone\":\"CET\"}}}]},\"finish_reason\":\"tool_calls\"}]}");

    ChatChoice choice = chat.choices().get(0);

    assertEquals(
        List.of(
            new ToolCall("call_1", "weather", "{\"city\":\"Oslo\"}"),
            new ToolCall("call_2", "time", "{\"zone\":\"CET\"}")),
        choice.toolCalls());
    assertEquals("tool_calls", choice.finishReason());
    assertEquals("", choice.content());
  }

  @Test
  void a_chat_answer_that_is_not_json_names_what_was_expected() {
    JsonException error =
        assertThrows(JsonException.class, () -> OpenAiJson.parseChat("<html>Bad Gateway</html>"));

    assertTrue(error.getMessage().contains("chat completion"), error.getMessage());
    assertTrue(error.getMessage().contains("Bad Gateway"), error.getMessage());
  }

  // ---------------------------------------------------------------- embeddings responses

  @Test
  void float_embeddings_out_of_order_come_back_in_input_order() {
    OpenAiJson.Embeddings embeddings =
        OpenAiJson.parseEmbeddings(
            "{\"object\":\"list\",\"model\":\"e5\",\"data\":["
                + "{\"index\":1,\"object\":\"embedding\",\"embedding\":[0.5,-1]},"
                + "{\"index\":0,\"object\":\"embedding\",\"embedding\":[0.25,2]}],"
                + "\"usage\":{\"prompt_tokens\":4,\"total_tokens\":4}}",
            2);

    assertArrayEquals(new float[] {0.25f, 2f}, embeddings.vectors().get(0));
    assertArrayEquals(new float[] {0.5f, -1f}, embeddings.vectors().get(1));
    assertEquals("e5", embeddings.model());
    assertEquals(new Usage(4, 0, 4, false), embeddings.usage().orElseThrow());
  }

  @Test
  void base64_embeddings_out_of_order_are_decoded_as_little_endian_float32() {
    OpenAiJson.Embeddings embeddings =
        OpenAiJson.parseEmbeddings(
            "{\"data\":[{\"index\":1,\"embedding\":\""
                + base64(3.5f, -0.125f)
                + "\"},{\"index\":0,\"embedding\":\""
                + base64(1f, 2f)
                + "\"}]}",
            2);

    assertArrayEquals(new float[] {1f, 2f}, embeddings.vectors().get(0));
    assertArrayEquals(new float[] {3.5f, -0.125f}, embeddings.vectors().get(1));
    assertTrue(embeddings.usage().isEmpty());
  }

  @Test
  void embeddings_without_index_are_taken_in_order() {
    OpenAiJson.Embeddings embeddings =
        OpenAiJson.parseEmbeddings("{\"data\":[{\"embedding\":[1]},{\"embedding\":[2]}]}", 2);

    assertArrayEquals(new float[] {1f}, embeddings.vectors().get(0));
    assertArrayEquals(new float[] {2f}, embeddings.vectors().get(1));
  }

  @Test
  void too_few_or_repeated_embeddings_are_an_error() {
    assertThrows(
        JsonException.class,
        () -> OpenAiJson.parseEmbeddings("{\"data\":[{\"index\":0,\"embedding\":[1]}]}", 2));
    assertThrows(
        JsonException.class,
        () ->
            OpenAiJson.parseEmbeddings(
                "{\"data\":[{\"index\":0,\"embedding\":[1]},{\"index\":0,\"embedding\":[2]}]}", 2));
    assertThrows(
        JsonException.class,
        () -> OpenAiJson.parseEmbeddings("{\"data\":[{\"index\":0,\"embedding\":\"AAA\"}]}", 1));
  }

  // ---------------------------------------------------------------- model lists

  @Test
  void a_vllm_model_list_keeps_ids_with_slashes_and_the_context_length() {
    List<ModelInfo> models =
        OpenAiJson.parseModels(
            "{\"object\":\"list\",\"data\":[{\"id\":\"Qwen/Qwen3-8B\",\"object\":\"model\","
                + "\"created\":1,\"owned_by\":\"vllm\",\"root\":\"Qwen/Qwen3-8B\",\"parent\":null,"
                + "\"max_model_len\":32768,\"permission\":[]},"
                + "{\"id\":\"my-lora\",\"owned_by\":\"vllm\",\"parent\":\"Qwen/Qwen3-8B\"}]}");

    assertEquals(
        List.of(
            new ModelInfo("Qwen/Qwen3-8B", "vllm", OptionalInt.of(32768)),
            new ModelInfo("my-lora", "vllm", OptionalInt.empty())),
        models);
  }

  @Test
  void a_llama_cpp_list_with_an_extra_models_array_is_read_from_data_only() {
    List<ModelInfo> models =
        OpenAiJson.parseModels(
            "{\"models\":[{\"name\":\"/models/tiny.gguf\",\"model\":\"/models/tiny.gguf\"}],"
                + "\"object\":\"list\",\"data\":[{\"id\":\"/models/tiny.gguf\",\"object\":\"model\","
                + "\"owned_by\":\"llamacpp\",\"meta\":null}]}");

    assertEquals(
        List.of(new ModelInfo("/models/tiny.gguf", "llamacpp", OptionalInt.empty())), models);
  }

  @Test
  void a_list_with_only_named_models_uses_the_names() {
    List<ModelInfo> models =
        OpenAiJson.parseModels("{\"models\":[{\"name\":\"llama3.2:1b\"},{\"name\":\"\"}]}");

    assertEquals(List.of(new ModelInfo("llama3.2:1b", "", OptionalInt.empty())), models);
  }

  private static String base64(float... values) {
    ByteBuffer bytes = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
    for (float value : values) {
      bytes.putFloat(value);
    }
    return Base64.getEncoder().encodeToString(bytes.array());
  }

  @SuppressWarnings("unchecked")
  private static <T extends JsonValue> T json(String text) {
    return (T) Json.createReader(new StringReader(text)).readValue();
  }
}
