package io.cmsai.security.internal;

import jakarta.servlet.http.HttpSession;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * Synchronizer tokens against cross-site request forgery: one random token per HTTP session, sent
 * back by every state-changing request (header {@value #HEADER} or form field {@value #FIELD}).
 */
public final class CsrfTokens {

  /** The request header carrying the token (admin pages' scripts). */
  public static final String HEADER = "X-CSRF-Token";

  /** The form field carrying the token (server-rendered forms). */
  public static final String FIELD = "_csrf";

  private static final String ATTRIBUTE = CsrfTokens.class.getName();
  private static final SecureRandom RANDOM = new SecureRandom();

  private CsrfTokens() {}

  /** The session's token, created on first use. */
  public static String of(HttpSession session) {
    synchronized (session) {
      Object token = session.getAttribute(ATTRIBUTE);
      if (token instanceof String known) {
        return known;
      }
      return rotate(session);
    }
  }

  /** Replaces the session's token (after sign-in) and returns the new one. */
  public static String rotate(HttpSession session) {
    byte[] bytes = new byte[32];
    RANDOM.nextBytes(bytes);
    String token = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    session.setAttribute(ATTRIBUTE, token);
    return token;
  }

  /** Whether {@code candidate} is the session's token (constant-time comparison). */
  public static boolean matches(HttpSession session, String candidate) {
    if (session == null || candidate == null || candidate.isEmpty()) {
      return false;
    }
    Object token = session.getAttribute(ATTRIBUTE);
    return token instanceof String known
        && MessageDigest.isEqual(
            known.getBytes(StandardCharsets.UTF_8), candidate.getBytes(StandardCharsets.UTF_8));
  }
}
