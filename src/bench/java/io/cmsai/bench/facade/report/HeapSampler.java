package io.cmsai.bench.facade.report;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Samples the facade JVM's heap with {@code jstat -gc PID 100} (reads perf data; no load on the
 * facade). Samples are collected by a daemon thread; the other methods may be called from any
 * thread.
 */
public final class HeapSampler {
  private final long pid;
  // {nanos, used MB, retained MB (survivors + old), young + full GCs, full GCs}
  private final List<double[]> samples = new CopyOnWriteArrayList<>();
  private final List<long[]> windows = new ArrayList<>();
  private Process process;

  public HeapSampler(long pid) {
    this.pid = pid;
  }

  /** Starts jstat; it is also stopped when this JVM exits. */
  public void start() throws IOException {
    process =
        new ProcessBuilder("jstat", "-gc", Long.toString(pid), "100")
            .redirectErrorStream(true)
            .start();
    Thread reader = new Thread(this::read, "jstat-reader");
    reader.setDaemon(true);
    reader.start();
    Runtime.getRuntime().addShutdownHook(new Thread(process::destroy));
  }

  private void read() {
    try (BufferedReader r =
        new BufferedReader(
            new InputStreamReader(process.getInputStream(), StandardCharsets.US_ASCII))) {
      List<String> columns = null;
      for (String line; (line = r.readLine()) != null; ) {
        String[] f = line.trim().split("\\s+");
        if (line.contains("S0C")) {
          columns = Arrays.asList(f);
        } else if (columns != null && f.length == columns.size()) {
          samples.add(sample(columns, f));
        }
      }
    } catch (IOException | RuntimeException e) {
      // the facade stopped or jstat was stopped
    }
  }

  private static double[] sample(List<String> c, String[] f) {
    double s = v(c, f, "S0U") + v(c, f, "S1U");
    double old = v(c, f, "OU");
    double eden = v(c, f, "EU");
    double gcs = v(c, f, "YGC") + v(c, f, "FGC");
    return new double[] {
      System.nanoTime(), (s + eden + old) / 1024, (s + old) / 1024, gcs, v(c, f, "FGC")
    };
  }

  private static double v(List<String> c, String[] f, String name) {
    int i = c.indexOf(name);
    return i < 0 ? 0 : Double.parseDouble(f[i]);
  }

  /** A facade round's time span, to be included in {@link #summary}. */
  synchronized void noteWindow(long from, long to) {
    windows.add(new long[] {from, to});
  }

  /** Max used and max retained-after-young-GC over the windows noted since the last reset. */
  synchronized String summary() {
    double maxUsed = 0;
    double maxRetained = 0;
    double lastGcs = -1;
    int gcs = 0;
    for (double[] s : samples) {
      boolean inside = windows.stream().anyMatch(w -> s[0] >= w[0] && s[0] <= w[1] + 100e6);
      if (inside) {
        maxUsed = Math.max(maxUsed, s[1]);
        if (lastGcs >= 0 && s[3] > lastGcs) {
          maxRetained = Math.max(maxRetained, s[2]);
          gcs += (int) (s[3] - lastGcs);
        }
      }
      lastGcs = s[3];
    }
    return gcs == 0
        ? String.format(Locale.ROOT, "%.0f / - (no GC)", maxUsed)
        : String.format(Locale.ROOT, "%.0f / %.0f (%d GCs)", maxUsed, maxRetained, gcs);
  }

  /** Full GCs so far (-1 before the first sample). */
  double fullGcs() {
    return samples.isEmpty() ? -1 : samples.get(samples.size() - 1)[4];
  }

  /**
   * Retained MB in the first sample taken after {@code gcOverNanos} that counts more full GCs than
   * {@code before}, or -1 (also when interrupted, with the interrupt flag set again).
   */
  double retainedAfterFullGc(double before, long gcOverNanos, long timeoutNanos) {
    long deadline = System.nanoTime() + timeoutNanos;
    while (System.nanoTime() < deadline) {
      for (double[] s : samples) {
        if (before >= 0 && s[0] > gcOverNanos && s[4] > before) {
          return s[2];
        }
      }
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return -1;
      }
    }
    return -1;
  }

  /** Forgets the windows (a new concurrency starts). */
  public synchronized void resetWindows() {
    windows.clear();
  }

  public void stop() {
    if (process != null) {
      process.destroy();
    }
  }
}
