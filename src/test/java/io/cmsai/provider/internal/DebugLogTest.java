package io.cmsai.provider.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class DebugLogTest {

  private static final String PROMPT =
      "{\"messages\":[{\"role\":\"user\",\"content\":\"PROMPT-CANARY-42 my card is 4111\"}]}";

  private final Logger logger = Logger.getLogger(DebugLog.LOGGER);
  private final List<String> lines = new ArrayList<>();
  private final Handler handler =
      new Handler() {
        @Override
        public void publish(LogRecord record) {
          lines.add(record.getMessage());
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}
      };

  private final HttpRequest request =
      HttpRequest.newBuilder(URI.create("http://upstream.test/v1/chat/completions"))
          .header("Authorization", "Bearer sk-secret-value")
          .header("Cookie", "session=abc123")
          .POST(HttpRequest.BodyPublishers.ofString(PROMPT))
          .build();

  @BeforeEach
  void listen() {
    logger.addHandler(handler);
  }

  @AfterEach
  void stop() {
    logger.removeHandler(handler);
  }

  @Test
  void debug_alone_logs_the_size_of_a_prompt_not_the_prompt() {
    new DebugLog(true, false).request(request, PROMPT, 1, Redactor.of("sk-secret-value"));

    String line = String.join("\n", lines);
    assertFalse(line.contains("PROMPT-CANARY-42"), line);
    assertTrue(line.contains("body: " + PROMPT.length() + " chars"), line);
  }

  @Test
  void debug_bodies_logs_the_prompt_cut_to_the_limit() {
    new DebugLog(true, true).request(request, PROMPT, 1, Redactor.of("sk-secret-value"));

    assertTrue(String.join("\n", lines).contains("PROMPT-CANARY-42"));
  }

  @Test
  void cookies_and_credentials_are_masked_in_both_directions() {
    DebugLog log = new DebugLog(true, false);
    Redactor redactor = Redactor.of("sk-secret-value");
    log.request(request, null, 1, redactor);
    log.response(
        request,
        200,
        HttpHeaders.of(
            Map.of(
                "Set-Cookie", List.of("route=s3cr3t-route; HttpOnly"),
                "Proxy-Authorization", List.of("Basic dXNlcjpwYXNz"),
                "Content-Type", List.of("application/json")),
            (a, b) -> true),
        Duration.ofMillis(5),
        redactor);

    String text = String.join("\n", lines);
    for (String secret : List.of("sk-secret-value", "abc123", "s3cr3t-route", "dXNlcjpwYXNz")) {
      assertFalse(text.contains(secret), secret + " in " + text);
    }
    assertTrue(text.contains("application/json"), text);
    assertEquals(2, lines.size());
  }
}
