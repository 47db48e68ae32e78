package io.cmsai.it;

import static io.cmsai.testing.Web.basic;
import static io.cmsai.testing.Web.enc;
import static io.cmsai.testing.Web.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cmsai.testing.Browser;
import io.cmsai.testing.BuiltWar;
import io.cmsai.testing.OutputCapture;
import io.cmsai.testing.TestServices;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.net.CookieManager;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The admin console in a real headless Chromium against the built WAR on Payara Micro, as a new
 * administrator uses it: sign in, field-level validation, save settings pointing at the real
 * llama-server, test the connection, pick models, a wrong key, an unreachable host and a server
 * that never answers, the key references, the request log, the account page, sign out. Plain HTTP
 * checks cover what a browser hides: refused unauthenticated access, refused POSTs without the CSRF
 * token, security headers and cookie flags. The keyed server's API key must never appear in any
 * page source or in the server's output. Screenshots: {@code target/screenshots/admin-*.png}.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AdminConsoleIT {

  private static final String ADMIN = "admin";
  private static final String PASSWORD = BuiltWar.ADMIN_PASSWORD;
  private static final Path SCREENSHOTS = Path.of("target", "screenshots");

  private static OutputCapture output;
  private static Browser browser;
  private static TestServices.OpenAiServer llama;
  private static TestServices.KeyedServer keyed;
  private static final List<String> responses = new ArrayList<>();

  @ArquillianResource private URL base;

  @Deployment(testable = false)
  static WebArchive builtWar() {
    return BuiltWar.archive();
  }

  @BeforeAll
  static void start() throws IOException {
    output = new OutputCapture();
    llama = TestServices.openAiServer();
    keyed = TestServices.keyedOpenAiServer();
    Files.writeString(secrets().resolve("keyed-good"), keyed.apiKey() + "\n");
    Files.writeString(secrets().resolve("keyed-wrong"), "wrong-" + keyed.apiKey().hashCode());
    browser = new Browser(TestServices.chromium(), SCREENSHOTS);
  }

  @AfterAll
  static void stop() throws Exception {
    try {
      if (browser != null) {
        browser.close();
      }
    } finally {
      if (output != null) {
        output.close();
      }
    }
  }

  // ---- plain HTTP: what the browser hides ----

  @Test
  @Order(1)
  void unauthenticated_access_to_admin_pages_and_the_admin_api_is_refused() throws Exception {
    HttpResponse<String> page = http(HttpRequest.newBuilder(uri("admin/keys.html")).GET());
    HttpResponse<String> api = http(HttpRequest.newBuilder(uri("api/ai/admin/provider")).GET());
    HttpResponse<String> wrongPassword =
        http(
            HttpRequest.newBuilder(uri("api/ai/admin/provider"))
                .header("Authorization", basic(ADMIN, "not-the-password"))
                .GET());

    assertEquals(302, page.statusCode());
    assertTrue(
        page.headers().firstValue("Location").orElse("").contains("/admin/login?next="),
        page.headers().toString());
    assertEquals(401, api.statusCode(), api.body());
    assertEquals("authentication_error", error(api).getString("type"));
    assertEquals(401, wrongPassword.statusCode());
  }

  @Test
  @Order(2)
  void state_changing_requests_without_the_csrf_token_are_refused() throws Exception {
    HttpClient client = client();
    HttpResponse<String> loginPage = send(client, HttpRequest.newBuilder(uri("admin/login")).GET());
    String token = formToken(loginPage.body());

    HttpResponse<String> loginWithoutToken =
        send(client, form(uri("admin/login"), "username=" + ADMIN + "&password=" + PASSWORD));
    HttpResponse<String> login =
        send(
            client,
            form(
                uri("admin/login"),
                "_csrf=" + token + "&username=" + ADMIN + "&password=" + enc(PASSWORD)));
    HttpResponse<String> putWithoutToken =
        send(
            client,
            HttpRequest.newBuilder(uri("api/ai/admin/provider"))
                .header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString("{\"values\":{\"debug\":\"true\"}}")));
    HttpResponse<String> logoutWithoutToken = send(client, form(uri("admin/logout"), "x=1"));
    String sessionToken =
        json(send(client, HttpRequest.newBuilder(uri("api/ai/admin/account")).GET()).body())
            .getString("csrfToken");
    HttpResponse<String> putWithToken =
        send(
            client,
            HttpRequest.newBuilder(uri("api/ai/admin/provider"))
                .header("Content-Type", "application/json")
                .header("X-CSRF-Token", sessionToken)
                .PUT(HttpRequest.BodyPublishers.ofString("{\"values\":{}}")));

    assertEquals(403, loginWithoutToken.statusCode(), loginWithoutToken.body());
    assertEquals(303, login.statusCode(), login.body());
    assertEquals(403, putWithoutToken.statusCode(), putWithoutToken.body());
    assertEquals("forbidden", error(putWithoutToken).getString("type"));
    assertEquals(403, logoutWithoutToken.statusCode());
    assertEquals(200, putWithToken.statusCode(), putWithToken.body());
    assertFalse(token.equals(sessionToken), "the token changes at sign-in");
  }

  @Test
  @Order(3)
  void pages_carry_security_headers_and_a_strict_http_only_session_cookie() throws Exception {
    HttpResponse<String> login = http(HttpRequest.newBuilder(uri("admin/login")).GET());

    String csp = login.headers().firstValue("Content-Security-Policy").orElse("");
    assertTrue(csp.contains("frame-ancestors 'none'"), csp);
    assertTrue(csp.contains("script-src 'self'"), csp);
    assertEquals("nosniff", login.headers().firstValue("X-Content-Type-Options").orElse(""));
    assertEquals("DENY", login.headers().firstValue("X-Frame-Options").orElse(""));
    assertEquals("no-store", login.headers().firstValue("Cache-Control").orElse(""));
    String cookie = login.headers().firstValue("Set-Cookie").orElse("");
    assertTrue(cookie.contains("HttpOnly"), cookie);
    assertTrue(cookie.toLowerCase(Locale.ROOT).contains("samesite=strict"), cookie);
    assertFalse(cookie.contains("Secure"), "plain HTTP: no Secure flag: " + cookie);
  }

  // ---- the browser ----

  @Test
  @Order(10)
  void an_administrator_signs_in_and_sees_where_each_value_comes_from() {
    browser.open(base + "admin/");
    browser.until(d -> d.getCurrentUrl().contains("/admin/login") ? true : null);
    browser.screenshot("admin-01-sign-in");

    browser.type("username", ADMIN);
    browser.type("password", "not-the-password");
    browser.submit("password");
    browser.waitForText("login-error", "Wrong user name or password.");
    browser.screenshot("admin-02-sign-in-failed");

    browser.type("password", PASSWORD);
    browser.submit("password");
    String badge = browser.waitForAnyText("o-base-url");

    assertTrue(browser.url().endsWith("/admin/"), browser.url());
    assertEquals("from configuration", badge);
    assertEquals("built-in default", browser.byId("o-idle-timeout").getText());
    assertTrue(browser.byId("u-base-url").getText().contains("http://127.0.0.1:"));
    // Labels and hints come from the settings' descriptors through the API.
    assertTrue(browser.byId("field-idle-timeout").getText().startsWith("Idle gap"));
    assertTrue(browser.byId("h-base-url").getText().contains("usually ending in /v1"));
    // An inherited value is shown in its field, marked, so it can be edited in place.
    assertEquals("1m", browser.byId("f-idle-timeout").getDomProperty("value"));
    assertTrue(browser.byId("f-idle-timeout").getAttribute("class").contains("inherited"));
    assertTrue(
        browser.byId("f-base-url").getDomProperty("value").startsWith("http://127.0.0.1:"),
        "the configured base URL is in its field");
    browser.screenshot("admin-03-provider-settings");
  }

  @Test
  @Order(11)
  void invalid_values_are_explained_next_to_their_fields_and_nothing_is_saved() throws Exception {
    browser.type("f-base-url", "ftp://example.org/v1");
    browser.type("f-connect-timeout", "0s");
    browser.type("f-total-timeout", "soon");
    browser.click("save");

    String url = browser.waitForAnyText("e-base-url");
    assertTrue(url.contains("http://"), url);
    assertTrue(browser.waitForAnyText("e-connect-timeout").contains("between 1ms and 5m"));
    assertTrue(browser.waitForAnyText("e-total-timeout").contains("not a duration"));
    assertEquals("true", browser.byId("f-base-url").getAttribute("aria-invalid"));
    assertTrue(browser.waitForText("form-status", "3 values need correcting").length() > 0);
    browser.screenshot("admin-04-validation");
    assertEquals("configured", field(adminGet("api/ai/admin/provider"), "base-url", "origin"));
  }

  @Test
  @Order(12)
  void saving_the_real_llama_server_applies_at_once_and_test_connection_succeeds()
      throws Exception {
    browser.type("f-base-url", llama.baseUrl());
    browser.type("f-connect-timeout", "5s");
    browser.type("f-total-timeout", "2m");
    browser.select("f-debug", "true");
    browser.click("save");
    browser.waitForText("form-status", "Settings saved");

    assertEquals(Boolean.TRUE, browser.until(d -> inView(d, "form-status")), "message in view");
    assertEquals("saved", browser.byId("o-base-url").getText());
    assertEquals(
        "built-in default",
        browser.byId("o-idle-timeout").getText(),
        "an inherited value left as shown is not saved");
    assertEquals("", browser.byId("e-base-url").getText());
    JsonObject saved = adminGet("api/ai/admin/provider");
    assertEquals(llama.baseUrl(), saved.getJsonObject("effective").getString("base-url"));

    browser.click("test-connection");
    browser.waitForText("test-summary", "Connection works");
    for (String step : List.of("health", "models", "chat", "embedding")) {
      assertTrue(
          browser.byId("step-" + step).getText().contains("OK"),
          browser.byId("step-" + step).getText());
    }
    assertTrue(browser.byId("step-models").getText().contains(llama.model()));
    assertTrue(browser.byId("step-embedding").getText().contains("dimension"));
    browser.screenshot("admin-05-test-connection-ok");
  }

  @Test
  @Order(13)
  void models_come_from_the_live_list_and_free_text_is_allowed() throws Exception {
    browser.click("refresh-models");
    String models = browser.waitForText("models-status", "available");
    assertTrue(models.contains(llama.model()), models);
    assertFalse(browser.all("#model-list option").isEmpty());

    browser.type("f-chat-model", llama.model());
    browser.type("f-embedding-model", "an-embedding-model-typed-by-hand");
    browser.click("save");
    browser.acceptDialog(); // search would switch models: the page asks first
    browser.waitForText("form-status", "Settings saved");
    browser.screenshot("admin-06-models");
    JsonObject form = adminGet("api/ai/admin/provider");
    assertEquals(llama.model(), form.getJsonObject("effective").getString("chat-model"));
    assertEquals(
        "an-embedding-model-typed-by-hand",
        form.getJsonObject("effective").getString("embedding-model"));

    browser.type("f-embedding-model", "");
    browser.click("save");
    browser.acceptDialog();
    browser.waitForText("form-status", "Settings saved");
  }

  @Test
  @Order(14)
  void a_wrong_key_shows_an_authentication_failure_and_the_right_key_is_used_at_once()
      throws Exception {
    browser.open(base + "admin/");
    browser.waitForAnyText("o-base-url");
    browser.type("f-base-url", keyed.baseUrl());
    browser.select("f-api-key-ref", "keyed-wrong");
    browser.click("test-connection");
    String summary = browser.waitForText("test-summary", "Connection failed");
    assertTrue(summary.contains("wrong or missing API key"), summary);
    browser.screenshot("admin-07-wrong-key");

    browser.select("f-api-key-ref", "keyed-good");
    browser.click("save");
    browser.waitForText("form-status", "Settings saved");
    HttpResponse<String> withGoodKey = facadeChat();
    browser.select("f-api-key-ref", "keyed-wrong");
    browser.click("save");
    browser.waitForText("form-status", "Settings saved");
    HttpResponse<String> withWrongKey = facadeChat();

    assertEquals(200, withGoodKey.statusCode(), withGoodKey.body());
    assertTrue(withGoodKey.body().contains("Hello from a tiny"), withGoodKey.body());
    assertEquals(502, withWrongKey.statusCode(), withWrongKey.body());
    assertTrue(withWrongKey.body().toLowerCase(Locale.ROOT).contains("key"), withWrongKey.body());
  }

  @Test
  @Order(15)
  void an_unreachable_host_and_a_silent_server_fail_clearly_within_the_timeouts() throws Exception {
    int closedPort;
    try (ServerSocket probe = new ServerSocket(0)) {
      closedPort = probe.getLocalPort();
    }
    browser.select("f-api-key-ref", "");
    browser.type("f-base-url", "http://127.0.0.1:" + closedPort + "/v1");
    long start = System.nanoTime();
    browser.click("test-connection");
    String unreachable = browser.waitForText("test-summary", "Connection failed");
    Duration unreachableTook = Duration.ofNanos(System.nanoTime() - start);
    browser.screenshot("admin-08-unreachable");

    try (ServerSocket silent = new ServerSocket(0)) {
      List<Socket> held = new ArrayList<>();
      Thread acceptor =
          new Thread(
              () -> {
                try {
                  while (true) {
                    held.add(silent.accept());
                  }
                } catch (IOException closed) {
                  // the test is over
                }
              });
      acceptor.start();
      browser.type("f-base-url", "http://127.0.0.1:" + silent.getLocalPort() + "/v1");
      browser.type("f-first-byte-timeout", "1s");
      browser.type("f-total-timeout", "3s");
      start = System.nanoTime();
      browser.click("test-connection");
      String silentSummary = browser.waitForText("test-summary", "timeout");
      Duration silentTook = Duration.ofNanos(System.nanoTime() - start);
      browser.screenshot("admin-09-silent-server");

      assertTrue(unreachable.contains("host unreachable"), unreachable);
      assertTrue(unreachableTook.compareTo(Duration.ofSeconds(10)) < 0, unreachableTook.toString());
      assertTrue(silentSummary.contains("first byte limit 1000 ms"), silentSummary);
      // Health, models and chat each wait at most the 1 s first-byte limit.
      assertTrue(silentTook.compareTo(Duration.ofSeconds(12)) < 0, silentTook.toString());
      for (Socket socket : held) {
        socket.close();
      }
    }
    browser.open(base + "admin/");
    browser.waitForAnyText("o-base-url");
  }

  @Test
  @Order(16)
  void a_preset_fills_the_server_fields_and_nothing_is_saved_until_the_user_saves()
      throws Exception {
    String savedBaseUrl =
        adminGet("api/ai/admin/provider").getJsonObject("effective").getString("base-url");
    browser.select("preset", "ollama");
    assertTrue(browser.byId("preset-about").getText().contains("11434"));
    browser.click("apply-preset");
    browser.waitForText("form-status", "Filled in for Ollama");
    assertEquals("http://localhost:11434/v1", browser.byId("f-base-url").getAttribute("value"));
    assertEquals("openai-compatible", browser.byId("f-kind").getAttribute("value"));

    browser.select("preset", "llama-server");
    assertTrue(browser.byId("preset-about").getText().contains("--port 8081"));
    browser.select("preset", "openai");
    browser.click("apply-preset");
    assertEquals("https://api.openai.com/v1", browser.byId("f-base-url").getAttribute("value"));
    assertEquals("openai", browser.byId("f-api-key-ref").getAttribute("value"));
    assertEquals("Authorization", browser.byId("f-auth-header").getAttribute("value"));
    browser.screenshot("admin-10-preset-openai");
    JsonObject saved = adminGet("api/ai/admin/provider");
    assertEquals(savedBaseUrl, saved.getJsonObject("effective").getString("base-url"));

    browser.type("f-base-url", "localhost:11434/v1");
    browser.click("test-connection");
    assertTrue(browser.waitForAnyText("e-base-url").contains("http://"));
    assertFalse(browser.byId("test-section").isDisplayed(), "no empty step table");
    browser.open(base + "admin/");
    browser.waitForAnyText("o-base-url");
  }

  @Test
  @Order(17)
  void the_page_says_which_model_each_feature_uses_and_asks_before_search_changes_model()
      throws Exception {
    String inUse = browser.waitForText("models-in-use", "site search");
    assertTrue(inUse.contains("site search → the built-in all-MiniLM-L6-v2"), inUse);

    browser.type("f-embedding-model", llama.model());
    browser.click("save");
    String question = browser.dismissDialog();

    assertTrue(question.contains("becomes stale"), question);
    assertTrue(question.contains(llama.model()), question);
    assertEquals("", field(adminGet("api/ai/admin/provider"), "embedding-model", "saved"));
    browser.open(base + "admin/");
    browser.waitForAnyText("o-base-url");
  }

  @Test
  @Order(20)
  void key_references_show_whether_they_resolve_and_never_their_value() {
    browser.open(base + "admin/keys.html");
    String good = browser.waitForAnyText("key-keyed-good");
    assertTrue(good.contains("Yes"), good);
    assertTrue(good.contains("secrets file"), good);
    assertTrue(browser.byId("key-keyed-wrong").getText().contains("provider key"));

    browser.type("key-name", "portal.openai");
    browser.type("key-note", "OpenAI account of the marketing site");
    browser.click("register");
    browser.waitForText("keys-status", "does not resolve yet");
    String registered = browser.waitForAnyText("key-portal.openai");
    assertTrue(registered.contains("No"), registered);
    assertTrue(registered.contains("marketing site"), registered);

    browser.type("key-name", "not a valid name!");
    browser.click("register");
    assertTrue(browser.waitForAnyText("key-name-error").contains("letters, digits"));
    browser.screenshot("admin-10-key-references");

    browser
        .byId("key-portal.openai")
        .findElement(org.openqa.selenium.By.cssSelector("button[aria-label^='Remove']"))
        .click();
    browser.waitForText("keys-status", "was removed");
    browser.until(d -> browser.all("#key-portal\\.openai").isEmpty() ? true : null);
  }

  @Test
  @Order(23)
  void a_key_value_is_set_replaced_and_deleted_from_the_console_and_never_shown()
      throws IOException {
    String value = "sk-console-" + Long.toHexString(System.nanoTime());
    browser.open(base + "admin/keys.html");
    browser.waitForAnyText("key-keyed-good");

    browser.type("value-name", "portal.console");
    browser.type("value-secret", value);
    browser.click("set-value");
    browser.waitForText("keys-status", "was saved; it resolves (secrets file)");
    String row = browser.waitForAnyText("key-portal.console");
    assertTrue(row.contains("Yes"), row);
    assertEquals("", browser.byId("value-secret").getAttribute("value"));
    assertEquals(value, Files.readString(secrets().resolve("portal.console")));
    assertFalse(browser.source().contains(value), "the value is in the page");
    browser.screenshot("admin-10b-key-value-set");

    clickInRow("key-portal.console", "button[aria-label^='Set the value']");
    browser.type("value-secret", value + "-2");
    browser.click("set-value");
    // the banner already says "was saved": wait for the field the page clears after this save
    browser.until(d -> browser.byId("value-secret").getAttribute("value").isEmpty() ? true : null);
    assertEquals(value + "-2", Files.readString(secrets().resolve("portal.console")));

    clickInRow("key-portal.console", "button[aria-label^='Delete the value']");
    browser.acceptDialog();
    browser.waitForText("keys-status", "was deleted");
    browser.until(d -> browser.all("#key-portal\\.console").isEmpty() ? true : null);
    assertFalse(Files.exists(secrets().resolve("portal.console")));
    assertFalse(browser.source().contains(value), "the value is in the page");
  }

  /** Clicks a button of a table row, again if the page re-rendered the table in between. */
  private void clickInRow(String rowId, String buttonCss) {
    browser.until(
        d -> {
          try {
            d.findElement(org.openqa.selenium.By.id(rowId))
                .findElement(org.openqa.selenium.By.cssSelector(buttonCss))
                .click();
            return true;
          } catch (org.openqa.selenium.StaleElementReferenceException
              | org.openqa.selenium.NoSuchElementException e) {
            return null;
          }
        });
  }

  @Test
  @Order(21)
  void the_request_log_lists_recent_calls_while_debug_is_on() {
    browser.open(base + "admin/log.html");
    browser.until(d -> browser.all("tr.log-entry").isEmpty() ? null : true);
    String log = browser.byId("log-table").getText();

    assertTrue(log.contains("chat"), log);
    assertTrue(log.contains(keyed.model()), log);
    assertTrue(log.contains("OK"), log);
    assertTrue(log.contains("Authentication"), "the wrong-key call is listed: " + log);
    browser.screenshot("admin-11-request-log");
  }

  @Test
  @Order(22)
  void the_vector_database_page_tests_pgvector_settings_without_creating_the_table()
      throws Exception {
    TestServices.Postgres pg = TestServices.postgres();
    Files.writeString(secrets().resolve("it-pg-password"), pg.password());
    browser.open(base + "admin/vectors.html");
    String model = browser.waitForText("model-summary", "dimensions");
    assertTrue(model.contains("all-minilm-l6-v2: 384 dimensions"), model);
    assertTrue(
        browser.byId("group-postgres").getAttribute("hidden") != null, "embedded by default");

    browser.select("f-kind", "pgvector");
    assertTrue(browser.byId("group-postgres").getAttribute("hidden") == null);
    browser.type("f-name", "Bad-Name; DROP TABLE x");
    browser.type("f-pg-url", pg.url());
    browser.type("f-pg-user", pg.user());
    browser.click("save");
    assertTrue(browser.waitForAnyText("e-name").contains("lower-case"));
    browser.open(base + "admin/vectors.html");
    browser.waitForText("model-summary", "dimensions");
    browser.select("f-kind", "pgvector");
    browser.type("f-name", "it_admin_vectors");
    browser.type("f-pg-url", pg.url());
    browser.type("f-pg-user", pg.user());
    browser.select("f-pg-password-ref", "it-pg-password");
    browser.click("test-store");
    String summary =
        browser.until(
            d -> {
              String text = d.findElement(org.openqa.selenium.By.id("test-summary")).getText();
              return text.isBlank() || text.startsWith("Testing") ? null : text;
            });
    browser.screenshot("admin-13-vector-database");

    assertTrue(summary.contains("will be created with 384 dimensions"), summary);
    assertTrue(browser.byId("check-server").getText().contains("PostgreSQL 15"));
    browser.click("save");
    browser.waitForText("form-status", "Settings saved");
    assertEquals("saved", browser.byId("o-kind").getText());
    HttpResponse<String> reset =
        http(
            HttpRequest.newBuilder(uri("api/ai/admin/vector-store"))
                .header("Authorization", basic(ADMIN, PASSWORD))
                .DELETE());
    assertEquals(200, reset.statusCode(), reset.body());
  }

  @Test
  @Order(30)
  void an_administrator_changes_the_password_and_signs_out() throws Exception {
    browser.open(base + "admin/account.html");
    browser.waitForText("account-user", ADMIN);
    browser.type("current", PASSWORD);
    browser.type("replacement", "short");
    browser.type("confirmation", "short");
    browser.click("change-password");
    assertTrue(browser.waitForAnyText("replacement-error").contains("at least 12"));
    browser.type("current", "not-the-password");
    browser.type("replacement", "a-long-enough-new-password");
    browser.type("confirmation", "a-long-enough-new-password");
    browser.click("change-password");
    assertTrue(browser.waitForAnyText("current-error").contains("not correct"));
    browser.screenshot("admin-12-account");

    String replacement = "it-replacement-password-4711";
    browser.type("current", PASSWORD);
    browser.type("replacement", replacement);
    browser.type("confirmation", replacement);
    browser.click("change-password");
    browser.waitForText("account-status", "Password changed");
    try {
      browser.click("sign-out");
      browser.waitForText("main", "You have signed out.");
      browser.open(base + "admin/keys.html");
      browser.until(d -> d.getCurrentUrl().contains("/admin/login") ? true : null);
      browser.type("username", ADMIN);
      browser.type("password", replacement);
      browser.submit("password");
      browser.waitForAnyText("key-keyed-good");
      assertTrue(browser.url().endsWith("/admin/keys.html"), browser.url());
    } finally {
      HttpResponse<String> back =
          http(
              HttpRequest.newBuilder(uri("api/ai/admin/account/password"))
                  .header("Authorization", basic(ADMIN, replacement))
                  .header("Content-Type", "application/json")
                  .POST(
                      HttpRequest.BodyPublishers.ofString(
                          "{\"current\":\""
                              + replacement
                              + "\",\"replacement\":\""
                              + PASSWORD
                              + "\"}")));
      assertEquals(204, back.statusCode(), back.body());
    }
  }

  @Test
  @Order(90)
  void the_api_key_never_reached_a_page_or_the_server_log() throws Exception {
    HttpResponse<String> reset =
        http(
            HttpRequest.newBuilder(uri("api/ai/admin/provider"))
                .header("Authorization", basic(ADMIN, PASSWORD))
                .DELETE());
    assertEquals(200, reset.statusCode(), reset.body());
    assertEquals("configured", field(json(reset.body()), "base-url", "origin"));

    List<String> pages = browser.sources();
    assertTrue(pages.size() >= 10, "pages checked: " + pages.size());
    String key = keyed.apiKey();
    for (String page : pages) {
      assertFalse(page.contains(key), "the API key is in a page source");
    }
    for (String body : responses) {
      assertFalse(body.contains(key), "the API key is in a response");
    }
    String log = output.text();
    assertTrue(log.contains("provider settings saved"), "the server output was captured");
    assertFalse(log.contains(key), "the API key is in the server log");
  }

  // ---- helpers ----

  private static Path secrets() throws IOException {
    return Files.createDirectories(
        Path.of(System.getProperty("cms.ai.test.work", "target/it-work"), "payara-data")
            .resolve("secrets"));
  }

  private HttpResponse<String> facadeChat() throws Exception {
    return http(
        HttpRequest.newBuilder(uri("api/ai/v1/chat/completions"))
            .header("Content-Type", "application/json")
            .POST(
                HttpRequest.BodyPublishers.ofString(
                    "{\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}")));
  }

  private JsonObject adminGet(String path) throws Exception {
    HttpResponse<String> response =
        http(
            HttpRequest.newBuilder(uri(path))
                .header("Authorization", basic(ADMIN, PASSWORD))
                .GET());
    assertEquals(200, response.statusCode(), response.body());
    return json(response.body());
  }

  private static String field(JsonObject form, String key, String property) {
    return form.getJsonArray("fields").getValuesAs(JsonObject.class).stream()
        .filter(f -> f.getString("key").equals(key))
        .findFirst()
        .orElseThrow()
        .getString(property);
  }

  private URI uri(String path) {
    return URI.create(base + path);
  }

  private static HttpClient client() {
    return HttpClient.newBuilder()
        .version(HttpClient.Version.HTTP_1_1)
        .cookieHandler(new CookieManager())
        .connectTimeout(Duration.ofSeconds(5))
        .build();
  }

  private static HttpResponse<String> http(HttpRequest.Builder request) throws Exception {
    return send(client(), request);
  }

  private static HttpResponse<String> send(HttpClient client, HttpRequest.Builder request)
      throws Exception {
    HttpResponse<String> response =
        client.send(
            request.timeout(Duration.ofSeconds(60)).build(),
            HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    responses.add(response.body());
    return response;
  }

  private static HttpRequest.Builder form(URI uri, String body) {
    return HttpRequest.newBuilder(uri)
        .header("Content-Type", "application/x-www-form-urlencoded")
        .POST(HttpRequest.BodyPublishers.ofString(body));
  }

  private static String formToken(String html) {
    Matcher m = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"").matcher(html);
    assertTrue(m.find(), html);
    return m.group(1);
  }

  private static JsonObject error(HttpResponse<String> response) {
    return json(response.body()).getJsonObject("error");
  }

  /** Whether the element is wholly inside the browser's viewport, or null (to wait) if not. */
  private static Boolean inView(org.openqa.selenium.WebDriver driver, String id) {
    Object visible =
        ((org.openqa.selenium.JavascriptExecutor) driver)
            .executeScript(
                "const r = document.getElementById(arguments[0]).getBoundingClientRect();"
                    + " return r.top >= 0 && r.bottom <= window.innerHeight;",
                id);
    return Boolean.TRUE.equals(visible) ? Boolean.TRUE : null;
  }
}
