package io.cmsai.bench.facade;

import io.cmsai.bench.Options;
import io.cmsai.bench.facade.contenders.Contenders;
import io.cmsai.bench.facade.data.UpstreamControl;
import io.cmsai.bench.facade.data.Workload;
import io.cmsai.bench.facade.report.HeapSampler;
import io.cmsai.bench.facade.report.LiveHeap;
import io.cmsai.bench.facade.report.Pids;
import java.io.IOException;

/**
 * One run's fixed parts, read from the options: the paths, the workload, the processes metered, the
 * upstream's control endpoints and the facade's heap meters ({@code heap} is null without {@code
 * --facade-pid}).
 */
record Setup(
    Contenders contenders,
    Workload workload,
    Pids pids,
    UpstreamControl upstream,
    HeapSampler heap,
    LiveHeap liveHeap) {

  /**
   * @throws IllegalArgumentException when a required option is missing or malformed
   */
  static Setup of(Options o) {
    Contenders contenders = Contenders.of(o);
    long facadePid = o.getInt("facade-pid", -1);
    Pids pids =
        new Pids(
            facadePid,
            o.getInt("upstream-pid", -1),
            contenders.hasNginx() ? o.getInt("nginx-pid", -1) : -1);
    HeapSampler heap = facadePid > 0 ? new HeapSampler(facadePid) : null;
    return new Setup(
        contenders,
        Workload.of(o),
        pids,
        new UpstreamControl(o.get("upstream", null)),
        heap,
        new LiveHeap(facadePid, heap));
  }

  /** Sets the upstream's tokens per stream and pacing for the next streams, and logs its answer. */
  void configureUpstream(double delayMs) throws IOException, InterruptedException {
    Log.log("upstream: %s", upstream.configure(workload.tokens(), delayMs));
  }
}
