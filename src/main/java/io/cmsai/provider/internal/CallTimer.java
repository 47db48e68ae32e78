package io.cmsai.provider.internal;

import io.cmsai.provider.CallMetrics;
import java.time.Duration;

/** Start, first byte, first token and end of one call, in monotonic time. Thread-safe. */
public final class CallTimer {

  private final long start = System.nanoTime();
  private volatile long firstByte;
  private volatile long firstToken;
  private volatile long end;

  long elapsedNanos() {
    return System.nanoTime() - start;
  }

  void firstByte() {
    if (firstByte == 0) {
      firstByte = System.nanoTime();
    }
  }

  /** Marks the first answer text of a stream (first call wins). */
  public void firstToken() {
    if (firstToken == 0) {
      firstToken = System.nanoTime();
    }
  }

  void end() {
    if (end == 0) {
      end = System.nanoTime();
    }
  }

  /** The metrics; time to first token falls back to the first byte, then to the latency. */
  public CallMetrics metrics(int attempts) {
    long stop = end == 0 ? System.nanoTime() : end;
    long first = firstToken != 0 ? firstToken : firstByte != 0 ? firstByte : stop;
    return new CallMetrics(
        Duration.ofNanos(stop - start), Duration.ofNanos(Math.min(first, stop) - start), attempts);
  }
}
