package io.cmsai.it;

import static io.cmsai.testing.Web.basic;
import static io.cmsai.testing.Web.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cmsai.streaming.SseEvent;
import io.cmsai.streaming.SseParser;
import io.cmsai.testing.BuiltWar;
import io.cmsai.testing.OutputCapture;
import io.cmsai.testing.Switchboard;
import jakarta.json.JsonObject;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
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
 * The web edge on the real WAR: replays the security review's probes (F5, F6, F10c, F13, F17, F19)
 * and checks every answer is the endpoint's own JSON error (OpenAI's shape under {@code
 * /api/ai/v1}), with no exception class, class loader or server name, and that client errors do not
 * flood the server log.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class ErrorEdgeIT {

  private static final String ADMIN = "admin";
  private static final String PASSWORD = BuiltWar.ADMIN_PASSWORD;
  private static final String DEEP = "{\"q\":" + "[".repeat(65_000);
  private static final HttpClient HTTP =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(5))
          .build();

  private static OutputCapture output;
  private static Switchboard upstream;

  @ArquillianResource private URL base;

  @Deployment(testable = false)
  static WebArchive builtWar() {
    return BuiltWar.archive();
  }

  @BeforeAll
  static void start() throws Exception {
    output = new OutputCapture();
    upstream =
        new Switchboard(
            Integer.parseInt(System.getProperty("cms.ai.test.upstream-port")),
            System.getenv("AI_TEST_OPENAI_BASE_URL"));
  }

  @AfterAll
  static void stop() {
    if (upstream != null) {
      upstream.close();
    }
    if (output != null) {
      output.close();
    }
  }

  @Test
  void deeply_nested_json_is_a_400_on_every_endpoint_and_barely_touches_the_log() throws Exception {
    Thread.sleep(1000); // let the boot output settle
    int before = output.text().length();

    assertModuleError(send("POST", "api/ai/search", "application/json", DEEP, false), 400);
    assertModuleError(send("PUT", "api/ai/content/nest", "application/json", DEEP, true), 400);
    assertModuleError(send("PUT", "api/ai/admin/provider", "application/json", DEEP, true), 400);
    assertOpenAiError(
        send("POST", "api/ai/v1/chat/completions", "application/json", DEEP, false), 400, null);
    assertOpenAiError(
        send("POST", "api/ai/v1/embeddings", "application/json", DEEP, false), 400, null);

    Thread.sleep(1000);
    String logged = output.text().substring(before);
    assertTrue(logged.length() < 4096, "the log grew by " + logged.length() + ":\n" + logged);
    assertFalse(logged.contains("nested"), logged);
  }

  @Test
  void bodies_of_the_wrong_json_type_are_400_naming_the_problem() throws Exception {
    HttpResponse<String> keys = send("POST", "api/ai/admin/keys", "application/json", "[]", true);
    HttpResponse<String> values =
        send("PUT", "api/ai/admin/provider", "application/json", "{\"values\":[]}", true);
    HttpResponse<String> search = send("POST", "api/ai/search", "application/json", "[]", false);
    HttpResponse<String> trailing =
        send("POST", "api/ai/search", "application/json", "{\"q\":\"a\"} x", false);
    HttpResponse<String> seed =
        send(
            "POST",
            "api/ai/v1/chat/completions",
            "application/json",
            "{\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}],\"seed\":1.5}",
            false);

    assertModuleError(keys, 400);
    assertEquals(
        "values", json(values).getJsonObject("fields").keySet().iterator().next(), values.body());
    assertModuleError(values, 400);
    assertModuleError(search, 400);
    assertModuleError(trailing, 400);
    assertOpenAiError(seed, 400, "seed");
  }

  @Test
  void a_setting_longer_than_its_column_is_a_400_for_that_field() throws Exception {
    HttpResponse<String> response =
        send(
            "PUT",
            "api/ai/admin/provider",
            "application/json",
            "{\"values\":{\"chat-model\":\"" + "m".repeat(200_000) + "\"}}",
            true);

    assertModuleError(response, 400);
    assertEquals("invalid_settings", json(response).getJsonObject("error").getString("type"));
    assertTrue(
        json(response).getJsonObject("fields").getString("chat-model").contains("2000"),
        response.body());
  }

  @Test
  void an_admin_body_over_the_limit_is_413() throws Exception {
    HttpResponse<String> response =
        send(
            "PUT",
            "api/ai/admin/provider",
            "application/json",
            "{\"values\":{\"chat-model\":\"" + "m".repeat(2 * 1024 * 1024) + "\"}}",
            true);

    assertModuleError(response, 413);
  }

  @Test
  void non_json_bodies_are_415_in_each_endpoint_format() throws Exception {
    String body = "{\"q\":\"a\",\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}";

    assertModuleError(send("POST", "api/ai/search", "text/plain", body, false), 415);
    assertModuleError(send("PUT", "api/ai/content/plain", "text/plain", body, true), 415);
    assertModuleError(send("PUT", "api/ai/admin/provider", "text/plain", "{}", true), 415);
    assertOpenAiError(
        send("POST", "api/ai/v1/chat/completions", "text/plain", body, false), 415, null);
    assertOpenAiError(
        send("POST", "api/ai/v1/embeddings", "text/plain", "{\"input\":\"a\"}", false), 415, null);
  }

  @Test
  void unknown_paths_and_methods_answer_without_server_details() throws Exception {
    HttpResponse<String> unknownApi = send("GET", "api/ai/no-such-thing", null, null, false);
    HttpResponse<String> unknownFacade = send("GET", "api/ai/v1/no-such-thing", null, null, false);
    HttpResponse<String> wrongMethod = send("DELETE", "api/ai/search", null, null, false);
    HttpResponse<String> page = send("GET", "no-such-page.html", null, null, false);

    assertModuleError(unknownApi, 404);
    assertOpenAiError(unknownFacade, 404, null);
    assertModuleError(wrongMethod, 405);
    assertEquals(404, page.statusCode());
    assertTrue(
        page.headers().firstValue("Content-Type").orElse("").startsWith("text/html"),
        page.headers().toString());
    assertNoInternals(page);
  }

  @Test
  void content_urls_other_than_http_and_site_paths_are_refused() throws Exception {
    for (String url :
        List.of(
            "javascript:alert('u1')",
            "JaVaScRiPt:alert(1)",
            "java\\tscript:alert(1)",
            "data:text/html,<script>alert(1)</script>",
            "//evil.example/phish",
            "/\\\\evil.example/x")) {
      HttpResponse<String> response =
          send(
              "PUT",
              "api/ai/content/url-probe",
              "application/json",
              "{\"title\":\"t\",\"url\":\"" + url + "\"}",
              true);

      assertModuleError(response, 400);
      String message = json(response).getJsonObject("error").getString("message");
      assertTrue(message.startsWith("url of url-probe"), message);
      assertFalse(message.contains("2000"), message);
    }
    HttpResponse<String> fine =
        send(
            "PUT",
            "api/ai/content/url-probe",
            "application/json",
            "{\"title\":\"t\",\"url\":\"/news/1\"}",
            true);
    assertEquals(202, fine.statusCode(), fine.body());
    assertEquals(202, send("DELETE", "api/ai/content/url-probe", null, null, true).statusCode());
  }

  @Test
  void a_multi_line_upstream_event_reaches_the_client_whole() throws Exception {
    HttpResponse<String> response =
        send(
            "POST",
            "api/ai/v1/chat/completions",
            "application/json",
            "{\"model\":\"multi-line\",\"stream\":true,"
                + "\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}",
            false);

    assertEquals(200, response.statusCode(), response.body());
    StringBuilder text = new StringBuilder();
    new SseParser(
            (SseEvent event) -> {
              if (!event.data().equals("[DONE]")) {
                JsonObject delta =
                    json(event.data())
                        .getJsonArray("choices")
                        .getJsonObject(0)
                        .getJsonObject("delta");
                text.append(delta.getString("content", ""));
              }
            })
        .feed(response.body().getBytes(StandardCharsets.UTF_8));
    assertEquals(Switchboard.MULTI_LINE_TEXT, text.toString(), response.body());
  }

  private HttpResponse<String> send(
      String method, String path, String type, String body, boolean admin) throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(base + path))
            .timeout(Duration.ofSeconds(30))
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body));
    if (type != null) {
      request.header("Content-Type", type);
    }
    if (admin) {
      request.header("Authorization", basic(ADMIN, PASSWORD));
    }
    return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static void assertModuleError(HttpResponse<String> response, int status) {
    assertEquals(status, response.statusCode(), response.body());
    assertJson(response);
    JsonObject error = json(response).getJsonObject("error");
    assertEquals(status, error.getInt("code"), response.body());
    assertFalse(error.getString("message").isBlank(), response.body());
    assertTrue(json(response).containsKey("fields"), response.body());
  }

  private static void assertOpenAiError(HttpResponse<String> response, int status, String param) {
    assertEquals(status, response.statusCode(), response.body());
    assertJson(response);
    JsonObject error = json(response).getJsonObject("error");
    assertTrue(error.containsKey("type") && error.containsKey("code"), response.body());
    if (param != null) {
      assertEquals(param, error.getString("param"), response.body());
    }
  }

  private static void assertJson(HttpResponse<String> response) {
    assertTrue(
        response.headers().firstValue("Content-Type").orElse("").startsWith("application/json"),
        response.headers() + " " + response.body());
    assertNoInternals(response);
  }

  private static void assertNoInternals(HttpResponse<String> response) {
    String body = response.body().toLowerCase(Locale.ROOT);
    for (String internal : List.of("exception", "payara", "java.", "classloader", "glassfish")) {
      assertFalse(body.contains(internal), internal + " in " + response.body());
    }
  }
}
