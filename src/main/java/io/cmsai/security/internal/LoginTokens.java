package io.cmsai.security.internal;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The sign-in form's CSRF token, without a server-side session (so an anonymous visit to the
 * sign-in page stores nothing on the server): the browser gets a random value in the cookie {@value
 * #COOKIE} ({@code HttpOnly}, {@code SameSite=Strict}); the form carries an HMAC-SHA256 of it under
 * a key made at start. A forged sign-in would need both, and a page on another site can read
 * neither.
 */
public final class LoginTokens {

  /** The cookie carrying the browser's random value. */
  public static final String COOKIE = "cms-ai-login";

  private static final SecureRandom RANDOM = new SecureRandom();
  private static final SecretKeySpec KEY = newKey();
  private static final Pattern VALUE = Pattern.compile("[A-Za-z0-9_-]{43}");

  private LoginTokens() {}

  /** The token for the form shown to this browser; sets the cookie when it has none yet. */
  public static String issue(HttpServletRequest request, HttpServletResponse response) {
    String value = SessionBinding.Cookies.value(request, COOKIE);
    if (value == null || !VALUE.matcher(value).matches()) {
      byte[] bytes = new byte[32];
      RANDOM.nextBytes(bytes);
      value = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
      SessionBinding.Cookies.set(request, response, COOKIE, value, -1);
    }
    return sign(value);
  }

  /** Whether {@code token} is the form token of this browser's cookie (constant time). */
  public static boolean matches(HttpServletRequest request, String token) {
    String value = SessionBinding.Cookies.value(request, COOKIE);
    if (value == null || token == null || !VALUE.matcher(value).matches()) {
      return false;
    }
    return MessageDigest.isEqual(
        sign(value).getBytes(StandardCharsets.US_ASCII), token.getBytes(StandardCharsets.UTF_8));
  }

  private static String sign(String value) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(KEY);
      return Base64.getUrlEncoder()
          .withoutPadding()
          .encodeToString(mac.doFinal(("sign-in:" + value).getBytes(StandardCharsets.US_ASCII)));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is not available", e);
    }
  }

  private static SecretKeySpec newKey() {
    byte[] key = new byte[32];
    RANDOM.nextBytes(key);
    return new SecretKeySpec(key, "HmacSHA256");
  }
}
