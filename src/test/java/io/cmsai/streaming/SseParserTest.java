package io.cmsai.streaming;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** One test per SSE framing case of PROTOCOLS.md section 9 (items 1 to 9), plus limits. */
class SseParserTest {

  private final List<SseEvent> events = new ArrayList<>();
  private final List<String> comments = new ArrayList<>();
  private final List<String> unknown = new ArrayList<>();
  private final List<Long> retries = new ArrayList<>();
  private final SseParser parser =
      new SseParser(
          new SseListener() {
            @Override
            public void onEvent(SseEvent event) {
              events.add(event);
            }

            @Override
            public void onComment(String comment) {
              comments.add(comment);
            }

            @Override
            public void onRetry(long millis) {
              retries.add(millis);
            }

            @Override
            public void onUnknownField(String name, String value) {
              unknown.add(name + "=" + value);
            }
          });

  @Test
  void json_and_the_data_prefix_split_across_reads() {
    feedInPieces("da", "ta: {\"a\":", "1}\n", "\n");

    assertEquals(List.of("{\"a\":1}"), data());
  }

  @Test
  void multi_byte_characters_split_across_reads_are_not_corrupted() {
    byte[] bytes = utf8("data: 🦙 漢字\n\n");
    for (int cut = 1; cut < bytes.length; cut++) {
      events.clear();
      parser.feed(bytes, 0, cut);
      parser.feed(bytes, cut, bytes.length - cut);
      assertEquals(List.of("🦙 漢字"), data(), "cut at byte " + cut);
    }
    // one byte per read
    events.clear();
    for (byte b : bytes) {
      parser.feed(new byte[] {b});
    }
    assertEquals(List.of("🦙 漢字"), data());
  }

  @Test
  void lf_crlf_and_lone_cr_mixed_with_cr_as_the_last_byte_of_a_read() {
    feedInPieces("data: a\r\n\r\n", "data: b\n\n", "data: c\r\r", "data: d\r", "\n\r", "\n");

    assertEquals(List.of("a", "b", "c", "d"), data());
  }

  @Test
  void a_leading_bom_is_stripped_once_and_a_later_bom_is_content() {
    feedInPieces("\uFEFFdata: x\n\n", "data: \uFEFFy\n\n");

    assertEquals(List.of("x", "\uFEFFy"), data());
  }

  @Test
  void a_leading_bom_split_across_reads_is_stripped() {
    byte[] bytes = utf8("\uFEFFdata: x\n\n");
    parser.feed(bytes, 0, 1);
    parser.feed(bytes, 1, 1);
    parser.feed(bytes, 2, bytes.length - 2);

    assertEquals(List.of("x"), data());
  }

  @Test
  void comments_are_reported_separately_and_dispatch_nothing() {
    feedInPieces(": ping\n\n", ":\n", "data: x\n\n");

    assertEquals(List.of("ping", ""), comments);
    assertEquals(List.of("x"), data());
  }

  @Test
  void exactly_one_space_after_the_colon_is_removed() {
    feedInPieces("data:{\"a\":1}\n\n", "data:  two spaces\n\n");

    assertEquals(List.of("{\"a\":1}", " two spaces"), data());
  }

  @Test
  void multi_line_data_is_joined_with_newlines() {
    feedInPieces("data: {\n", "data: \"a\": 1\n", "data: }\n\n");

    assertEquals(List.of("{\n\"a\": 1\n}"), data());
  }

  @Test
  void event_id_retry_and_unknown_fields_are_handled_and_data_space_colon_is_ignored() {
    feedInPieces(
        "event: error\nid: 7\nretry: 1500\nfoo: bar\ndata : ignored\ndata: x\n\n",
        "retry: 10x\nid: a\0b\ndata: y\n\n");

    assertEquals(2, events.size());
    assertEquals(new SseEvent("error", "x", "7"), events.get(0));
    assertEquals(new SseEvent("message", "y", "7"), events.get(1), "id with NUL is ignored");
    assertEquals(List.of(1500L), retries);
    assertEquals(List.of("foo=bar", "data =ignored"), unknown);
  }

  @Test
  void a_field_line_without_a_colon_is_a_field_with_an_empty_value() {
    feedInPieces("data\n\n", "data\ndata\n\n");

    assertEquals(List.of("", "\n"), data());
  }

  @Test
  void an_event_without_data_is_not_dispatched() {
    feedInPieces("event: ping\n\n", "id: 3\n\n");

    assertTrue(events.isEmpty());
  }

  @Test
  void eof_in_the_middle_of_an_event_drops_it_and_reports_truncation() {
    feedInPieces("data: complete\n\n", "data: {\"partial\":");

    assertTrue(parser.finish());
    assertEquals(List.of("complete"), data());
  }

  @Test
  void eof_with_data_lines_but_no_blank_line_is_truncation_too() {
    feedInPieces("data: x\n");

    assertTrue(parser.finish());
    assertTrue(events.isEmpty());
  }

  @Test
  void eof_after_a_complete_event_is_clean() {
    feedInPieces("data: x\n\n");

    assertFalse(parser.finish());
  }

  @Test
  void legacy_llama_cpp_error_field_line_is_reported_as_an_unknown_field() {
    feedInPieces("error: {\"code\":500,\"message\":\"boom\"}\n\n");

    assertTrue(events.isEmpty());
    assertEquals(List.of("error={\"code\":500,\"message\":\"boom\"}"), unknown);
  }

  @Test
  void invalid_utf8_becomes_replacement_characters() {
    parser.feed(new byte[] {'d', 'a', 't', 'a', ':', ' ', (byte) 0xFF, 'x', '\n', '\n'});

    assertEquals(List.of("\uFFFDx"), data());
  }

  @Test
  void a_line_longer_than_the_limit_fails_fast() {
    SseParser small = new SseParser(event -> {}, 1024);
    byte[] big = new byte[4096];
    java.util.Arrays.fill(big, (byte) 'a');

    assertThrows(SseProtocolException.class, () -> small.feed(big));
  }

  private void feedInPieces(String... pieces) {
    for (String piece : pieces) {
      parser.feed(utf8(piece));
    }
  }

  private List<String> data() {
    return events.stream().map(SseEvent::data).toList();
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
