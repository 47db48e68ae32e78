package io.cmsai.bench.facade.report;

import java.util.Map;

/**
 * CPU time of the facade, the upstream, nginx (master and workers), this client and the whole
 * machine over a round: reads {@code /proc} when created and again in {@link #stop}.
 */
public final class Meter {
  private final Pids pids;
  private final long facade0;
  private final long upstream0;
  private final Map<Long, long[]> nginx0;
  private final long client0;
  private final long[] machine0;

  public Meter(Pids pids) {
    this.pids = pids;
    this.facade0 = ProcStats.ticks(pids.facade());
    this.upstream0 = ProcStats.ticks(pids.upstream());
    this.nginx0 = ProcStats.processTree(pids.nginx());
    this.client0 = ProcStats.ticks(ProcessHandle.current().pid());
    this.machine0 = ProcStats.machine();
  }

  /** The usage since this meter was created. */
  public CpuUsage stop() {
    double tick = ProcStats.TICK_MS;
    CpuUsage u = new CpuUsage();
    u.facadeMs = pids.facade() > 0 ? (ProcStats.ticks(pids.facade()) - facade0) * tick : -1;
    u.upstreamMs = pids.upstream() > 0 ? (ProcStats.ticks(pids.upstream()) - upstream0) * tick : -1;
    if (pids.nginx() > 0) {
      stopNginx(u);
    }
    u.clientMs = (ProcStats.ticks(ProcessHandle.current().pid()) - client0) * tick;
    long[] m = ProcStats.machine();
    for (int i = 0; i < m.length; i++) {
      u.machine[i] = m[i] - machine0[i];
    }
    return u;
  }

  /**
   * nginx's processes: ones that started during the round count from zero; one that ended is lost.
   */
  private void stopNginx(CpuUsage u) {
    long tickSum = 0;
    long nanoSum = 0;
    for (Map.Entry<Long, long[]> e : ProcStats.processTree(pids.nginx()).entrySet()) {
      long[] before = nginx0.getOrDefault(e.getKey(), new long[2]);
      tickSum += e.getValue()[0] - before[0];
      nanoSum =
          nanoSum < 0 || e.getValue()[1] < 0 || before[1] < 0
              ? -1
              : nanoSum + e.getValue()[1] - before[1];
    }
    u.nginxTickMs = tickSum * ProcStats.TICK_MS;
    u.nginxRunMs = nanoSum < 0 ? -1 : nanoSum / 1e6;
  }
}
