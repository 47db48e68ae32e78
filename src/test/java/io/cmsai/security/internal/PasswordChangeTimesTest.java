package io.cmsai.security.internal;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Sessions and cached credentials older than the account's last password change are not valid. */
class PasswordChangeTimesTest {

  private static final Instant CREATED = Instant.parse("2026-01-01T00:00:00Z");

  private final Map<String, Instant> store = new HashMap<>(Map.of("admin", CREATED));
  private final PasswordChangeTimes times =
      new PasswordChangeTimes(user -> Optional.ofNullable(store.get(user)));

  @Test
  void a_session_from_before_a_password_change_is_no_longer_current() {
    Instant signedIn = CREATED.plusSeconds(60);
    assertTrue(times.isCurrent("admin", signedIn));

    Instant changed = CREATED.plusSeconds(120);
    store.put("admin", changed);
    times.changed("admin", changed);

    assertFalse(times.isCurrent("admin", signedIn), "the other session ends");
    assertTrue(times.isCurrent("admin", changed), "the changing session, proved again, goes on");
    assertTrue(times.isCurrent("admin", changed.plusMillis(1)), "later sign-ins");
  }

  @Test
  void the_change_is_read_from_the_account_store_when_not_seen_here() {
    // e.g. after a restart, or changed on another instance
    store.put("admin", CREATED.plusSeconds(300));

    assertFalse(times.isCurrent("admin", CREATED.plusSeconds(60)));
  }

  @Test
  void accounts_of_other_identity_stores_are_always_current() {
    assertTrue(times.isCurrent("ldap-user", CREATED.minusSeconds(999_999)));
  }

  @Test
  void an_unreadable_account_store_fails_the_check() {
    PasswordChangeTimes broken =
        new PasswordChangeTimes(
            user -> {
              throw new IllegalStateException("database down");
            });

    assertThrows(IllegalStateException.class, () -> broken.isCurrent("admin", CREATED));
  }
}
