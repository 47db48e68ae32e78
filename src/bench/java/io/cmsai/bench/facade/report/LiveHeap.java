package io.cmsai.bench.facade.report;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The facade JVM's live heap: forces a full GC with {@code jcmd PID GC.run} (which returns when the
 * GC is over) and reports what it kept, as survivor + old space in the first jstat sample taken
 * after that (eden excluded, so allocation by running streams does not count). jstat's GC counters
 * tick when a GC starts, so samples taken during the GC are not used; without such a sample within
 * 5 s, {@code jcmd GC.heap_info}'s used figure is reported instead.
 */
public final class LiveHeap {
  private static final Pattern HEAP_INFO = Pattern.compile("total (\\d+)K, used (\\d+)K");
  private final long facadePid;
  private final HeapSampler heap;

  /** {@code heap}: the sampler of {@code facadePid}; null when the pid is unknown (≤ 0). */
  public LiveHeap(long facadePid, HeapSampler heap) {
    this.facadePid = facadePid;
    this.heap = heap;
  }

  /**
   * "{@code label} N MB", or a note saying why there is no figure.
   *
   * @throws UncheckedIOException when jcmd cannot be started
   */
  public String measure(String label) {
    if (facadePid <= 0) {
      return label + ": n/a (no --facade-pid)";
    }
    double fullGcsBefore = heap.fullGcs();
    run("jcmd", Long.toString(facadePid), "GC.run");
    double retained =
        heap.retainedAfterFullGc(fullGcsBefore, System.nanoTime(), TimeUnit.SECONDS.toNanos(5));
    if (retained >= 0) {
      return String.format(Locale.ROOT, "%s %.1f MB", label, retained);
    }
    String info = run("jcmd", Long.toString(facadePid), "GC.heap_info");
    Matcher m = HEAP_INFO.matcher(info);
    return m.find()
        ? String.format(
            Locale.ROOT,
            "%s %.1f MB (committed %.0f MB)",
            label,
            Long.parseLong(m.group(2)) / 1024.0,
            Long.parseLong(m.group(1)) / 1024.0)
        : label + ": unreadable heap_info";
  }

  private static String run(String... command) {
    try {
      Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
      String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      p.waitFor(60, TimeUnit.SECONDS);
      return text;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "";
    }
  }
}
