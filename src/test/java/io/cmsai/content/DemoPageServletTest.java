package io.cmsai.content;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** Links between demo sections work from a page that is itself under {@code demo/}. */
class DemoPageServletTest {

  @Test
  void site_relative_section_links_become_page_relative_and_others_stay() {
    String body =
        "<p>See <a href=\"demo/de.packaging-system\">packages</a>, "
            + "<a href=\"https://www.debian.org/\">Debian</a> and "
            + "<a href=\"mailto:someone@debian.org\">mail</a>; the text demo/x stays.</p>";

    assertEquals(
        "<p>See <a href=\"de.packaging-system\">packages</a>, "
            + "<a href=\"https://www.debian.org/\">Debian</a> and "
            + "<a href=\"mailto:someone@debian.org\">mail</a>; the text demo/x stays.</p>",
        DemoPageServlet.pageRelativeLinks(body));
  }
}
