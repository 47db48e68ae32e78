package io.cmsai.security.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cmsai.testing.MutableClock;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Recently verified Basic credentials, keyed by a keyed hash of the header. */
class CredentialCacheTest {

  private final MutableClock clock = new MutableClock();
  private final CredentialCache cache = new CredentialCache(clock);

  private static String basic(String user, String password) {
    return "Basic "
        + Base64.getEncoder()
            .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void a_verified_header_is_found_for_a_minute_and_another_password_is_not() {
    String key = cache.keyOf(basic("admin", "right-password-1"));
    cache.remember(key, "admin", Set.of("ai-admin"));

    clock.advance(Duration.ofSeconds(59));
    CredentialCache.Caller caller =
        cache.find(cache.keyOf(basic("admin", "right-password-1"))).orElseThrow();
    assertEquals("admin", caller.name());
    assertEquals(Set.of("ai-admin"), caller.groups());
    assertFalse(cache.find(cache.keyOf(basic("admin", "right-password-2"))).isPresent());

    clock.advance(Duration.ofSeconds(1));
    assertFalse(cache.find(key).isPresent(), "expired after 60 s");
  }

  @Test
  void the_key_is_a_keyed_hash_that_differs_between_processes_and_hides_the_password() {
    String header = basic("admin", "right-password-1");
    String key = cache.keyOf(header);

    assertEquals(key, cache.keyOf(header));
    assertNotEquals(key, new CredentialCache(clock).keyOf(header), "random key per cache");
    assertEquals(44, key.length(), "256-bit HMAC");
    assertFalse(key.contains("right-password") || key.contains(header.substring(6)));
  }

  @Test
  void forgetting_a_user_drops_all_their_entries_at_once() {
    cache.remember(cache.keyOf(basic("admin", "a")), "admin", Set.of());
    cache.remember(cache.keyOf(basic("admin", "b")), "admin", Set.of());
    cache.remember(cache.keyOf(basic("editor", "c")), "editor", Set.of());

    cache.forget("admin");

    assertFalse(cache.find(cache.keyOf(basic("admin", "a"))).isPresent());
    assertFalse(cache.find(cache.keyOf(basic("admin", "b"))).isPresent());
    assertTrue(cache.find(cache.keyOf(basic("editor", "c"))).isPresent());
  }
}
