package io.cmsai.security;

import io.cmsai.security.internal.CsrfTokens;
import io.cmsai.security.internal.LoginTokens;
import io.cmsai.security.internal.SecurityHeaders;
import io.cmsai.web.ApiError;
import io.cmsai.web.ErrorType;
import io.cmsai.web.ErrorWriter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Locale;
import java.util.Set;

/**
 * Refuses state-changing requests (anything but GET, HEAD, OPTIONS) to the admin console, the admin
 * API and the content API ({@code web.xml} maps it to {@code /admin/*}, {@code /api/ai/admin/*},
 * {@code /api/ai/content/*}) unless they carry the session's CSRF token, in the {@value
 * CsrfTokens#HEADER} header or the {@value CsrfTokens#FIELD} form field: 403 with an explanation.
 * The sign-in form carries its cookie-bound token instead ({@link LoginTokens}). Requests that HTTP
 * Basic authenticated (the mechanism says so in {@link
 * ModuleAuthenticationMechanism#BASIC_AUTHENTICATED}; a Basic header alone is not enough) have no
 * session and pass when they are requests a cross-site page cannot forge (a browser may replay
 * cached Basic credentials, but another site's form can only POST form or plain text bodies, and
 * anything else needs a CORS preflight that the module never grants): a JSON POST, or PUT, PATCH,
 * DELETE.
 */
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
    SecurityHeaders.noStore(response);
    response.setStatus(HttpServletResponse.SC_FORBIDDEN);
    response.setCharacterEncoding("UTF-8");
    String message =
        "Refused: this request did not carry the form's security token (CSRF protection)."
            + " Reload the page and try again.";
    if (request.getRequestURI().startsWith(request.getContextPath() + "/api/")) {
      ErrorWriter.write(ApiError.of(ErrorType.FORBIDDEN, message), request, response);
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
    if (ModuleAuthenticationMechanism.LOGIN_PATH.equals(request.getServletPath())) {
      return LoginTokens.matches(request, token);
    }
    return CsrfTokens.matches(request.getSession(false), token);
  }

  private static boolean isBasicAuthenticated(HttpServletRequest request) {
    if (!Boolean.TRUE.equals(
        request.getAttribute(ModuleAuthenticationMechanism.BASIC_AUTHENTICATED))) {
      return false;
    }
    String type = request.getContentType();
    return !"POST".equals(request.getMethod())
        || (type != null && type.toLowerCase(Locale.ROOT).startsWith("application/json"));
  }
}
