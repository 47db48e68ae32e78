package io.cmsai.bench.facade.report;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * CPU figures read from Linux's {@code /proc}. Every reader tolerates a process that ended and a
 * machine without {@code /proc} (it then returns 0 or -1 as documented); none throws.
 */
public final class ProcStats {
  /** One clock tick in ms ({@code -Dclk.tck}, default 100 ticks per second). */
  public static final double TICK_MS = 1000.0 / Long.getLong("clk.tck", 100);

  private ProcStats() {}

  /** utime + stime of a process, in clock ticks (0 when unknown or gone). */
  public static long ticks(long pid) {
    if (pid <= 0) {
      return 0;
    }
    try {
      String[] f = statFields(Files.readString(Path.of("/proc/" + pid + "/stat")));
      return Long.parseLong(f[11]) + Long.parseLong(f[12]); // fields 14 and 15
    } catch (IOException e) {
      return 0;
    }
  }

  /**
   * A process and its children (nginx: the master and its workers), each as {utime + stime ticks,
   * run time in ns (-1 if unreadable)}; empty for pid ≤ 0.
   */
  static Map<Long, long[]> processTree(long pid) {
    Map<Long, long[]> tree = new LinkedHashMap<>();
    if (pid <= 0) {
      return tree;
    }
    List<Long> pids = new ArrayList<>();
    pids.add(pid);
    pids.addAll(children(pid));
    for (long p : pids) {
      tree.put(p, new long[] {ticks(p), runNanos(p)});
    }
    return tree;
  }

  /** The children of a process: /proc/PID/task/TID/children, or else a scan of /proc/N/stat. */
  static List<Long> children(long parent) {
    List<Long> children = new ArrayList<>();
    boolean listed = false;
    try (var tids = Files.list(Path.of("/proc/" + parent + "/task"))) {
      for (Path tid : tids.toList()) {
        Path file = tid.resolve("children");
        if (Files.exists(file)) {
          listed = true;
          for (String c : Files.readString(file).trim().split("\\s+")) {
            if (!c.isEmpty()) {
              children.add(Long.parseLong(c));
            }
          }
        }
      }
    } catch (IOException | RuntimeException e) {
      return children; // the process is gone
    }
    return listed ? children : childrenByScan(parent);
  }

  private static List<Long> childrenByScan(long parent) {
    List<Long> children = new ArrayList<>();
    try (var procs = Files.list(Path.of("/proc"))) {
      for (Path proc : procs.toList()) {
        String name = proc.getFileName().toString();
        if (name.chars().allMatch(Character::isDigit) && parentOf(proc) == parent) {
          children.add(Long.parseLong(name));
        }
      }
    } catch (IOException e) {
      // no /proc
    }
    return children;
  }

  /** Field 4 (ppid) of /proc/N/stat, or -1 when the process ended meanwhile. */
  private static long parentOf(Path proc) {
    try {
      return Long.parseLong(statFields(Files.readString(proc.resolve("stat")))[1]);
    } catch (IOException | RuntimeException e) {
      return -1; // ended meanwhile
    }
  }

  /** The fields of /proc/N/stat after the command name (field 3 is index 0). */
  private static String[] statFields(String stat) {
    return stat.substring(stat.lastIndexOf(')') + 2).split(" ");
  }

  /**
   * Run time on a CPU of all of a process's live threads, in ns, from /proc/PID/task/TID/schedstat
   * (first field); -1 if unreadable. Threads that ended are not counted, so this is for processes
   * with fixed threads, like nginx's single-threaded ones.
   */
  static long runNanos(long pid) {
    long sum = 0;
    try (var tids = Files.list(Path.of("/proc/" + pid + "/task"))) {
      for (Path tid : tids.toList()) {
        String schedstat = Files.readString(tid.resolve("schedstat")).trim();
        sum += Long.parseLong(schedstat.substring(0, schedstat.indexOf(' ')));
      }
      return sum;
    } catch (IOException | RuntimeException e) {
      return -1;
    }
  }

  /** The machine's cpu line: user nice system idle iowait irq softirq steal (0s if unreadable). */
  static long[] machine() {
    long[] v = new long[8];
    try (BufferedReader r = Files.newBufferedReader(Path.of("/proc/stat"))) {
      String[] f = r.readLine().trim().split("\\s+");
      for (int i = 0; i < v.length && i + 1 < f.length; i++) {
        v[i] = Long.parseLong(f[i + 1]);
      }
    } catch (IOException | RuntimeException e) {
      // not Linux: machine figures stay 0
    }
    return v;
  }
}
