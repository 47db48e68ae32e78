package io.cmsai.api.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.cmsai.streaming.SseEvent;
import io.cmsai.streaming.SseParser;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SseRelayFrameTest {

  @ParameterizedTest
  @ValueSource(
      strings = {
        "{\"choices\":[{\"delta\":{\"content\":\"Hi\"}}]}",
        "{\"choices\":[{\"index\":0,\n\"delta\":{\"content\":\"first\"}}]}",
        "line one\nline two\n\nline four",
        "trailing\n",
        "\nleading",
        "",
        "emoji 🦙 and ünïcödé\nsecond"
      })
  void every_line_of_the_data_gets_its_own_prefix_and_parses_back_to_the_same_data(String data) {
    assertEquals(List.of(data), parse(SseRelay.frame(data)));
  }

  @ParameterizedTest
  @ValueSource(strings = {"a\r\nb", "a\rb"})
  void carriage_returns_end_lines_as_a_parser_reads_them(String data) {
    assertEquals(List.of("a\nb"), parse(SseRelay.frame(data)));
  }

  private static List<String> parse(byte[] frame) {
    List<String> data = new ArrayList<>();
    new SseParser((SseEvent event) -> data.add(event.data())).feed(frame);
    return data;
  }
}
