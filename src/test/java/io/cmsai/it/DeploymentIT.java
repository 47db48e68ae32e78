package io.cmsai.it;

import static io.cmsai.testing.Web.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cmsai.testing.BuiltWar;
import io.cmsai.testing.Switchboard;
import io.cmsai.testing.TestServices;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Deploys the real built WAR ({@code target/cms-ai.war}) on Payara Micro and checks it from the
 * outside, as an operator and an OpenAI client would: health endpoints, the status JSON, the
 * landing page, and the OpenAI-compatible facade under {@code /api/ai/v1} driven by a plain HTTP
 * client. The module's provider points at a {@link Switchboard} that forwards to the real
 * llama-server and scripts the failure cases (arquillian.xml).
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class DeploymentIT {

  private static final HttpClient HTTP =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(5))
          .build();

  private static final String ANSWER = "Hello from a tiny \"llama\" 🦙!\nBye.";

  private static Switchboard upstream;

  @ArquillianResource private URL base;

  @BeforeAll
  static void startUpstream() throws Exception {
    upstream =
        new Switchboard(
            // Reserved free by build-helper's reserve-network-port (pom.xml); arquillian.xml points
            // the module's base URL at it.
            Integer.parseInt(System.getProperty("cms.ai.test.upstream-port")),
            System.getenv("AI_TEST_OPENAI_BASE_URL"));
  }

  @AfterAll
  static void stopUpstream() {
    if (upstream != null) {
      upstream.close();
    }
  }

  @Deployment(testable = false)
  static WebArchive builtWar() {
    return BuiltWar.archive();
  }

  @Test
  void readiness_is_up_with_the_module_database_check() throws Exception {
    HttpResponse<String> ready = get(URI.create(base.toString()).resolve("/health/ready"));

    assertEquals(200, ready.statusCode(), ready.body());
    JsonObject health = json(ready.body());
    assertEquals("UP", health.getString("status"));
    JsonObject check = health.getJsonArray("checks").getJsonObject(0);
    assertEquals("cms-ai-database", check.getString("name"));
    assertEquals("READY", check.getJsonObject("data").getString("startup"));
    assertEquals("H2", check.getJsonObject("data").getString("database"));
  }

  @Test
  void liveness_is_up() throws Exception {
    HttpResponse<String> live = get(URI.create(base.toString()).resolve("/health/live"));

    assertEquals(200, live.statusCode(), live.body());
    assertTrue(live.body().contains("cms-ai-threads"), live.body());
  }

  @Test
  void status_endpoint_reports_the_running_module_as_json() throws Exception {
    HttpResponse<String> response = get(URI.create(base + "api/ai/status"));

    assertEquals(200, response.statusCode(), response.body());
    assertTrue(
        response.headers().firstValue("Content-Type").orElse("").startsWith("application/json"));
    JsonObject status = json(response.body());
    assertEquals("cms-ai", status.getString("module"));
    assertEquals("READY", status.getString("status"));
    assertEquals("H2", status.getString("database"));
    assertEquals("1.3", status.getString("schemaVersion"));
    assertTrue(
        List.of("UNKNOWN", "UP", "LOADING", "DOWN").contains(status.getString("provider")),
        response.body());
    assertTrue(status.getString("version").matches("\\d+\\.\\d+\\.\\d+.*"), response.body());
    assertTrue(
        !status.getString("installedAt").isEmpty() && !status.getString("startedAt").isEmpty());
  }

  @Test
  void landing_page_links_the_endpoints() throws Exception {
    HttpResponse<String> page = get(URI.create(base.toString()));

    assertEquals(200, page.statusCode());
    assertTrue(page.body().contains("api/ai/status"), page.body());
  }

  @Test
  void facade_lists_the_upstream_models() throws Exception {
    TestServices.openAiServer();

    HttpResponse<String> response = get(URI.create(base + "api/ai/v1/models"));

    assertEquals(200, response.statusCode(), response.body());
    JsonObject list = json(response.body());
    assertEquals("list", list.getString("object"));
    assertTrue(
        list.getJsonArray("data").stream()
            .anyMatch(m -> "tiny".equals(m.asJsonObject().getString("id"))),
        response.body());
    HttpResponse<String> one = get(URI.create(base + "api/ai/v1/models/tiny"));
    HttpResponse<String> missing = get(URI.create(base + "api/ai/v1/models/org/no-such-model"));
    assertEquals("tiny", json(one.body()).getString("id"), one.body());
    assertOpenAiError(missing, 404, "invalid_request_error");
  }

  @Test
  void facade_answers_a_chat_completion_with_usage() throws Exception {
    TestServices.openAiServer();

    HttpResponse<String> response =
        post(
            "api/ai/v1/chat/completions",
            "{\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}");

    assertEquals(200, response.statusCode(), response.body());
    JsonObject completion = json(response.body());
    assertEquals("chat.completion", completion.getString("object"));
    JsonObject choice = completion.getJsonArray("choices").getJsonObject(0);
    assertEquals(ANSWER, choice.getJsonObject("message").getString("content"));
    assertEquals("stop", choice.getString("finish_reason"));
    assertEquals(11, completion.getJsonObject("usage").getInt("completion_tokens"));
  }

  @Test
  void facade_streams_the_answer_as_server_sent_events_without_buffering() throws Exception {
    TestServices.openAiServer();

    HttpResponse<String> plain =
        post(
            "api/ai/v1/chat/completions",
            "{\"model\":\"tiny\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}");
    HttpResponse<String> withUsage =
        post(
            "api/ai/v1/chat/completions",
            "{\"stream\":true,\"stream_options\":{\"include_usage\":true},"
                + "\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}");

    assertEquals(200, plain.statusCode(), plain.body());
    assertTrue(
        plain.headers().firstValue("content-type").orElse("").startsWith("text/event-stream"));
    assertEquals("no", plain.headers().firstValue("x-accel-buffering").orElse(""));
    assertEquals("no-cache", plain.headers().firstValue("cache-control").orElse(""));
    List<String> events = dataEvents(plain.body());
    assertEquals("[DONE]", events.get(events.size() - 1));
    assertEquals(ANSWER, content(events));
    assertFalse(
        events.stream().anyMatch(e -> e.contains("\"usage\"") && e.contains("\"choices\":[]")));
    List<String> usageEvents = dataEvents(withUsage.body());
    assertTrue(
        usageEvents.stream()
            .filter(e -> !e.equals("[DONE]"))
            .map(io.cmsai.testing.Web::json)
            .anyMatch(e -> e.containsKey("usage") && e.getJsonArray("choices").isEmpty()),
        withUsage.body());
  }

  @Test
  void facade_embeds_a_batch() throws Exception {
    TestServices.openAiServer();

    HttpResponse<String> response =
        post("api/ai/v1/embeddings", "{\"input\":[\"one\",\"two\",\"three\"]}");

    assertEquals(200, response.statusCode(), response.body());
    JsonArray data = json(response.body()).getJsonArray("data");
    assertEquals(3, data.size());
    for (int i = 0; i < 3; i++) {
      assertEquals(i, data.getJsonObject(i).getInt("index"));
      assertEquals(64, data.getJsonObject(i).getJsonArray("embedding").size());
    }
  }

  @Test
  void facade_rejects_bad_requests_with_openai_errors() throws Exception {
    HttpResponse<String> notJson = post("api/ai/v1/chat/completions", "{not json");
    HttpResponse<String> noMessages = post("api/ai/v1/chat/completions", "{\"model\":\"tiny\"}");
    HttpResponse<String> badRole =
        post(
            "api/ai/v1/chat/completions",
            "{\"messages\":[{\"role\":\"wizard\",\"content\":\"x\"}]}");
    HttpResponse<String> tooBig =
        post(
            "api/ai/v1/chat/completions",
            "{\"messages\":[{\"role\":\"user\",\"content\":\"" + "x".repeat(5_000_000) + "\"}]}");
    HttpResponse<String> noInput = post("api/ai/v1/embeddings", "{\"input\":[]}");

    assertOpenAiError(notJson, 400, "invalid_request_error");
    assertOpenAiError(noMessages, 400, "invalid_request_error");
    assertEquals("messages", json(noMessages.body()).getJsonObject("error").getString("param"));
    assertOpenAiError(badRole, 400, "invalid_request_error");
    assertOpenAiError(tooBig, 413, "invalid_request_error");
    assertOpenAiError(noInput, 400, "invalid_request_error");
  }

  @Test
  void facade_maps_upstream_failures_to_gateway_errors() throws Exception {
    HttpResponse<String> unknownModel = chat("no-such-model", false);
    HttpResponse<String> refusedKey = chat("needs-key", false);
    HttpResponse<String> refusedKeyStream = chat("needs-key", true);
    long start = System.nanoTime();
    HttpResponse<String> hangUp = chat("hang-up", false);
    long hangUpMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);

    assertOpenAiError(unknownModel, 404, "invalid_request_error");
    assertEquals(
        "model_not_found", json(unknownModel.body()).getJsonObject("error").getString("code"));
    assertOpenAiError(refusedKey, 502, "upstream_authentication_error");
    assertOpenAiError(refusedKeyStream, 502, "upstream_authentication_error");
    assertOpenAiError(hangUp, 502, "upstream_error");
    assertTrue(
        hangUpMillis < 15_000, "two retries with backoff, then a clear error: " + hangUpMillis);
  }

  /**
   * Non-streamed only: with this deployment's 400 ms heartbeat a stream's status is committed
   * before the retries end (OpenAiClientFaultIT checks that streamed calls fail with the same
   * errors, hence the same status and Retry-After while uncommitted).
   */
  @Test
  void facade_answers_upstream_failures_with_the_readme_statuses() throws Exception {
    HttpResponse<String> limited = chat("rate-limited", false);
    assertOpenAiError(limited, 429, "rate_limit_error");
    long seconds = Long.parseLong(limited.headers().firstValue("retry-after").orElseThrow());
    assertTrue(seconds >= 1 && seconds <= 8, "Retry-After " + seconds);
    assertOpenAiError(chat("server-error", false), 502, "upstream_error");
    assertOpenAiError(chat("malformed", false), 502, "upstream_error");
    assertOpenAiError(chat("overloaded", false), 503, "service_unavailable");
  }

  @Test
  void a_stream_sends_nothing_before_the_first_token_so_a_late_error_keeps_its_status()
      throws Exception {
    // The heartbeat here is 400 ms (arquillian.xml); first-heartbeat keeps its 30 s default.
    HttpResponse<String> slow = chat("slow-start", true);

    assertEquals(200, slow.statusCode(), slow.body());
    assertTrue(slow.body().startsWith("data: "), "nothing before the first token: " + slow.body());
    assertTrue(slow.body().endsWith("data: [DONE]\n\n"), slow.body());

    HttpResponse<String> late = chat("late-not-found", true);

    assertOpenAiError(late, 404, "invalid_request_error");
    assertEquals(
        "application/json", late.headers().firstValue("Content-Type").orElse("").split(";")[0]);

    // A 429 after retries with back-off (longer than the heartbeat) keeps status and Retry-After.
    HttpResponse<String> limited = chat("rate-limited", true);

    assertOpenAiError(limited, 429, "rate_limit_error");
    assertTrue(
        limited.headers().firstValue("retry-after").isPresent(),
        limited.headers().map().toString());
  }

  @Test
  void a_client_that_disconnects_closes_the_upstream_stream_within_one_second() throws Exception {
    upstream.resetEndless();
    URI uri = URI.create(base + "api/ai/v1/chat/completions");
    byte[] body =
        "{\"model\":\"endless\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"go\"}]}"
            .getBytes(StandardCharsets.UTF_8);
    long closedAt;
    try (Socket socket = new Socket(uri.getHost(), uri.getPort())) {
      OutputStream out = socket.getOutputStream();
      out.write(
          ("POST "
                  + uri.getPath()
                  + " HTTP/1.1\r\nHost: "
                  + uri.getHost()
                  + "\r\n"
                  + "Content-Type: application/json\r\nContent-Length: "
                  + body.length
                  + "\r\n\r\n")
              .getBytes(StandardCharsets.US_ASCII));
      out.write(body);
      out.flush();
      BufferedReader in =
          new BufferedReader(
              new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
      int ticks = 0;
      String line;
      while (ticks < 3 && (line = in.readLine()) != null) {
        if (line.contains("tick")) {
          ticks++;
        }
      }
      assertEquals(3, ticks, "the stream should have started");
      closedAt = System.nanoTime();
    }

    long upstreamClosed = upstream.endlessClosedAt().get(10, TimeUnit.SECONDS);
    long millis = TimeUnit.NANOSECONDS.toMillis(upstreamClosed - closedAt);
    assertTrue(millis <= 1000, "upstream closed " + millis + " ms after the client left");
  }

  /**
   * The facade watches each caller's connection while it answers; that watch must end before the
   * answer does, or a keep-alive client's next request, sent the moment an answer arrives, could be
   * read by the watch instead of the container and never be answered.
   */
  @Test
  void quick_answers_in_a_row_on_one_keep_alive_connection_are_all_answered() throws Exception {
    HttpClient oneConnection = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    for (int i = 0; i < 1500; i++) {
      HttpResponse<String> answer =
          oneConnection.send(
              HttpRequest.newBuilder(URI.create(base + "api/ai/v1/chat/completions"))
                  .timeout(Duration.ofSeconds(10))
                  .header("Content-Type", "application/json")
                  .POST(
                      HttpRequest.BodyPublishers.ofString(
                          "{\"model\":\"no-such-model\",\"stream\":"
                              + (i % 2 == 0)
                              + ",\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}"))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertEquals(404, answer.statusCode(), "request " + i + ": " + answer.body());
    }
  }

  private HttpResponse<String> chat(String model, boolean stream) throws Exception {
    return post(
        "api/ai/v1/chat/completions",
        "{\"model\":\""
            + model
            + "\",\"stream\":"
            + stream
            + ",\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}");
  }

  private HttpResponse<String> post(String path, String body) throws Exception {
    return HTTP.send(
        HttpRequest.newBuilder(URI.create(base + path))
            .timeout(Duration.ofSeconds(30))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static void assertOpenAiError(HttpResponse<String> response, int status, String type) {
    assertEquals(status, response.statusCode(), response.body());
    assertTrue(
        response.headers().firstValue("content-type").orElse("").startsWith("application/json"),
        response.headers().toString());
    JsonObject error = json(response.body()).getJsonObject("error");
    assertEquals(type, error.getString("type"), response.body());
    assertFalse(error.getString("message").isBlank());
    assertFalse(response.body().contains("Exception"), response.body());
  }

  private static List<String> dataEvents(String body) {
    List<String> events = new ArrayList<>();
    for (String line : body.split("\n")) {
      if (line.startsWith("data: ")) {
        events.add(line.substring(6));
      }
    }
    return events;
  }

  private static String content(List<String> events) {
    StringBuilder text = new StringBuilder();
    for (String event : events) {
      if (event.equals("[DONE]")) {
        continue;
      }
      for (JsonValue choice : json(event).getJsonArray("choices")) {
        JsonObject delta = choice.asJsonObject().getJsonObject("delta");
        if (delta != null && delta.get("content") instanceof jakarta.json.JsonString s) {
          text.append(s.getString());
        }
      }
    }
    return text.toString();
  }

  private static HttpResponse<String> get(URI uri) throws Exception {
    return HTTP.send(
        HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).GET().build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
