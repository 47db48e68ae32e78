package io.cmsai.security.internal;

import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * A second, module-made cookie ({@value #COOKIE}) that a signed-in session must come with. Payara's
 * session ids carry only about 56 random bits, and Payara reads a better id generator only from the
 * server's own configuration, loaded by the server's class loader (not from the application), so
 * the module binds each signed-in session to 256 bits from {@link SecureRandom} instead: the cookie
 * is set at sign-in ({@code HttpOnly}, {@code SameSite=Strict}, {@code Secure} over HTTPS), only
 * its SHA-256 digest is kept in the session, and every request authenticated by the session must
 * carry it (constant-time comparison). Taking over a session needs both cookies.
 */
public final class SessionBinding {

  /** The companion cookie's name. */
  public static final String COOKIE = "cms-ai-session-key";

  private static final SecureRandom RANDOM = new SecureRandom();
  private static final int BYTES = 32;

  private SessionBinding() {}

  /** Sets a new companion cookie on {@code response} and returns the digest to keep. */
  public static String issue(HttpServletRequest request, HttpServletResponse response) {
    byte[] bytes = new byte[BYTES];
    RANDOM.nextBytes(bytes);
    String value = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    Cookies.set(request, response, COOKIE, value, -1);
    return digest(value);
  }

  /** Whether {@code request} carries the companion cookie of {@code caller}'s session. */
  public static boolean matches(HttpServletRequest request, SessionCaller caller) {
    String value = Cookies.value(request, COOKIE);
    return value != null
        && caller.bindingDigest() != null
        && MessageDigest.isEqual(
            digest(value).getBytes(StandardCharsets.US_ASCII),
            caller.bindingDigest().getBytes(StandardCharsets.US_ASCII));
  }

  /** Removes the companion cookie from the browser (sign-out). */
  public static void clear(HttpServletRequest request, HttpServletResponse response) {
    Cookies.set(request, response, COOKIE, "", 0);
  }

  static String digest(String value) {
    try {
      return Base64.getEncoder()
          .encodeToString(
              MessageDigest.getInstance("SHA-256")
                  .digest(value.getBytes(StandardCharsets.US_ASCII)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is not available", e);
    }
  }

  /** The module's own cookies, written as headers so that every attribute is sent as is. */
  static final class Cookies {

    private Cookies() {}

    static String value(HttpServletRequest request, String name) {
      Cookie[] cookies = request.getCookies();
      if (cookies == null) {
        return null;
      }
      for (Cookie c : cookies) {
        if (name.equals(c.getName())) {
          return c.getValue();
        }
      }
      return null;
    }

    /**
     * Sets a cookie for the whole application: {@code HttpOnly; SameSite=Strict}, {@code Secure}
     * over HTTPS; {@code maxAge} -1 = until the browser closes, 0 = delete.
     */
    static void set(
        HttpServletRequest request,
        HttpServletResponse response,
        String name,
        String value,
        int maxAge) {
      String path = request.getContextPath().isEmpty() ? "/" : request.getContextPath();
      response.addHeader(
          "Set-Cookie",
          name
              + "="
              + value
              + "; Path="
              + path
              + (maxAge >= 0 ? "; Max-Age=" + maxAge : "")
              + "; HttpOnly; SameSite=Strict"
              + (request.isSecure() ? "; Secure" : ""));
    }
  }
}
