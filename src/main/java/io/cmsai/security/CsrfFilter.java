package io.cmsai.security;

import io.cmsai.security.internal.CsrfTokens;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebFilter;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Locale;
import java.util.Set;

/**
 * Refuses state-changing requests (anything but GET, HEAD, OPTIONS) to the admin console and the
 * admin API unless they carry the session's CSRF token, in the {@value CsrfTokens#HEADER} header or
 * the {@value CsrfTokens#FIELD} form field: 403 with an explanation. Scripts authenticated by HTTP
 * Basic have no session and pass when their request is one a cross-site page cannot forge (a
 * browser may replay cached Basic credentials, but another site's form can only POST form or plain
 * text bodies, and anything else needs a CORS preflight that the module never grants): a JSON POST,
 * or PUT, PATCH, DELETE.
 */
@WebFilter(
    filterName = "cms-ai-csrf",
    urlPatterns = {"/admin/*", "/api/ai/admin/*"},
    asyncSupported = true)
public class CsrfFilter extends HttpFilter {

  private static final long serialVersionUID = 1L;
  private static final Set<String> SAFE = Set.of("GET", "HEAD", "OPTIONS", "TRACE");

  @Override
  protected void doFilter(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws IOException, ServletException {
    if (SAFE.contains(request.getMethod()) || isBasicAuthenticated(request) || hasToken(request)) {
      chain.doFilter(request, response);
      return;
    }
    response.setStatus(HttpServletResponse.SC_FORBIDDEN);
    response.setCharacterEncoding("UTF-8");
    String message =
        "Refused: this request did not carry the form's security token (CSRF protection)."
            + " Reload the page and try again.";
    if (request.getRequestURI().startsWith(request.getContextPath() + "/api/")) {
      response.setContentType("application/json");
      response
          .getWriter()
          .write(
              "{\"error\":{\"message\":\"" + message + "\",\"type\":\"csrf_error\",\"code\":403}}");
    } else {
      response.setContentType("text/html");
      response
          .getWriter()
          .write(
              "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Refused"
                  + "</title></head><body><h1>Refused</h1><p>"
                  + message
                  + "</p></body></html>");
    }
  }

  private static boolean hasToken(HttpServletRequest request) {
    String token = request.getHeader(CsrfTokens.HEADER);
    if (token == null) {
      String type = request.getContentType();
      if (type != null
          && type.toLowerCase(Locale.ROOT).startsWith("application/x-www-form-urlencoded")) {
        token = request.getParameter(CsrfTokens.FIELD);
      }
    }
    return CsrfTokens.matches(request.getSession(false), token);
  }

  private static boolean isBasicAuthenticated(HttpServletRequest request) {
    String authorization = request.getHeader("Authorization");
    if (request.getUserPrincipal() == null
        || authorization == null
        || !authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
      return false;
    }
    String type = request.getContentType();
    return !"POST".equals(request.getMethod())
        || (type != null && type.toLowerCase(Locale.ROOT).startsWith("application/json"));
  }
}
