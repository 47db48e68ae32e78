package io.cmsai.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cmsai.platform.Html;
import io.cmsai.security.internal.LoginThrottle;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

/** Sign-in helpers: the return address, throttling, escaping. */
class SignInTest {

  @Test
  void only_admin_paths_are_returned_to_after_sign_in() {
    assertEquals("/admin/keys.html", SignInServlet.safeNext("/admin/keys.html"));
    assertEquals("/admin/log.html?x=1", SignInServlet.safeNext("/admin/log.html?x=1"));
    for (String bad :
        new String[] {
          null,
          "https://evil.example/",
          "//evil.example/admin/",
          "/admin//evil.example",
          "/admin/\\evil",
          "/admin/../api/ai/v1/models",
          "/admin/login?next=/admin/",
          "/api/ai/admin/provider",
          "/admin/\r\nSet-Cookie: x"
        }) {
      assertEquals("/admin/", SignInServlet.safeNext(bad), String.valueOf(bad));
    }
  }

  @Test
  void repeated_failures_lock_a_user_for_a_growing_time_and_success_clears_them() {
    MutableClock clock = new MutableClock();
    LoginThrottle throttle = new LoginThrottle(clock);

    for (int i = 0; i < 4; i++) {
      throttle.failed("Admin");
    }
    assertFalse(throttle.isLocked("admin"), "four failures are free");
    throttle.failed("admin ");
    assertTrue(throttle.isLocked("ADMIN"));
    assertFalse(throttle.isLocked("editor"), "other users are not affected");
    clock.advance(Duration.ofSeconds(31));
    assertFalse(throttle.isLocked("admin"));
    throttle.failed("admin");
    clock.advance(Duration.ofSeconds(31));
    assertTrue(throttle.isLocked("admin"), "the second lock lasts 60 s");
    clock.advance(Duration.ofSeconds(30));
    throttle.succeeded("admin");
    throttle.failed("admin");
    assertFalse(throttle.isLocked("admin"), "a success starts the count again");
  }

  @Test
  void text_is_escaped_for_html() {
    assertEquals(
        "&lt;script&gt;&quot;a&quot; &amp; &#39;b&#39;&lt;/script&gt;",
        Html.escape("<script>\"a\" & 'b'</script>"));
    assertEquals("", Html.escape(null));
  }

  /** A clock the test moves. */
  static final class MutableClock extends Clock {
    private Instant now = Instant.parse("2026-01-01T00:00:00Z");

    void advance(Duration by) {
      now = now.plus(by);
    }

    @Override
    public Instant instant() {
      return now;
    }

    @Override
    public ZoneOffset getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }
  }
}
