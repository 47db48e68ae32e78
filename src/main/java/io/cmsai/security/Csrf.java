package io.cmsai.security;

import io.cmsai.security.internal.CsrfTokens;
import jakarta.servlet.http.HttpSession;

/**
 * The session's token against cross-site request forgery, for pages and resources outside {@code
 * security} that hand it to the browser. Every state-changing request to the module must send it
 * back, in the header {@value #HEADER} (scripts) or the form field {@value #FIELD} (server-rendered
 * forms); {@link CsrfFilter} checks it. Thread-safe.
 */
public final class Csrf {

  /** The request header carrying the token. */
  public static final String HEADER = CsrfTokens.HEADER;

  /** The form field carrying the token. */
  public static final String FIELD = CsrfTokens.FIELD;

  private Csrf() {}

  /** The session's token, created on first use. */
  public static String token(HttpSession session) {
    return CsrfTokens.of(session);
  }
}
