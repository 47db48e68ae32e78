package io.cmsai.content;

import io.cmsai.platform.Html;
import jakarta.inject.Inject;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * The demo site's pages ({@code /demo/<id>}): one handbook section with its title, a way back to
 * the search page and the attribution its licence asks for. The body is the corpus's sanitised HTML
 * (checked by the corpus tests: no scripts, styles, images or {@code javascript:} links), and the
 * module's Content-Security-Policy applies.
 */
@WebServlet(urlPatterns = "/demo/*")
public class DemoPageServlet extends HttpServlet {

  private static final long serialVersionUID = 1L;

  @Inject transient DemoContent demo;

  @Override
  protected void doGet(HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    String path = request.getPathInfo();
    String id = path == null || path.length() < 2 ? "" : path.substring(1);
    Optional<ContentItem> item = id.isEmpty() ? Optional.empty() : demo.find(id);
    response.setCharacterEncoding(StandardCharsets.UTF_8.name());
    response.setContentType("text/html");
    if (item.isEmpty()) {
      response.setStatus(HttpServletResponse.SC_NOT_FOUND);
      response
          .getWriter()
          .write(
              page(
                  "Not found",
                  "en",
                  "<p>There is no demo page '" + Html.escape(id) + "'.</p>",
                  ""));
      return;
    }
    ContentItem found = item.get();
    String origin = demo.origin(found.id()).orElse("");
    String credit =
        "<p class=\"credit\">From <cite>The Debian Administrator's Handbook</cite> by Raphaël"
            + " Hertzog and Roland Mas (GPL-2+ or CC-BY-SA 3.0)"
            + (origin.startsWith("https://")
                ? ", <a href=\"" + Html.escape(origin) + "\">original section</a>"
                : "")
            + ". Shipped with the module as demo content.</p>";
    response
        .getWriter()
        .write(page(found.title(), found.language(), pageRelativeLinks(found.bodyHtml()), credit));
  }

  /**
   * The corpus links its sections site-relative ({@code demo/<id>}, as a CMS stores its URLs and as
   * search results show them); on a page that is itself at {@code demo/<id>} they must be {@code
   * <id>}, or every cross-reference is {@code demo/demo/<id>}, a 404. (A {@code <base>} element
   * would not do: the module's Content-Security-Policy has {@code base-uri 'none'}.)
   */
  static String pageRelativeLinks(String body) {
    return body.replace("href=\"demo/", "href=\"");
  }

  private static String page(String title, String language, String body, String credit) {
    return "<!DOCTYPE html><html lang=\""
        + Html.escape(language)
        + "\"><head><meta charset=\"utf-8\"><meta name=\"viewport\""
        + " content=\"width=device-width, initial-scale=1\"><title>"
        + Html.escape(title)
        + " · Demo</title><link rel=\"stylesheet\" href=\"../static/search.css\"></head><body>"
        + "<header class=\"site\"><a class=\"home\" href=\"../search.html\">← Search the demo"
        + " site</a></header><main id=\"main\" class=\"article\"><h1>"
        + Html.escape(title)
        + "</h1>"
        + body
        + credit
        + "</main></body></html>";
  }
}
