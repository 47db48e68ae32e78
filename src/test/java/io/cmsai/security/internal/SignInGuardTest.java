package io.cmsai.security.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cmsai.testing.MutableClock;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The gate before every password check: throttle and budget together; the source address. */
class SignInGuardTest {

  private final MutableClock clock = new MutableClock();

  private SignInGuard guard(String trustedProxies) {
    return new SignInGuard(
        new LoginThrottle(clock, LoginThrottle.MAX_TRACKED),
        new FailureBudget(clock),
        trustedProxies);
  }

  @Test
  void a_delayed_pair_is_refused_but_the_same_user_from_a_clean_address_is_admitted() {
    SignInGuard guard = guard("");
    for (int i = 0; i < 5; i++) {
      assertEquals(Optional.empty(), guard.admit("admin", "203.0.113.7"));
      guard.failed("admin", "203.0.113.7");
    }

    assertEquals(Optional.of(Duration.ofSeconds(30)), guard.admit("admin", "203.0.113.7"));
    assertEquals(Optional.empty(), guard.admit("admin", "198.51.100.20"));
  }

  @Test
  void spraying_user_names_from_one_address_runs_out_of_its_budget() {
    SignInGuard guard = guard("");
    int checked = 0;
    for (int i = 0; i < 200; i++) {
      if (guard.admit("name" + i, "203.0.113.7").isEmpty()) {
        checked++;
        guard.failed("name" + i, "203.0.113.7");
      }
    }

    assertEquals(FailureBudget.ADDRESS_CAPACITY, checked, "200 wrong attempts, 10 hashed");
  }

  @Test
  void the_connection_address_counts_unless_it_is_a_trusted_proxy() {
    SignInGuard direct = guard("");
    SignInGuard proxied = guard("10.0.0.5, 10.0.0.6");

    assertEquals("10.0.0.5", direct.sourceAddress("10.0.0.5", "198.51.100.20"));
    assertEquals("203.0.113.7", proxied.sourceAddress("203.0.113.7", "198.51.100.20"));
    assertEquals("198.51.100.20", proxied.sourceAddress("10.0.0.5", "198.51.100.20"));
    assertEquals(
        "198.51.100.20",
        proxied.sourceAddress("10.0.0.5", "1.2.3.4, 198.51.100.20, 10.0.0.6"),
        "the nearest hop that is not a trusted proxy; earlier entries are the client's to forge");
    assertEquals("10.0.0.5", proxied.sourceAddress("10.0.0.5", " , "));
    assertTrue(proxied.sourceAddress("10.0.0.5", "x".repeat(500)).length() <= 64);
  }
}
