package io.cmsai.api.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cmsai.provider.CallMetrics;
import io.cmsai.provider.ChatChoice;
import io.cmsai.provider.ChatResponse;
import io.cmsai.provider.Role;
import io.cmsai.provider.ToolCall;
import io.cmsai.provider.Usage;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ChatWireTest {

  @Test
  void standard_fields_map_to_the_request_and_unknown_fields_pass_through() {
    ChatWire.Parsed parsed =
        parse(
            "{\"model\":\"meta-llama/Llama-3.1-8B-Instruct\",\"messages\":[{\"role\":\"system\","
                + "\"content\":\"Be brief\"},{\"role\":\"user\",\"content\":\"Hi\"}],"
                + "\"temperature\":0.2,\"top_p\":0.9,\"max_completion_tokens\":5,\"stop\":\"x\","
                + "\"seed\":7,\"response_format\":{\"type\":\"json_object\"},\"top_k\":20,"
                + "\"structured_outputs\":{\"choice\":[\"a\",\"b\"]}}");

    var request = parsed.request();
    assertEquals("meta-llama/Llama-3.1-8B-Instruct", request.model());
    assertEquals(Role.SYSTEM, request.messages().get(0).role());
    assertEquals(0.2, request.temperature());
    assertEquals(0.9, request.topP());
    assertEquals(5, request.maxTokens());
    assertEquals(List.of("x"), request.stop());
    assertEquals(7L, request.seed());
    assertEquals("json_object", request.responseFormat().getString("type"));
    assertEquals("20", request.extraBody().get("top_k").toString());
    assertTrue(request.extraBody().containsKey("structured_outputs"));
    assertFalse(parsed.stream());
  }

  @Test
  void usage_is_relayed_only_when_a_streaming_client_asks_for_it() {
    assertFalse(parse("{\"stream\":true,\"messages\":" + HI + "}").includeUsage());
    assertTrue(
        parse(
                "{\"stream\":true,\"stream_options\":{\"include_usage\":true},\"messages\":"
                    + HI
                    + "}")
            .includeUsage());
    assertFalse(
        parse(
                "{\"stream\":true,\"stream_options\":{\"include_usage\":false},\"messages\":"
                    + HI
                    + "}")
            .includeUsage());
    assertFalse(
        parse("{\"stream_options\":{\"include_usage\":true},\"messages\":" + HI + "}")
            .includeUsage());
  }

  @Test
  void multi_part_content_and_tool_fields_travel_as_message_extras() {
    ChatWire.Parsed parsed =
        parse(
            "{\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":\"text\",\"text\":\"What?\"},"
                + "{\"type\":\"image_url\",\"image_url\":{\"url\":\"data:image/png;base64,AA==\"}}]},"
                + "{\"role\":\"assistant\",\"content\":null,\"tool_calls\":[{\"id\":\"c1\"}]},"
                + "{\"role\":\"tool\",\"tool_call_id\":\"c1\",\"content\":\"42\"}]}");

    var messages = parsed.request().messages();
    assertNull(messages.get(0).content());
    assertEquals(2, messages.get(0).extra().getJsonArray("content").size());
    assertTrue(messages.get(1).extra().containsKey("tool_calls"));
    assertEquals("c1", messages.get(2).extra().getString("tool_call_id"));
  }

  @Test
  void bad_requests_name_the_field() {
    assertEquals(null, error("{not json").param());
    assertEquals("messages", error("{\"model\":\"m\"}").param());
    assertEquals("messages", error("{\"messages\":[]}").param());
    assertEquals(
        "messages[0].role",
        error("{\"messages\":[{\"role\":\"wizard\",\"content\":\"x\"}]}").param());
    assertEquals("messages[0]", error("{\"messages\":[\"hi\"]}").param());
    assertEquals("temperature", error("{\"temperature\":\"hot\",\"messages\":" + HI + "}").param());
    assertEquals("temperature", error("{\"temperature\":3,\"messages\":" + HI + "}").param());
    assertEquals("max_tokens", error("{\"max_tokens\":0,\"messages\":" + HI + "}").param());
    assertEquals("stop", error("{\"stop\":5,\"messages\":" + HI + "}").param());
    assertTrue(error("[1,2]").message().contains("JSON object"));
  }

  @Test
  void only_llm_d_routing_headers_are_forwarded() {
    assertTrue(ChatWire.isForwardedHeader("X-LLM-D-Inference-Objective"));
    assertFalse(ChatWire.isForwardedHeader("Authorization"));
    assertFalse(ChatWire.isForwardedHeader("Cookie"));
  }

  @Test
  void a_completion_is_written_in_the_openai_shape() {
    ChatResponse response =
        new ChatResponse(
            "id1",
            "m",
            List.of(new ChatChoice(0, "Hello", "", List.of(new ToolCall("c", "f", "{}")), "stop")),
            new Usage(3, 2, 5, true),
            new CallMetrics(Duration.ofMillis(5), Duration.ofMillis(1), 1));

    JsonObject json = ChatWire.completion(response);

    assertEquals("chat.completion", json.getString("object"));
    JsonObject message = json.getJsonArray("choices").getJsonObject(0).getJsonObject("message");
    assertEquals("Hello", message.getString("content"));
    assertEquals(
        "f",
        message
            .getJsonArray("tool_calls")
            .getJsonObject(0)
            .getJsonObject("function")
            .getString("name"));
    assertEquals(5, json.getJsonObject("usage").getInt("total_tokens"));
    assertTrue(json.getJsonObject("usage").getBoolean("estimated"));
    JsonObject chunk = ChatWire.usageChunk(response);
    assertTrue(ChatWire.isUsageOnly(chunk.toString()));
    assertFalse(ChatWire.isUsageOnly("{\"choices\":[{\"delta\":{\"content\":\"usage\"}}]}"));
  }

  @Test
  void a_fractional_seed_is_a_400_naming_seed_not_an_arithmetic_exception() {
    assertEquals("seed", error("{\"messages\":" + HI + ",\"seed\":1.5}").param());
  }

  @Test
  void a_max_tokens_beyond_the_integer_range_is_refused_rather_than_wrapped() {
    assertEquals(
        "max_tokens",
        error("{\"messages\":" + HI + ",\"max_tokens\":18446744073709551623}").param());
  }

  @Test
  void stream_must_be_a_boolean() {
    assertEquals("stream", error("{\"messages\":" + HI + ",\"stream\":\"yes\"}").param());
    assertEquals(
        "stream_options.include_usage",
        error(
                "{\"stream\":true,\"messages\":"
                    + HI
                    + ",\"stream_options\":{\"include_usage\":\"yes\"}}")
            .param());
  }

  @Test
  void deep_nesting_trailing_garbage_and_non_objects_are_400s_in_the_openai_shape() {
    assertTrue(
        error("{\"messages\":" + "[".repeat(100_000)).message().contains("nested too deeply"));
    assertTrue(error("{\"messages\":" + HI + "} x").message().startsWith("the request body"));
    assertEquals("the request body must be a JSON object ({...})", error("[]").message());
  }

  private static final String HI = "[{\"role\":\"user\",\"content\":\"Hi\"}]";

  private static ChatWire.Parsed parse(String json) {
    return ChatWire.parse(json.getBytes(StandardCharsets.UTF_8), Map.of());
  }

  private static OpenAiError error(String json) {
    RequestError e = assertThrows(RequestError.class, () -> parse(json));
    assertEquals(400, e.error().status());
    assertEquals("invalid_request_error", e.error().type());
    JsonObject body =
        Json.createReader(new StringReader(e.error().toJson().toString())).readObject();
    assertTrue(body.getJsonObject("error").containsKey("param"));
    return e.error();
  }
}
