package io.cmsai.bench.facade.report;

/**
 * CPU accumulated over one or more rounds: each measured process in ms (-1 where unmeasured) and
 * the machine's {@code /proc/stat} cpu line deltas. Not thread-safe.
 */
public final class CpuUsage {
  double facadeMs;
  double upstreamMs;
  double nginxTickMs = -1; // utime + stime of nginx's processes; -1: no nginx
  double nginxRunMs = -1; // their run time from schedstat; -1: no nginx or unreadable
  double clientMs;
  final long[] machine = new long[8];
  private boolean empty = true;

  /** nginx's CPU: schedstat run time when readable, else ticks; -1 without nginx. */
  double nginxMs() {
    return nginxRunMs >= 0 ? nginxRunMs : nginxTickMs;
  }

  /**
   * Adds a round's usage (null: nothing); -1 (no nginx, unreadable) sticks once any round has it.
   */
  void add(CpuUsage u) {
    if (u == null) {
      return;
    }
    nginxTickMs =
        empty
            ? u.nginxTickMs
            : nginxTickMs < 0 || u.nginxTickMs < 0 ? -1 : nginxTickMs + u.nginxTickMs;
    nginxRunMs =
        empty ? u.nginxRunMs : nginxRunMs < 0 || u.nginxRunMs < 0 ? -1 : nginxRunMs + u.nginxRunMs;
    empty = false;
    facadeMs = u.facadeMs < 0 ? -1 : facadeMs + u.facadeMs;
    upstreamMs = u.upstreamMs < 0 ? -1 : upstreamMs + u.upstreamMs;
    clientMs += u.clientMs;
    for (int i = 0; i < machine.length; i++) {
      machine[i] += u.machine[i];
    }
  }

  private long total() {
    long t = 0;
    for (long x : machine) {
      t += x;
    }
    return Math.max(1, t);
  }

  double machineBusyPercent() {
    return 100.0 * (total() - machine[3] - machine[4]) / total();
  }

  double stealPercent() {
    return 100.0 * machine[7] / total();
  }
}
