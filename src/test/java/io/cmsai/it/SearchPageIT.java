package io.cmsai.it;

import static io.cmsai.testing.Web.basic;
import static io.cmsai.testing.Web.enc;
import static io.cmsai.testing.Web.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cmsai.testing.Browser;
import io.cmsai.testing.BuiltWar;
import io.cmsai.testing.TestServices;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.Predicate;
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
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

/**
 * The search feature from the outside, on the real built WAR with the demo corpus (no host content
 * source, so the demo is on): the REST push API and its refusals, the search API's bad input, the
 * admin index page's Rebuild / Cancel and live progress bar, and the public search page, in
 * headless Chromium.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SearchPageIT {

  private static final String ADMIN = "admin";
  private static final String PASSWORD = BuiltWar.ADMIN_PASSWORD;
  private static final Path SCREENSHOTS = Path.of("target", "screenshots");
  private static final HttpClient HTTP =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(5))
          .build();

  private static Browser browser;

  @ArquillianResource private URL base;

  @Deployment(testable = false)
  static WebArchive builtWar() {
    return BuiltWar.archive();
  }

  @BeforeAll
  static void startBrowser() throws IOException {
    browser = new Browser(TestServices.chromium(), SCREENSHOTS);
  }

  @AfterAll
  static void stopBrowser() {
    if (browser != null) {
      browser.close();
    }
  }

  @Test
  @Order(1)
  void pushed_content_is_indexed_updated_and_deleted_through_the_rest_api() throws Exception {
    String item =
        """
        {"title": "Harbour ferry timetable", "url": "/ferry",
         "body": "<p>The <b>harbour ferry leaves every <i>twenty minutes<table><tr><td>from pier\
         &amp; nine &lt;north&gt;<script>alert(1)</script><style>p{}</style>",
         "language": "en-GB", "tags": ["Transport"], "type": "page"}
        """;
    assertEquals(401, send(put("api/ai/content/ferry", item), false).statusCode());
    HttpResponse<String> pushed = send(put("api/ai/content/ferry", item), true);
    assertEquals(202, pushed.statusCode(), pushed.body());
    assertEquals("en-GB", json(send(get("api/ai/content/ferry"), true)).getString("language"));

    JsonObject found = awaitSearch("harbour ferry pier", hits -> !hits.isEmpty());
    JsonObject hit = found.getJsonArray("hits").getJsonObject(0);
    assertEquals("ferry", hit.getString("id"), found.toString());
    assertEquals("push", hit.getString("source"));
    assertTrue(hit.getString("snippetHtml").contains("<mark>ferry</mark>"), hit.toString());
    assertFalse(hit.getString("chunk").contains("alert(1)"), "scripts are stripped: " + hit);
    assertTrue(hit.getString("chunk").contains("pier & nine <north>"), hit.toString());

    String update = item.replace("twenty minutes", "half hour").replace("Harbour", "Night");
    assertEquals(202, send(put("api/ai/content/ferry", update), true).statusCode());
    awaitSearch(
        "night ferry", hits -> hits.getJsonObject(0).getString("title").startsWith("Night"));

    assertEquals(202, send(delete("api/ai/content/ferry"), true).statusCode());
    awaitSearch("harbour ferry pier", hits -> hits.stream().noneMatch(h -> isFerry(h)));
    assertEquals(404, send(get("api/ai/content/ferry"), true).statusCode());
    assertEquals(404, send(delete("api/ai/content/ferry"), true).statusCode());
  }

  @Test
  @Order(2)
  void bad_pushes_are_refused_with_a_reason_and_change_nothing() throws Exception {
    HttpResponse<String> language =
        send(put("api/ai/content/x", "{\"title\":\"t\",\"language\":\"xx_!!\"}"), true);
    assertEquals(400, language.statusCode(), language.body());
    assertTrue(message(language).contains("language"), language.body());
    HttpResponse<String> notJson = send(put("api/ai/content/x", "{\"title\": "), true);
    assertEquals(400, notJson.statusCode(), notJson.body());
    assertTrue(message(notJson).contains("not valid JSON"), notJson.body());
    HttpResponse<String> tags = send(put("api/ai/content/x", "{\"tags\": 7}"), true);
    assertEquals(400, tags.statusCode(), tags.body());
    assertTrue(message(tags).contains("tags"), tags.body());

    long fifty = 50L * 1024 * 1024;
    HttpResponse<String> declared =
        send(
            HttpRequest.newBuilder(uri("api/ai/content/big"))
                .header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofByteArray(bigBody((int) fifty))),
            true);
    assertEquals(413, declared.statusCode(), declared.body());
    assertTrue(message(declared).contains("cms.ai.content.max-request-bytes"), declared.body());
    HttpResponse<String> chunked =
        send(
            HttpRequest.newBuilder(uri("api/ai/content/big"))
                .header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofInputStream(() -> zeros(fifty))),
            true);
    assertEquals(413, chunked.statusCode(), chunked.body());
    assertEquals(404, send(get("api/ai/content/big"), true).statusCode());
    assertEquals(404, send(get("api/ai/content/x"), true).statusCode());
  }

  @Test
  @Order(3)
  void the_search_api_refuses_bad_queries_clearly_and_bounds_long_ones() throws Exception {
    assertEquals(400, send(get("api/ai/search"), false).statusCode());
    assertTrue(message(send(get("api/ai/search?q=%20"), false)).contains("the query is empty"));
    HttpResponse<String> unknown = send(get("api/ai/search?q=x&author=me"), false);
    assertEquals(400, unknown.statusCode());
    assertTrue(message(unknown).contains("unknown parameter 'author'"), unknown.body());
    assertEquals(400, send(get("api/ai/search?q=x&k=0"), false).statusCode());
    assertEquals(400, send(get("api/ai/search?q=x&k=many"), false).statusCode());
    assertEquals(400, send(get("api/ai/search?q=x&k=51"), false).statusCode());
    HttpResponse<String> mode = send(get("api/ai/search?q=x&mode=fuzzy"), false);
    assertEquals(400, mode.statusCode());
    assertTrue(message(mode).contains("fuzzy"), mode.body());
    assertEquals(400, send(get("api/ai/search?q=x&lang=" + enc("!!")), false).statusCode());

    HttpResponse<String> longGet =
        send(get("api/ai/search?mode=keyword&q=" + enc("ferry ".repeat(500))), false);
    assertEquals(200, longGet.statusCode(), longGet.body());
    assertEquals(1000, json(longGet).getString("query").length());
    // 10,000 characters do not fit in a URL the server accepts (8 KiB request line): POST them.
    HttpResponse<String> longPost =
        send(post("api/ai/search", "{\"q\": \"" + "ferry ".repeat(1667) + "\", \"k\": 3}"), false);
    assertEquals(200, longPost.statusCode(), longPost.body());
    JsonObject results = json(longPost);
    assertEquals(1000, results.getString("query").length());
    assertTrue(
        results.getJsonArray("notes").getString(0).contains("shortened"), results.toString());
    HttpResponse<String> filters =
        send(
            post(
                "api/ai/search",
                "{\"q\": \"packages\", \"lang\": \"de\", \"tag\": [\"x\", \"y\"], \"k\": 2}"),
            false);
    assertEquals(200, filters.statusCode(), filters.body());
    HttpResponse<String> field = send(post("api/ai/search", "{\"query\": \"x\"}"), false);
    assertEquals(400, field.statusCode(), field.body());
    assertTrue(message(field).contains("unknown parameter 'query'"), field.body());
    HttpResponse<String> type = send(post("api/ai/search", "{\"q\": {\"a\": 1}}"), false);
    assertEquals(400, type.statusCode(), type.body());
    assertEquals(
        413,
        send(post("api/ai/search", "{\"q\": \"" + "x".repeat(70_000) + "\"}"), false).statusCode());
  }

  @Test
  @Order(10)
  void the_admin_page_shows_live_progress_cancels_and_rebuilds_the_index() throws Exception {
    browser.open(base + "admin/search-index.html");
    browser.until(d -> d.getCurrentUrl().contains("/admin/login") ? true : null);
    browser.type("username", ADMIN);
    browser.type("password", PASSWORD);
    browser.submit("password");
    browser.waitForText("sources", "demo (");
    browser.click("rebuild");
    String running = browser.waitForText("run-summary", ": running.");
    Instant seen = Instant.now();
    String percent =
        browser.until(
            d -> {
              WebElement bar = d.findElement(By.id("run-progress"));
              String value = bar.getAttribute("value");
              return value != null && Integer.parseInt(value) > 0 ? value : null;
            });
    assertTrue(Integer.parseInt(percent) < 100, "progress before the end: " + percent);
    assertTrue(browser.byId("run-percent").getText().endsWith(" %"));
    assertTrue(browser.waitForText("run-summary", " left.").contains(" items/s"), running);
    browser.screenshot("search-index-01-progress");
    assertTrue(browser.byId("rebuild").getAttribute("disabled") != null);

    browser.click("cancel");
    browser.waitForText("run-summary", ": stopped.");
    assertTrue(
        Duration.between(seen, Instant.now()).toSeconds() < 60, "stops after its current batch");
    assertTrue(browser.byId("freshness").getText().startsWith("incomplete"));

    browser.click("rebuild");
    String completed =
        browser.until(
            Duration.ofMinutes(5),
            d -> {
              String text = d.findElement(By.id("run-summary")).getText();
              return text.contains(": completed.") ? text : null;
            });
    Matcher unchanged = Pattern.compile("\\((\\d+) unchanged\\)").matcher(completed);
    assertTrue(unchanged.find(), completed);
    assertTrue(
        Integer.parseInt(unchanged.group(1)) > 0,
        "the items indexed before the cancel are counted as unchanged: " + completed);
    String summary = browser.waitForText("freshness", "fresh:");
    browser.screenshot("search-index-02-fresh");
    assertEquals(browser.byId("chunks").getText(), browser.byId("store-count").getText(), summary);
    assertEquals("100", browser.byId("run-progress").getAttribute("value"));
  }

  @Test
  @Order(11)
  void a_visitor_searches_the_demo_site_and_follows_a_result() {
    browser.open(base + "search.html");
    browser.type("q", "how do I set up a network bridge for virtual machines");
    browser.click("go");
    String status = settled();
    browser.screenshot("search-01-results");
    assertTrue(status.contains("results (hybrid"), status);
    List<WebElement> hits = browser.all("#results li.hit");
    assertTrue(hits.size() >= 5, status);
    WebElement first = hits.get(0);
    assertFalse(first.findElements(By.cssSelector(".snippet mark")).isEmpty(), first.getText());
    String title = first.findElement(By.cssSelector("h2 a")).getText();
    assertTrue(browser.url().contains("?q=how+do+I+set+up"), browser.url());

    first.findElement(By.cssSelector("h2 a")).click();
    browser.until(d -> d.getCurrentUrl().contains("/demo/") ? true : null);
    assertTrue(browser.byId("main").getText().contains(title), title);

    // A cross-reference inside a demo page opens the section it names (it was demo/demo/<id>).
    browser.open(base + "demo/de.sect.after-first-boot");
    browser.all("main a[href='de.packaging-system']").get(0).click();
    browser.until(d -> d.getCurrentUrl().endsWith("/demo/de.packaging-system") ? true : null);
    assertFalse(
        browser.byId("main").getText().contains("There is no demo page"),
        browser.byId("main").getText());

    browser.open(base + "search.html?q=" + enc("Paketverwaltung") + "&lang=de");
    browser.waitForText("status", "results");
    for (WebElement hit : browser.all("#results li.hit")) {
      assertEquals("de", hit.getAttribute("lang"), hit.getText());
    }
    browser.open(base + "search.html?q=" + enc("zzqx unknownword") + "&mode=keyword");
    browser.waitForText("status", "Nothing found for “zzqx unknownword”.");
  }

  // ---------------------------------------------------------------------------------------------

  /** The search page's status once the search answered. */
  private static String settled() {
    return browser.until(
        d -> {
          String text = d.findElement(By.id("status")).getText();
          return text.isBlank() || text.startsWith("Searching") ? null : text;
        });
  }

  private static boolean isFerry(jakarta.json.JsonValue hit) {
    return "ferry".equals(hit.asJsonObject().getString("id"));
  }

  private JsonObject awaitSearch(String q, Predicate<JsonArray> condition) throws Exception {
    Instant deadline = Instant.now().plusSeconds(60);
    JsonObject results = null;
    while (Instant.now().isBefore(deadline)) {
      HttpResponse<String> response =
          send(get("api/ai/search?mode=keyword&q=" + enc(q) + "&k=5"), false);
      assertEquals(200, response.statusCode(), response.body());
      results = json(response);
      if (condition.test(results.getJsonArray("hits"))) {
        return results;
      }
      Thread.sleep(200);
    }
    throw new AssertionError("the search for '" + q + "' never matched: " + results);
  }

  private URI uri(String path) throws Exception {
    return base.toURI().resolve(path);
  }

  private HttpRequest.Builder get(String path) throws Exception {
    return HttpRequest.newBuilder(uri(path)).GET();
  }

  private HttpRequest.Builder delete(String path) throws Exception {
    return HttpRequest.newBuilder(uri(path)).DELETE();
  }

  private HttpRequest.Builder post(String path, String body) throws Exception {
    return HttpRequest.newBuilder(uri(path))
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body));
  }

  private HttpRequest.Builder put(String path, String body) throws Exception {
    return HttpRequest.newBuilder(uri(path))
        .header("Content-Type", "application/json")
        .PUT(HttpRequest.BodyPublishers.ofString(body));
  }

  private static HttpResponse<String> send(HttpRequest.Builder request, boolean admin)
      throws Exception {
    if (admin) {
      request.header("Authorization", basic(ADMIN, PASSWORD));
    }
    return HTTP.send(
        request.timeout(Duration.ofSeconds(60)).build(), HttpResponse.BodyHandlers.ofString());
  }

  private static String message(HttpResponse<String> response) {
    return json(response).getJsonObject("error").getString("message");
  }

  private static byte[] bigBody(int size) {
    byte[] body = new byte[size];
    byte[] head = "{\"title\":\"big\",\"body\":\"".getBytes(StandardCharsets.US_ASCII);
    System.arraycopy(head, 0, body, 0, head.length);
    java.util.Arrays.fill(body, head.length, size - 2, (byte) 'a');
    body[size - 2] = '"';
    body[size - 1] = '}';
    return body;
  }

  private static InputStream zeros(long size) {
    return new InputStream() {
      private long left = size;

      @Override
      public int read() {
        return left-- > 0 ? ' ' : -1;
      }

      @Override
      public int read(byte[] b, int off, int len) {
        if (left <= 0) {
          return -1;
        }
        int n = (int) Math.min(len, left);
        java.util.Arrays.fill(b, off, off + n, (byte) ' ');
        left -= n;
        return n;
      }
    };
  }
}
