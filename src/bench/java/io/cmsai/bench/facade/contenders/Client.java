package io.cmsai.bench.facade.contenders;

import io.cmsai.bench.facade.data.StreamResult;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One benchmark client: one keep-alive connection per target, used by one thread at a time. Counts
 * its open streams in a counter shared by all clients of a phase.
 */
public final class Client {
  private final int expectedTokens;
  private final AtomicInteger inFlight;
  private final Map<Target, Connection> connections = new LinkedHashMap<>();

  public Client(int expectedTokens, AtomicInteger inFlight) {
    this.expectedTokens = expectedTokens;
    this.inFlight = inFlight;
  }

  private synchronized Connection connection(Target t) {
    return connections.computeIfAbsent(t, Connection::new);
  }

  /** Opens the connection to {@code t} now, so that timing does not include it. */
  public void connect(Target t) throws IOException {
    connection(t).ensureOpen();
  }

  /** One verified stream; never throws (a failure is a result with an error). */
  public StreamResult stream(Target t) {
    inFlight.incrementAndGet();
    try {
      return connection(t).stream(expectedTokens);
    } finally {
      inFlight.decrementAndGet();
    }
  }

  public synchronized void close() {
    connections.values().forEach(Connection::close);
  }
}
