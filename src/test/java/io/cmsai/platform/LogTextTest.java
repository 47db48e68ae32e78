package io.cmsai.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Request text in log lines: escaped, quoted, cut. */
class LogTextTest {

  @Test
  void a_forged_log_line_stays_on_one_line() {
    String forged =
        "ghost2'\n[2026-12-07T13:59:59.999+0000] [] [INFO] administrator 'admin' changed\r\n";

    String logged = LogText.quote(forged);

    assertFalse(logged.contains("\n") || logged.contains("\r"), logged);
    assertTrue(logged.startsWith("\"ghost2'\\n[2026-12-07T13:59:59.999+0000]"), logged);
  }

  @Test
  void every_control_and_line_separator_character_is_escaped() {
    assertEquals(
        "\"a\\u001b[31mb\\u0000c\\u007fd\\u0085e\\u2028f\\u2029g\\tz\\u202eh\"",
        LogText.quote("a\u001b[31mb\u0000c\u007fd\u0085e\u2028f\u2029g\tz\u202eh"));
  }

  @Test
  void quotes_and_backslashes_cannot_close_the_quoted_text() {
    assertEquals("\"x\\\" y=\\\\\\\"z\"", LogText.quote("x\" y=\\\"z"));
  }

  @Test
  void long_text_is_cut_to_a_hundred_characters_and_marked() {
    String logged = LogText.quote("n".repeat(10_000));

    assertEquals("\"" + "n".repeat(100) + "\"…", logged);
    assertEquals("\"admin\"", LogText.quote("admin"));
    assertEquals("null", LogText.quote(null));
  }

  @Test
  void ordinary_unicode_text_is_kept() {
    assertEquals("\"Jürgen Ωmega 漢字 🦙\"", LogText.quote("Jürgen Ωmega 漢字 🦙"));
  }
}
