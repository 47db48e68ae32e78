package io.cmsai.security.internal;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * The security headers of every response: a Content-Security-Policy that allows only the module's
 * own scripts, styles and connections and no framing; {@code X-Content-Type-Options: nosniff};
 * {@code X-Frame-Options: DENY} for older browsers; {@code Referrer-Policy: same-origin}; {@code
 * Cache-Control: no-store} on admin pages, the admin API and every refusal (401, 403, 429).
 */
public final class SecurityHeaders {

  /** The policy sent with every response. */
  public static final String CONTENT_SECURITY_POLICY =
      "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:;"
          + " connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

  private SecurityHeaders() {}

  /** Sets the headers for {@code request}'s response (before it is committed). */
  public static void apply(HttpServletRequest request, HttpServletResponse response) {
    response.setHeader("Content-Security-Policy", CONTENT_SECURITY_POLICY);
    response.setHeader("X-Content-Type-Options", "nosniff");
    response.setHeader("X-Frame-Options", "DENY");
    response.setHeader("Referrer-Policy", "same-origin");
    String path = request.getRequestURI().substring(request.getContextPath().length());
    if (path.startsWith("/admin") || path.startsWith("/api/ai/admin")) {
      noStore(response);
    }
  }

  /** Marks a response that must not be kept by any cache (refusals, private data). */
  public static void noStore(HttpServletResponse response) {
    response.setHeader("Cache-Control", "no-store");
  }
}
