package io.cmsai.bench.vector.report;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;

/** CPU time of this JVM and of another local process. */
public final class Cpu {
  public static final long TICK_NS = 1_000_000_000L / Long.getLong("clk.tck", 100);

  public static long ownNanos() {
    return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
  }

  /** utime + stime of a process in clock ticks, or -1 when it cannot be read. */
  public static long processTicks(long pid) {
    if (pid <= 0) {
      return -1;
    }
    try {
      String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
      String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
    } catch (IOException | RuntimeException e) {
      return -1;
    }
  }

  public static long ticksToNanos(long ticks) {
    return ticks * TICK_NS;
  }
}
