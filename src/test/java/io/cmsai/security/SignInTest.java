package io.cmsai.security;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.cmsai.platform.Html;
import org.junit.jupiter.api.Test;

/** Sign-in helpers: the return address, escaping. */
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
  void text_is_escaped_for_html() {
    assertEquals(
        "&lt;script&gt;&quot;a&quot; &amp; &#39;b&#39;&lt;/script&gt;",
        Html.escape("<script>\"a\" & 'b'</script>"));
    assertEquals("", Html.escape(null));
  }
}
