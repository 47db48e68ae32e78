package io.cmsai.security.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cmsai.testing.MutableClock;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Progressive delays per (user, source address), bounded without forgetting active delays. */
class LoginThrottleTest {

  private static final String ATTACKER = "203.0.113.7";
  private static final String ADMIN_DESK = "198.51.100.20";

  private final MutableClock clock = new MutableClock();
  private final LoginThrottle throttle = new LoginThrottle(clock, LoginThrottle.MAX_TRACKED);

  @Test
  void four_failures_are_free_and_from_the_fifth_the_delay_doubles_up_to_fifteen_minutes() {
    for (int i = 0; i < 4; i++) {
      assertEquals(LoginThrottle.Outcome.COUNTED, throttle.failed("admin", ATTACKER));
    }
    assertEquals(Optional.empty(), throttle.delay("admin", ATTACKER), "four failures are free");

    assertEquals(LoginThrottle.Outcome.DELAYED, throttle.failed("Admin ", ATTACKER));
    assertEquals(Optional.of(Duration.ofSeconds(30)), throttle.delay("ADMIN", ATTACKER));

    clock.advance(Duration.ofSeconds(30));
    assertEquals(Optional.empty(), throttle.delay("admin", ATTACKER), "the wait is over");
    throttle.failed("admin", ATTACKER);
    assertEquals(Optional.of(Duration.ofSeconds(60)), throttle.delay("admin", ATTACKER));

    for (int i = 0; i < 10; i++) {
      clock.advance(Duration.ofMinutes(15));
      throttle.failed("admin", ATTACKER);
    }
    assertEquals(Optional.of(Duration.ofMinutes(15)), throttle.delay("admin", ATTACKER));
  }

  @Test
  void failures_from_one_address_do_not_delay_the_same_user_from_another() {
    for (int i = 0; i < 8; i++) {
      throttle.failed("admin", ATTACKER);
    }

    assertTrue(throttle.delay("admin", ATTACKER).isPresent());
    assertEquals(Optional.empty(), throttle.delay("admin", ADMIN_DESK));
    assertEquals(Optional.empty(), throttle.delay("editor", ATTACKER), "other users neither");
  }

  @Test
  void a_success_starts_the_count_again() {
    for (int i = 0; i < 5; i++) {
      throttle.failed("admin", ADMIN_DESK);
    }
    clock.advance(Duration.ofSeconds(31));

    throttle.succeeded("admin", ADMIN_DESK);
    throttle.failed("admin", ADMIN_DESK);

    assertEquals(Optional.empty(), throttle.delay("admin", ADMIN_DESK));
  }

  @Test
  void failures_are_forgotten_an_hour_after_the_last_one() {
    for (int i = 0; i < 4; i++) {
      throttle.failed("admin", ATTACKER);
    }
    clock.advance(Duration.ofMinutes(59));
    throttle.failed("admin", ATTACKER);
    assertTrue(throttle.delay("admin", ATTACKER).isPresent(), "still counted after 59 min");

    clock.advance(Duration.ofMinutes(61));
    assertEquals(0, throttle.tracked(), "expired, not kept");
    throttle.failed("admin", ATTACKER);
    assertEquals(Optional.empty(), throttle.delay("admin", ATTACKER), "counting from one again");
  }

  @Test
  void ten_thousand_other_names_neither_clear_nor_evict_an_active_delay() {
    // The review's bypass (F4): filling the map used to clear it, the admin's lock included.
    for (int i = 0; i < 6; i++) {
      throttle.failed("admin", ATTACKER);
    }
    Duration before = throttle.delay("admin", ATTACKER).orElseThrow();

    for (int i = 0; i < 10_000; i++) {
      throttle.failed("user" + i, ATTACKER);
    }

    assertEquals(LoginThrottle.MAX_TRACKED, throttle.tracked(), "bounded");
    assertEquals(Optional.of(before), throttle.delay("admin", ATTACKER), "still delayed");
    for (int i = 0; i < 4; i++) {
      clock.advance(before);
      assertEquals(LoginThrottle.Outcome.DELAYED, throttle.failed("admin", ATTACKER));
      before = throttle.delay("admin", ATTACKER).orElseThrow();
    }
    assertEquals(Duration.ofMinutes(15), before, "the delay went on growing");
  }

  @Test
  void when_full_new_pairs_are_left_to_the_budget_until_old_ones_expire() {
    LoginThrottle small = new LoginThrottle(clock, 3);
    small.failed("a", ATTACKER);
    small.failed("b", ATTACKER);
    small.failed("c", ATTACKER);

    assertEquals(LoginThrottle.Outcome.UNTRACKED, small.failed("d", ATTACKER));
    assertEquals(LoginThrottle.Outcome.COUNTED, small.failed("a", ATTACKER), "known pairs go on");

    clock.advance(Duration.ofMinutes(61));
    assertEquals(LoginThrottle.Outcome.COUNTED, small.failed("d", ATTACKER));
  }
}
