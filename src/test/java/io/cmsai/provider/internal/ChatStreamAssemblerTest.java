package io.cmsai.provider.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cmsai.provider.ChatChoice;
import io.cmsai.provider.StreamDelta;
import io.cmsai.provider.StreamInterruptedException;
import io.cmsai.provider.ToolCall;
import io.cmsai.provider.Usage;
import io.cmsai.streaming.SseParser;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** OpenAI-style stream cases of PROTOCOLS.md section 9, items 10 to 21. */
class ChatStreamAssemblerTest {

  private final List<StreamDelta> deltas = new ArrayList<>();
  private final ChatStreamAssembler assembler =
      new ChatStreamAssembler(deltas::add, Redactor.of("sk-secret-key"));
  private final SseParser parser = new SseParser(assembler);

  /** The exact stream of the project's llama-server (STACK.md section 8.5). */
  @Test
  void llama_server_stream_with_role_chunk_finish_chunk_usage_chunk_and_done() {
    feed(
        chunk("{\"role\":\"assistant\",\"content\":null}", null),
        chunk("{\"content\":\"Hello\"}", null),
        chunk("{\"content\":\" from\"}", null),
        chunk("{\"content\":\"🦙\"}", null),
        chunk("{}", "\"stop\""),
        "data: {\"id\":\"c1\",\"model\":\"tiny\",\"choices\":[],\"usage\":{\"completion_tokens\":11,"
            + "\"prompt_tokens\":21,\"total_tokens\":32}}\n\n",
        "data: [DONE]\n\n");

    assertTrue(assembler.isDone());
    assertEquals(
        List.of("Hello", " from", "🦙"), deltas.stream().map(StreamDelta::content).toList());
    assertEquals(
        List.of(new ChatChoice(0, "Hello from🦙", "", List.of(), "stop")), assembler.choices());
    assertEquals(new Usage(21, 11, 32, false), assembler.usage().orElseThrow());
    assertEquals("c1", assembler.id());
    assertEquals("tiny", assembler.model());
  }

  @Test
  void anything_after_done_is_ignored() {
    feed(
        chunk("{\"content\":\"a\"}", null), "data: [DONE]\n\n", chunk("{\"content\":\"b\"}", null));

    assertEquals("a", assembler.partialText());
  }

  @Test
  void azure_first_chunk_without_choices_and_with_empty_id_is_tolerated() {
    feed(
        "data: {\"id\":\"\",\"model\":\"\",\"choices\":[],\"prompt_filter_results\":[{}]}\n\n",
        chunk("{\"content\":\"ok\"}", "\"content_filter\""),
        "data: [DONE]\n\n");

    assertEquals("c1", assembler.id());
    assertEquals("content_filter", assembler.choices().get(0).finishReason());
  }

  @Test
  void tool_call_fragments_are_merged_by_index_with_parallel_calls_interleaved() {
    feed(
        toolChunk(
            "{\"index\":0,\"id\":\"call_a\",\"type\":\"function\",\"function\":{\"name\":\"weather\",\"arguments\":\"\"}}"),
        toolChunk(
            "{\"index\":1,\"id\":\"call_b\",\"type\":\"function\",\"function\":{\"name\":\"time\",\"arguments\":\"{\\\"tz\\\"\"}}"),
        toolChunk("{\"index\":0,\"function\":{\"arguments\":\"{\\\"city\\\":\"}}"),
        toolChunk("{\"index\":1,\"function\":{\"arguments\":\":\\\"UTC\\\"}\"}}"),
        toolChunk("{\"index\":0,\"function\":{\"arguments\":\"\\\"Oslo\\\"}\"}}"),
        chunk("{}", "\"tool_calls\""),
        "data: [DONE]\n\n");

    ChatChoice choice = assembler.choices().get(0);
    assertEquals(
        List.of(
            new ToolCall("call_a", "weather", "{\"city\":\"Oslo\"}"),
            new ToolCall("call_b", "time", "{\"tz\":\"UTC\"}")),
        choice.toolCalls());
    assertEquals("tool_calls", choice.finishReason());
    assertTrue(deltas.isEmpty(), "tool calls are not text deltas");
  }

  @Test
  void interleaved_choices_of_n_2_are_kept_apart() {
    feed(
        "data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"A\"}}]}\n\n",
        "data: {\"choices\":[{\"index\":1,\"delta\":{\"content\":\"B\"}}]}\n\n",
        "data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"a\"},\"finish_reason\":\"stop\"}]}\n\n",
        "data: {\"choices\":[{\"index\":1,\"delta\":{\"content\":\"b\"},\"finish_reason\":\"length\"}]}\n\n",
        "data: [DONE]\n\n");

    List<ChatChoice> choices = assembler.choices();
    assertEquals("Aa", choices.get(0).content());
    assertEquals("Bb", choices.get(1).content());
    assertEquals("length", choices.get(1).finishReason());
  }

  @Test
  void reasoning_and_reasoning_content_both_count_as_reasoning() {
    feed(
        chunk("{\"reasoning\":\"think \"}", null),
        chunk("{\"reasoning_content\":\"more\"}", null),
        chunk("{\"content\":\"answer\",\"stop_reason\":null,\"token_ids\":[1]}", "\"stop\""),
        "data: [DONE]\n\n");

    assertEquals("think more", assembler.choices().get(0).reasoning());
    assertEquals("answer", assembler.choices().get(0).content());
  }

  @Test
  void error_event_after_the_200_is_a_typed_interruption_with_the_partial_text() {
    feed(chunk("{\"content\":\"Hel\"}", null));

    StreamInterruptedException e =
        assertThrows(
            StreamInterruptedException.class,
            () ->
                feed(
                    "data: {\"error\":{\"code\":500,\"message\":\"Context size has been exceeded.\","
                        + "\"type\":\"server_error\"}}\n\n"));

    assertEquals("Hel", e.partialText());
    assertTrue(e.getMessage().contains("Context size has been exceeded."), e.getMessage());
    assertEquals("server_error", e.errorType().orElseThrow());
  }

  @Test
  void legacy_llama_cpp_error_field_line_is_detected() {
    StreamInterruptedException e =
        assertThrows(
            StreamInterruptedException.class,
            () ->
                feed(
                    "error: {\"code\":500,\"message\":\"slot unavailable\",\"type\":\"server_error\"}\n\n"));

    assertTrue(e.getMessage().contains("slot unavailable"), e.getMessage());
  }

  @Test
  void event_error_form_is_detected_and_secrets_are_redacted() {
    StreamInterruptedException e =
        assertThrows(
            StreamInterruptedException.class,
            () ->
                feed(
                    "event: error\ndata: {\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\","
                        + "\"message\":\"key sk-secret-key overloaded\"}}\n\n"));

    assertFalse(e.getMessage().contains("sk-secret-key"), e.getMessage());
    assertEquals("overloaded_error", e.errorType().orElseThrow());
  }

  @Test
  void a_malformed_chunk_is_a_typed_interruption() {
    feed(chunk("{\"content\":\"x\"}", null));

    StreamInterruptedException e =
        assertThrows(StreamInterruptedException.class, () -> feed("data: {\"choices\":[\n\n"));

    assertEquals("x", e.partialText());
    assertTrue(e.getMessage().contains("malformed"), e.getMessage());
  }

  @Test
  void eof_without_done_leaves_the_assembler_not_done() {
    feed(chunk("{\"content\":\"partial\"}", null));

    assertFalse(parser.finish());
    assertFalse(assembler.isDone(), "the caller turns this into an interrupted stream");
    assertEquals("partial", assembler.partialText());
  }

  private void feed(String... frames) {
    for (String frame : frames) {
      parser.feed(frame.getBytes(StandardCharsets.UTF_8));
    }
  }

  private static String chunk(String delta, String finishReason) {
    return "data: {\"id\":\"c1\",\"object\":\"chat.completion.chunk\",\"model\":\"tiny\","
        + "\"choices\":[{\"index\":0,\"delta\":"
        + delta
        + ",\"finish_reason\":"
        + (finishReason == null ? "null" : finishReason)
        + "}]}\n\n";
  }

  private static String toolChunk(String call) {
    return chunk("{\"tool_calls\":[" + call + "]}", null);
  }
}
