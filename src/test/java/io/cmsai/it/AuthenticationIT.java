package io.cmsai.it;

import static io.cmsai.testing.Web.basic;
import static io.cmsai.testing.Web.enc;
import static io.cmsai.testing.Web.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cmsai.testing.BuiltWar;
import io.cmsai.testing.OutputCapture;
import io.cmsai.testing.RawHttp;
import io.cmsai.testing.RawHttp.Response;
import java.io.IOException;
import java.net.URL;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
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
 * The security review's authentication probes (F2, F3, F7, F8, F9, F10, F12, F18) against the built
 * WAR on Payara Micro, over plain sockets bound to different loopback addresses (127.0.0.x) so that
 * the server sees several source addresses: Basic on a public path is not checked, one address's
 * failures do not lock the administrator out from another address nor end a session, a password
 * change ends the other sessions, user names are escaped in the log, a session needs its 256-bit
 * companion cookie, neither the sign-in page nor Basic creates a session, refusals carry the
 * security headers, and the content API is under CSRF protection.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AuthenticationIT {

  private static final String ADMIN = "admin";
  private static final String PASSWORD = BuiltWar.ADMIN_PASSWORD;
  private static final String LOCAL = "127.0.0.1";
  private static final Pattern FORM_TOKEN = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"");
  private static final Pattern COMPANION = Pattern.compile("[A-Za-z0-9_-]{43}");

  private static OutputCapture output;

  @ArquillianResource private URL base;

  /** The cookies of a signed-in browser. */
  private record Signed(String sessionId, String key) {
    String cookie() {
      return "Cookie: JSESSIONID=" + sessionId + "; cms-ai-session-key=" + key;
    }
  }

  @Deployment(testable = false)
  static WebArchive builtWar() {
    return BuiltWar.archive();
  }

  @BeforeAll
  static void capture() {
    output = new OutputCapture();
  }

  @AfterAll
  static void release() {
    output.close();
  }

  @Test
  @Order(1)
  void neither_the_sign_in_page_nor_basic_authentication_creates_a_session() throws Exception {
    Response page = get(LOCAL, "/admin/login");
    Response account =
        get(LOCAL, "/api/ai/admin/account", "Authorization: " + basic(ADMIN, PASSWORD));

    assertEquals(200, page.status());
    assertEquals(List.of(), cookies(page, "JSESSIONID"), page.headers().toString());
    String login = cookies(page, "cms-ai-login").get(0);
    assertTrue(login.contains("HttpOnly") && login.contains("SameSite=Strict"), login);
    assertEquals(200, account.status(), account.body());
    assertEquals(List.of(), cookies(account, "JSESSIONID"), account.headers().toString());
    assertEquals(ADMIN, json(account.body()).getString("user"));
    assertFalse(json(account.body()).containsKey("csrfToken"), "no session, no session token");
  }

  @Test
  @Order(2)
  void a_basic_header_on_a_public_path_is_not_checked() throws Exception {
    String name = "probe-" + UUID.randomUUID();
    get(LOCAL, "/api/ai/status");
    long start = System.nanoTime();
    for (int i = 0; i < 10; i++) {
      Response status = get(LOCAL, "/api/ai/status", "Authorization: " + basic(name + i, "x"));
      assertEquals(200, status.status(), status.body());
    }
    long millis = (System.nanoTime() - start) / 1_000_000;
    String marker = "marker-" + UUID.randomUUID();
    Response protectedPath =
        get("127.0.0.6", "/api/ai/admin/provider", "Authorization: " + basic(marker, "x"));

    assertEquals(401, protectedPath.status(), "a protected path does check it");
    awaitLog("failed sign-in for \"" + marker + "\"");
    assertFalse(output.text().contains(name), "the public requests were never checked");
    assertTrue(millis < 4_000, "10 requests took " + millis + " ms (one PBKDF2 check: ~450 ms)");
  }

  @Test
  @Order(3)
  void user_names_are_escaped_in_the_log() throws Exception {
    String forged = "[2026-12-07T13:59:59.999+0000] [] [INFO] [] forged-" + UUID.randomUUID();
    Response refused = signIn("127.0.0.5", "ghost'\n" + forged + "\r\n", "wrong");

    assertEquals(401, refused.status(), refused.body());
    // the form strips the trailing CR LF; the one inside is escaped
    awaitLog("failed sign-in for \"ghost'\\n" + forged + "\" from \"127.0.0.5\"");
    for (String line : output.text().split("\\R")) {
      assertFalse(line.startsWith(forged), "a forged log line: " + line);
    }
  }

  @Test
  @Order(4)
  void refusals_and_redirects_carry_the_security_headers() throws Exception {
    Response unauthorized = get(LOCAL, "/api/ai/admin/provider");
    Response redirect = get(LOCAL, "/admin/");
    Response csrf =
        send(
            LOCAL,
            "POST",
            "/api/ai/admin/index/cancel",
            "x",
            "Authorization: " + basic(ADMIN, PASSWORD),
            "Content-Type: text/plain");

    assertEquals(401, unauthorized.status());
    assertEquals(302, redirect.status());
    assertEquals(403, csrf.status(), csrf.body());
    for (Response r : List.of(unauthorized, redirect, csrf)) {
      assertSecurityHeaders(r);
    }
  }

  @Test
  @Order(5)
  void a_session_needs_its_256_bit_companion_cookie() throws Exception {
    Response signIn = signIn(LOCAL, ADMIN, PASSWORD);
    Signed one = new Signed(sessionId(signIn), value(cookies(signIn, "cms-ai-session-key").get(0)));
    Signed two = signedIn(LOCAL);

    for (String cookie :
        List.of(
            cookies(signIn, "JSESSIONID").get(0), cookies(signIn, "cms-ai-session-key").get(0))) {
      assertTrue(cookie.contains("HttpOnly"), cookie);
      assertTrue(cookie.toLowerCase(Locale.ROOT).contains("samesite=strict"), cookie);
    }
    assertTrue(COMPANION.matcher(one.key()).matches(), "256 random bits: " + one.key());
    assertNotEquals(one.key(), two.key());
    assertEquals(200, get(LOCAL, "/api/ai/admin/keys", one.cookie()).status());
    Response idAlone = get(LOCAL, "/api/ai/admin/keys", "Cookie: JSESSIONID=" + one.sessionId());
    Response wrongKey =
        get(
            LOCAL,
            "/api/ai/admin/keys",
            "Cookie: JSESSIONID=" + one.sessionId() + "; cms-ai-session-key=" + two.key());
    assertEquals(401, idAlone.status(), "the session id alone is not enough");
    assertEquals(401, wrongKey.status(), "nor with another session's companion");
    assertEquals(200, get(LOCAL, "/api/ai/admin/keys", one.cookie()).status(), "still signed in");
  }

  @Test
  @Order(6)
  void the_content_api_needs_the_csrf_token_and_a_bad_basic_header_exempts_nothing()
      throws Exception {
    Signed browser = signedIn(LOCAL);
    Response contentWithoutToken =
        send(
            LOCAL,
            "PUT",
            "/api/ai/content/csrf-probe",
            "{\"title\":\"t\",\"body\":\"b\"}",
            browser.cookie(),
            "Content-Type: application/json");
    Response invalidBasic =
        send(
            LOCAL,
            "PUT",
            "/api/ai/admin/provider",
            "{\"values\":{}}",
            browser.cookie(),
            "Authorization: Basic Zm9vOmJhcg==",
            "Content-Type: application/json");
    Response script =
        send(
            LOCAL,
            "DELETE",
            "/api/ai/content/csrf-probe",
            "",
            "Authorization: " + basic(ADMIN, PASSWORD));

    assertEquals(403, contentWithoutToken.status(), contentWithoutToken.body());
    assertEquals(403, invalidBasic.status(), invalidBasic.body());
    assertNotEquals(403, script.status(), "Basic-authenticated scripts need no token");
    assertTrue(script.status() < 500, script.status() + " " + script.body());
  }

  @Test
  @Order(7)
  void one_address_failures_lock_out_neither_another_address_nor_a_session() throws Exception {
    Signed session = signedIn(LOCAL);
    String attacker = "127.0.0.2";
    for (int i = 0; i < 5; i++) {
      Response wrong =
          get(attacker, "/api/ai/admin/account", "Authorization: " + basic(ADMIN, "wrong-" + i));
      assertEquals(401, wrong.status(), wrong.body());
    }

    Response throttled = signIn(attacker, ADMIN, PASSWORD);
    Response otherAddress = signIn("127.0.0.3", ADMIN, PASSWORD);
    Response otherBasic =
        get("127.0.0.3", "/api/ai/admin/index", "Authorization: " + basic(ADMIN, PASSWORD));
    Response throttledBasic =
        get(attacker, "/api/ai/admin/account", "Authorization: " + basic(ADMIN, "wrong-again"));

    assertEquals(
        429, throttled.status(), "even the right password waits at the attacker's address");
    assertTrue(throttled.body().contains("Too many failed attempts from your address"));
    long retryAfter = Long.parseLong(throttled.header("Retry-After").orElseThrow());
    assertTrue(retryAfter > 0 && retryAfter <= 30, "Retry-After " + retryAfter);
    assertEquals(303, otherAddress.status(), "the administrator signs in from elsewhere");
    assertEquals(200, otherBasic.status(), otherBasic.body());
    assertEquals(429, throttledBasic.status(), throttledBasic.body());
    assertTrue(throttledBasic.header("Retry-After").isPresent());
    assertSecurityHeaders(throttledBasic);
    assertEquals(200, get(LOCAL, "/api/ai/admin/keys", session.cookie()).status(), "session kept");
  }

  @Test
  @Order(8)
  void wrong_current_passwords_are_throttled_like_sign_ins() throws Exception {
    String from = "127.0.0.4";
    List<Integer> statuses = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      statuses.add(changePassword(from, basic(ADMIN, PASSWORD), "wrong-" + i, "x".repeat(20)));
    }

    assertEquals(List.of(400, 400, 400, 400, 400, 429), statuses);
  }

  @Test
  @Order(9)
  void a_password_change_ends_the_other_sessions_and_cached_basic_credentials() throws Exception {
    String replacement = "it-authentication-password-" + UUID.randomUUID();
    Signed other = signedIn(LOCAL);
    Signed changer = signedIn(LOCAL);
    assertEquals(
        200,
        get(LOCAL, "/api/ai/admin/account", "Authorization: " + basic(ADMIN, PASSWORD)).status());
    String token =
        json(get(LOCAL, "/api/ai/admin/account", changer.cookie()).body()).getString("csrfToken");
    Response changed =
        send(
            LOCAL,
            "POST",
            "/api/ai/admin/account/password",
            passwords(PASSWORD, replacement),
            changer.cookie(),
            "X-CSRF-Token: " + token,
            "Content-Type: application/json");
    try {
      assertEquals(204, changed.status(), changed.body());
      String newId = sessionId(changed);
      assertNotEquals(changer.sessionId(), newId, "the changing session gets a new id");

      assertEquals(401, get(LOCAL, "/api/ai/admin/keys", other.cookie()).status());
      Signed continued = new Signed(newId, changer.key());
      assertEquals(200, get(LOCAL, "/api/ai/admin/keys", continued.cookie()).status());
      assertEquals(
          401,
          get(LOCAL, "/api/ai/admin/keys", "Authorization: " + basic(ADMIN, PASSWORD)).status(),
          "the old password's cached Basic check is forgotten");
      assertEquals(
          200,
          get(LOCAL, "/api/ai/admin/keys", "Authorization: " + basic(ADMIN, replacement)).status());
    } finally {
      if (changed.status() == 204) {
        assertEquals(204, changePassword(LOCAL, basic(ADMIN, replacement), replacement, PASSWORD));
      }
    }
  }

  // ---- helpers ----

  private static void assertSecurityHeaders(Response r) {
    String csp = r.header("Content-Security-Policy").orElse("");
    assertTrue(csp.contains("frame-ancestors 'none'"), r.status() + " " + r.headers());
    assertEquals("nosniff", r.header("X-Content-Type-Options").orElse(""), r.headers().toString());
    assertEquals("no-store", r.header("Cache-Control").orElse(""), r.headers().toString());
  }

  private int changePassword(String from, String authorization, String current, String replacement)
      throws IOException {
    return send(
            from,
            "POST",
            "/api/ai/admin/account/password",
            passwords(current, replacement),
            "Authorization: " + authorization,
            "Content-Type: application/json")
        .status();
  }

  private static String passwords(String current, String replacement) {
    return "{\"current\":\"" + current + "\",\"replacement\":\"" + replacement + "\"}";
  }

  /** Signs in through the form from {@code from}; the response of the POST. */
  private Response signIn(String from, String user, String password) throws IOException {
    Response page = get(from, "/admin/login");
    String login = value(cookies(page, "cms-ai-login").get(0));
    Matcher m = FORM_TOKEN.matcher(page.body());
    assertTrue(m.find(), page.body());
    return send(
        from,
        "POST",
        "/admin/login",
        "_csrf=" + enc(m.group(1)) + "&username=" + enc(user) + "&password=" + enc(password),
        "Cookie: cms-ai-login=" + login,
        "Content-Type: application/x-www-form-urlencoded");
  }

  private Signed signedIn(String from) throws IOException {
    Response done = signIn(from, ADMIN, PASSWORD);
    assertEquals(303, done.status(), done.body());
    return new Signed(sessionId(done), value(cookies(done, "cms-ai-session-key").get(0)));
  }

  private static String sessionId(Response response) {
    List<String> ids = cookies(response, "JSESSIONID");
    assertFalse(ids.isEmpty(), response.headers().toString());
    return value(ids.get(ids.size() - 1));
  }

  private static List<String> cookies(Response response, String name) {
    return response.all("Set-Cookie").stream().filter(c -> c.startsWith(name + "=")).toList();
  }

  private static String value(String setCookie) {
    return setCookie.substring(setCookie.indexOf('=') + 1).split(";")[0];
  }

  private static void awaitLog(String text) throws InterruptedException {
    for (int i = 0; i < 100 && !output.text().contains(text); i++) {
      Thread.sleep(100);
    }
    assertTrue(output.text().contains(text), "not in the server log: " + text);
  }

  private Response get(String from, String path, String... headers) throws IOException {
    return send(from, "GET", path, "", headers);
  }

  private Response send(String from, String method, String path, String body, String... headers)
      throws IOException {
    String context =
        base.getPath().endsWith("/")
            ? base.getPath().substring(0, base.getPath().length() - 1)
            : base.getPath();
    return RawHttp.send(from, base.getPort(), method, context + path, List.of(headers), body);
  }
}
