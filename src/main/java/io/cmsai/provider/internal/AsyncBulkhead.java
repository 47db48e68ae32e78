package io.cmsai.provider.internal;

import io.cmsai.provider.ServiceUnavailableException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.CompletableFuture;

/**
 * Limits the calls in flight on one connection without blocking threads: {@link #acquire()} returns
 * a future that completes when a permit is free, waiting callers queue in arrival order, and a full
 * queue refuses new callers at once. A streamed call holds its permit until the stream ends.
 *
 * <p>MicroProfile Fault Tolerance's {@code @Bulkhead} counts method executions; a streaming call
 * returns immediately and keeps the upstream connection busy afterwards, and the limit must apply
 * per connection, so the bulkhead is this class. Thread-safe.
 */
public final class AsyncBulkhead {

  private final int maxConcurrent;
  private final int maxQueued;
  private final Deque<CompletableFuture<Void>> waiting = new ArrayDeque<>();
  private int inUse;

  public AsyncBulkhead(int maxConcurrent, int maxQueued) {
    this.maxConcurrent = maxConcurrent;
    this.maxQueued = maxQueued;
  }

  /**
   * A future that completes when the caller holds a permit; it completes exceptionally with {@link
   * ServiceUnavailableException} when the queue is full. Cancelling the future gives up the place
   * in the queue. Each successful acquisition must be matched by one {@link #release()}.
   */
  public CompletableFuture<Void> acquire() {
    synchronized (this) {
      if (inUse < maxConcurrent) {
        inUse++;
        return CompletableFuture.completedFuture(null);
      }
      if (waiting.size() >= maxQueued) {
        waiting.removeIf(CompletableFuture::isDone); // callers that gave up their place
      }
      if (waiting.size() < maxQueued) {
        CompletableFuture<Void> ticket = new CompletableFuture<>();
        waiting.addLast(ticket);
        return ticket;
      }
    }
    return CompletableFuture.failedFuture(
        new ServiceUnavailableException(
            "too many calls to the inference server at once ("
                + maxConcurrent
                + " running, "
                + maxQueued
                + " waiting); raise max-concurrent-calls or try again",
            0,
            "bulkhead_full",
            null,
            null));
  }

  /** Returns a permit, handing it to the next waiting caller if any. */
  public void release() {
    CompletableFuture<Void> next;
    synchronized (this) {
      do {
        next = waiting.pollFirst();
      } while (next != null && next.isDone()); // cancelled while waiting
      if (next == null) {
        inUse--;
        return;
      }
    }
    if (!next.complete(null)) {
      release(); // cancelled between poll and complete
    }
  }

  /** Permits in use right now. */
  public synchronized int inUse() {
    return inUse;
  }
}
