package io.cmsai.bench.facade;

import io.cmsai.bench.facade.contenders.Client;
import io.cmsai.bench.facade.contenders.Target;
import io.cmsai.bench.facade.data.StreamResult;
import io.cmsai.bench.facade.report.Meter;
import io.cmsai.bench.facade.report.Pids;
import io.cmsai.bench.facade.report.Round;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * C clients, each with its own daemon thread and one keep-alive connection per target. Rounds run
 * one at a time from one calling thread; {@link #close} stops the threads and the connections.
 */
final class Phase implements AutoCloseable {
  final int size;
  final AtomicInteger inFlight = new AtomicInteger();
  private final List<Client> clients = new ArrayList<>();
  private final ExecutorService threads;
  private final Pids pids;

  Phase(int size, int tokens, Pids pids) {
    this.size = size;
    this.pids = pids;
    this.threads =
        Executors.newFixedThreadPool(
            size + 1,
            r -> {
              Thread t = new Thread(r, "bench-client");
              t.setDaemon(true);
              return t;
            });
    for (int i = 0; i < size; i++) {
      clients.add(new Client(tokens, inFlight));
    }
  }

  /** Opens every connection before timing starts. */
  void connectAll(List<Target> targets) throws Exception {
    List<Future<?>> done = new ArrayList<>();
    for (Client c : clients) {
      done.add(
          threads.submit(
              () -> {
                for (Target t : targets) {
                  c.connect(t);
                }
                return null;
              }));
    }
    for (Future<?> f : done) {
      f.get();
    }
  }

  /** Every client runs {@code streams} streams on {@code target}; starts spread over stagger. */
  Round round(Target target, int streams, long staggerNanos) throws Exception {
    CountDownLatch gate = new CountDownLatch(1);
    List<Future<List<StreamResult>>> parts = new ArrayList<>();
    for (int i = 0; i < size; i++) {
      Client c = clients.get(i);
      long offset = staggerNanos * i / size;
      parts.add(
          threads.submit(
              () -> {
                gate.await();
                sleepNanos(offset);
                List<StreamResult> out = new ArrayList<>();
                for (int s = 0; s < streams; s++) {
                  out.add(c.stream(target));
                }
                return out;
              }));
    }
    Meter meter = new Meter(pids);
    long start = System.nanoTime();
    gate.countDown();
    List<StreamResult> all = collect(parts);
    long end = System.nanoTime();
    return new Round(target.name(), all, start, end, meter.stop());
  }

  /** Every client streams on {@code target} until {@code stop}; for the live-heap probe. */
  Future<Round> background(Target target, AtomicBoolean stop, long staggerNanos) {
    return threads.submit(
        () -> {
          List<Future<List<StreamResult>>> parts = new ArrayList<>();
          long start = System.nanoTime();
          ExecutorService loopers = Executors.newFixedThreadPool(size);
          try {
            for (int i = 0; i < size; i++) {
              Client c = clients.get(i);
              long offset = staggerNanos * i / size;
              parts.add(loopers.submit(() -> streamUntil(c, target, stop, offset)));
            }
            List<StreamResult> all = collect(parts);
            return new Round(target.name(), all, start, System.nanoTime(), null);
          } finally {
            loopers.shutdownNow();
          }
        });
  }

  private static List<StreamResult> streamUntil(
      Client c, Target target, AtomicBoolean stop, long offsetNanos) throws InterruptedException {
    sleepNanos(offsetNanos);
    List<StreamResult> out = new ArrayList<>();
    while (!stop.get()) {
      out.add(c.stream(target));
    }
    return out;
  }

  private static List<StreamResult> collect(List<Future<List<StreamResult>>> parts)
      throws Exception {
    List<StreamResult> all = new ArrayList<>();
    for (Future<List<StreamResult>> f : parts) {
      all.addAll(f.get());
    }
    return all;
  }

  void awaitInFlight(int wanted, long timeoutNanos) throws InterruptedException {
    long deadline = System.nanoTime() + timeoutNanos;
    while (inFlight.get() < wanted && System.nanoTime() < deadline) {
      Thread.sleep(5);
    }
  }

  @Override
  public void close() {
    threads.shutdownNow();
    clients.forEach(Client::close);
  }

  private static void sleepNanos(long nanos) throws InterruptedException {
    if (nanos > 0) {
      TimeUnit.NANOSECONDS.sleep(nanos);
    }
  }
}
