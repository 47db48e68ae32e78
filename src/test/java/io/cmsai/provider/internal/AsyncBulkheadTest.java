package io.cmsai.provider.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cmsai.provider.ServiceUnavailableException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.Test;

class AsyncBulkheadTest {

  @Test
  void grants_permits_at_once_up_to_the_limit() {
    AsyncBulkhead bulkhead = new AsyncBulkhead(2, 1);

    CompletableFuture<Void> first = bulkhead.acquire();
    CompletableFuture<Void> second = bulkhead.acquire();

    assertTrue(first.isDone() && !first.isCompletedExceptionally());
    assertTrue(second.isDone() && !second.isCompletedExceptionally());
    assertEquals(2, bulkhead.inUse());
  }

  @Test
  void a_caller_beyond_the_limit_waits_until_a_permit_is_released() {
    AsyncBulkhead bulkhead = new AsyncBulkhead(1, 1);
    take(bulkhead);

    CompletableFuture<Void> waiting = bulkhead.acquire();
    assertFalse(waiting.isDone());
    bulkhead.release();

    assertTrue(waiting.isDone() && !waiting.isCompletedExceptionally());
    assertEquals(1, bulkhead.inUse(), "the permit passed on, not freed");
  }

  @Test
  void waiting_callers_get_permits_in_arrival_order() {
    AsyncBulkhead bulkhead = new AsyncBulkhead(1, 2);
    take(bulkhead);
    CompletableFuture<Void> first = bulkhead.acquire();
    CompletableFuture<Void> second = bulkhead.acquire();

    bulkhead.release();

    assertTrue(first.isDone());
    assertFalse(second.isDone());
  }

  @Test
  void a_full_queue_refuses_at_once_with_a_retriable_bulkhead_full_error() {
    AsyncBulkhead bulkhead = new AsyncBulkhead(1, 1);
    take(bulkhead);
    CompletableFuture<Void> waiting = bulkhead.acquire();

    CompletableFuture<Void> refused = bulkhead.acquire();

    ServiceUnavailableException error = refusal(refused);
    assertEquals("bulkhead_full", error.errorType().orElseThrow());
    assertTrue(error.isRetriable());
    assertEquals(1, bulkhead.inUse());
    assertFalse(waiting.isDone());
  }

  @Test
  void without_a_queue_a_caller_beyond_the_limit_is_refused() {
    AsyncBulkhead bulkhead = new AsyncBulkhead(1, 0);
    take(bulkhead);

    assertEquals("bulkhead_full", refusal(bulkhead.acquire()).errorType().orElseThrow());
  }

  @Test
  void releasing_every_permit_brings_the_count_back_to_zero() {
    AsyncBulkhead bulkhead = new AsyncBulkhead(2, 2);
    take(bulkhead);
    take(bulkhead);
    CompletableFuture<Void> waiting = bulkhead.acquire();

    bulkhead.release();
    bulkhead.release();
    bulkhead.release();

    assertTrue(waiting.isDone());
    assertEquals(0, bulkhead.inUse());
  }

  @Test
  void a_cancelled_waiter_is_skipped_when_a_permit_is_released() {
    AsyncBulkhead bulkhead = new AsyncBulkhead(1, 2);
    take(bulkhead);
    CompletableFuture<Void> cancelled = bulkhead.acquire();
    CompletableFuture<Void> next = bulkhead.acquire();
    cancelled.cancel(false);

    bulkhead.release();

    assertTrue(next.isDone() && !next.isCompletedExceptionally());
    assertEquals(1, bulkhead.inUse());
  }

  @Test
  void a_cancelled_waiter_frees_its_place_in_the_queue() {
    AsyncBulkhead bulkhead = new AsyncBulkhead(1, 1);
    take(bulkhead);
    bulkhead.acquire().cancel(false);

    CompletableFuture<Void> next = bulkhead.acquire();

    assertFalse(next.isDone(), "refused although the only waiter gave up its place");
    bulkhead.release();
    assertTrue(next.isDone() && !next.isCompletedExceptionally());
  }

  /** Acquires a permit that must be granted at once. */
  private static void take(AsyncBulkhead bulkhead) {
    CompletableFuture<Void> ticket = bulkhead.acquire();
    assertTrue(ticket.isDone() && !ticket.isCompletedExceptionally(), "no permit at once");
  }

  private static ServiceUnavailableException refusal(CompletableFuture<Void> ticket) {
    assertTrue(ticket.isCompletedExceptionally(), "not refused at once");
    try {
      ticket.get();
      throw new AssertionError("not refused");
    } catch (ExecutionException e) {
      return assertInstanceOf(ServiceUnavailableException.class, e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }
}
