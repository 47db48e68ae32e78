package io.cmsai.web.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cmsai.web.ApiError;
import io.cmsai.web.ErrorType;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;

class IncidentsTest {

  @Test
  void an_unexpected_failure_is_one_log_line_and_a_generic_answer_with_the_incident_id() {
    List<LogRecord> records = new ArrayList<>();
    Logger logger = Logger.getLogger(Incidents.class.getName());
    Handler handler =
        new Handler() {
          @Override
          public void publish(LogRecord record) {
            if (logger.isLoggable(record.getLevel())) {
              records.add(record);
            }
          }

          @Override
          public void flush() {}

          @Override
          public void close() {}
        };
    logger.addHandler(handler);
    try {
      ApiError error =
          Incidents.record(
              "POST /api/ai/search\n[INFO] forged",
              new IllegalStateException(
                  "broken\nline", new ClassCastException("class A cannot be cast to B")));

      assertEquals(500, error.status());
      assertEquals(ErrorType.SERVER_ERROR, error.type());
      assertFalse(error.message().contains("Exception"), error.message());
      assertFalse(error.message().contains("cast"), error.message());
      LogRecord severe =
          records.stream().filter(r -> r.getLevel() == Level.SEVERE).findFirst().orElseThrow();
      String id = error.message().replaceAll(".*incident ([0-9a-f]+).*", "$1");
      assertEquals(12, id.length(), error.message());
      assertTrue(severe.getMessage().contains("incident " + id), severe.getMessage());
      assertTrue(severe.getMessage().contains("ClassCastException"), severe.getMessage());
      assertFalse(severe.getMessage().contains("\n"), severe.getMessage());
      assertEquals(null, severe.getThrown());
      assertEquals(
          1,
          records.stream().filter(r -> r.getLevel().intValue() >= Level.INFO.intValue()).count());
    } finally {
      logger.removeHandler(handler);
    }
  }

  @Test
  void long_messages_are_cut() {
    String summary = Incidents.summary(new IllegalStateException("x".repeat(10_000)));

    assertTrue(summary.length() < 1000, "length " + summary.length());
  }

  @Test
  void error_paths_pick_the_shape() {
    assertEquals(EdgePaths.OPENAI, EdgePaths.of("/api/ai/v1/chat/completions"));
    assertEquals(EdgePaths.OPENAI, EdgePaths.of("/api/ai/v1"));
    assertEquals(EdgePaths.API, EdgePaths.of("/api/ai/v1x"));
    assertEquals(EdgePaths.API, EdgePaths.of("/api/ai/search"));
    assertEquals(EdgePaths.PAGE, EdgePaths.of("/admin/"));
    assertEquals(EdgePaths.PAGE, EdgePaths.of("/apix"));
  }

  @Test
  void argument_messages_that_carry_exception_classes_are_not_shown() {
    assertEquals(
        "the request is not valid",
        InvalidArgumentMapper.message(
            new IllegalArgumentException("java.lang.ClassCastException@220a2811")));
    assertEquals(
        "k must be a whole number 1..50",
        InvalidArgumentMapper.message(
            new IllegalArgumentException("k must be a whole number 1..50")));
  }

  @Test
  void the_html_error_page_escapes_and_names_no_server() {
    String page = ErrorPageServlet.page(404, "<b>x</b>", "/");

    assertTrue(page.contains("&lt;b&gt;x&lt;/b&gt;"), page);
    assertFalse(page.contains("Payara"), page);
  }
}
