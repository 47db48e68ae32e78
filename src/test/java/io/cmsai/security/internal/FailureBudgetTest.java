package io.cmsai.security.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cmsai.testing.MutableClock;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The per-address and global budgets of password checks, taken before hashing. */
class FailureBudgetTest {

  private final MutableClock clock = new MutableClock();
  private final FailureBudget budget = new FailureBudget(clock);

  @Test
  void an_address_gets_ten_attempts_then_one_every_thirty_seconds() {
    for (int i = 0; i < FailureBudget.ADDRESS_CAPACITY; i++) {
      assertEquals(Optional.empty(), budget.take("203.0.113.7"), "attempt " + i);
    }

    assertEquals(Optional.of(Duration.ofSeconds(30)), budget.take("203.0.113.7"));
    assertEquals(Optional.empty(), budget.take("198.51.100.20"), "other addresses are not limited");
    clock.advance(Duration.ofSeconds(30));
    assertEquals(Optional.empty(), budget.take("203.0.113.7"));
    assertTrue(budget.take("203.0.113.7").isPresent());
  }

  @Test
  void right_passwords_give_their_attempt_back() {
    for (int i = 0; i < 100; i++) {
      assertEquals(Optional.empty(), budget.take("198.51.100.20"));
      budget.giveBack("198.51.100.20");
    }
  }

  @Test
  void many_addresses_together_are_held_by_the_global_budget() {
    int taken = 0;
    for (int i = 0; i < 1_000; i++) {
      if (budget.take("10.0." + (i / 250) + "." + (i % 250)).isEmpty()) {
        taken++;
      }
    }

    assertEquals(FailureBudget.GLOBAL_CAPACITY, taken);
    assertEquals(Optional.of(Duration.ofSeconds(2)), budget.take("10.9.9.9"));
    clock.advance(Duration.ofSeconds(2));
    assertEquals(Optional.empty(), budget.take("10.9.9.9"));
  }
}
