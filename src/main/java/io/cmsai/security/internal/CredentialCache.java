package io.cmsai.security.internal;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;
import java.util.Set;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * HTTP Basic credentials verified a short while ago ({@value #LIFETIME_SECONDS} s), so that a
 * script sending many requests pays for the password hash once, not per request. An entry is found
 * by an HMAC-SHA256 of the whole {@code Authorization} header under a random key made at start and
 * never stored; the password itself is never kept. {@link #forget} drops a user's entries at once
 * (password change). At most {@value #MAX_ENTRIES} entries. Thread-safe.
 */
@ApplicationScoped
public class CredentialCache {

  static final int LIFETIME_SECONDS = 60;
  static final int MAX_ENTRIES = 1_000;

  /**
   * A caller whose credentials were right.
   *
   * @param name the caller name
   * @param groups the caller's groups
   * @param verifiedAt when the password was checked
   */
  public record Caller(String name, Set<String> groups, Instant verifiedAt) {
    public Caller {
      groups = Set.copyOf(groups);
    }
  }

  private final SecretKeySpec key;
  private final Clock clock;
  private final Cache<String, Caller> callers;

  public CredentialCache() {
    this(Clock.systemUTC());
  }

  /** A cache on an explicit clock (tests). */
  public CredentialCache(Clock clock) {
    byte[] secret = new byte[32];
    new SecureRandom().nextBytes(secret);
    this.key = new SecretKeySpec(secret, "HmacSHA256");
    this.clock = clock;
    this.callers =
        Caffeine.newBuilder()
            .expireAfterWrite(Duration.ofSeconds(LIFETIME_SECONDS))
            .maximumSize(MAX_ENTRIES)
            .ticker(() -> LoginThrottle.nanos(clock.instant()))
            .executor(Runnable::run)
            .build();
  }

  /** The lookup key of an {@code Authorization} header value (a keyed hash, not reversible). */
  public String keyOf(String authorization) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(key);
      return Base64.getEncoder()
          .encodeToString(mac.doFinal(authorization.getBytes(StandardCharsets.UTF_8)));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is not available", e);
    }
  }

  /** The caller verified for {@code key} within the lifetime, if any. */
  public Optional<Caller> find(String key) {
    return Optional.ofNullable(callers.getIfPresent(key));
  }

  /** Remembers that the credentials of {@code key} belong to {@code name} with {@code groups}. */
  public void remember(String key, String name, Set<String> groups) {
    callers.put(key, new Caller(name, groups, clock.instant()));
  }

  /** Drops every entry of the caller {@code name}. */
  public void forget(String name) {
    callers.asMap().values().removeIf(c -> c.name().equals(name));
  }
}
