package io.cmsai.bench.facade;

import io.cmsai.bench.Options;
import io.cmsai.bench.facade.contenders.Target;
import io.cmsai.bench.facade.data.Step;
import io.cmsai.bench.facade.data.Workload;
import io.cmsai.bench.facade.report.Comparison;
import io.cmsai.bench.facade.report.PacingReport;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Streaming overhead of the OpenAI-compatible facade, measured against the same fake upstream
 * called directly and behind nginx (a plain streaming reverse proxy: the practical floor for an
 * HTTP relay), in one run (JDK classes only; run by bench/run-facade-bench.sh).
 *
 * <pre>
 *   java -cp CLASSPATH io.cmsai.bench.facade.FacadeBench \
 *       --upstream http://127.0.0.1:U --facade http://127.0.0.1:F \
 *       [--nginx http://127.0.0.1:N] [--facade-pid PID] [--nginx-pid MASTER_PID] \
 *       [--upstream-pid PID] [--tokens 50] [--delays 10,0] [--plan 1x100,50x6,200x4] \
 *       [--rounds 2] [--warmup 3000] [--about TEXT] [--out results.md]
 * </pre>
 *
 * <p>For each upstream pacing (ms between tokens; the first is the main figure) and each
 * concurrency C x M of the plan (C clients, M streams each, one after the other on a keep-alive
 * connection), the same workload runs directly against the upstream, through nginx (only with
 * --nginx) and through the facade, in alternating rounds (direct, nginx, facade, then facade,
 * nginx, direct, ...) so that machine noise hits all paths alike. Client starts are spread over one
 * stream's length so the load is steady, not one burst.
 *
 * <p>Per stream: time to first token (from writing the request to reading the first data: line with
 * content) and the tokens received. Every stream is verified, on every path: HTTP 200, exactly N
 * content chunks of the expected text, one usage-only chunk, data: [DONE] last; anything else is a
 * failure. Per path: tokens/s = tokens / wall time of its rounds; CPU of each process from /proc.
 * The relay's CPU per content token compares the facade JVM (utime + stime) with nginx (master and
 * all its workers, found as the master's children; their run time in ns from
 * /proc/&lt;pid&gt;/task/&lt;tid&gt;/schedstat, as a few ms of nginx CPU would vanish in 10 ms
 * ticks). Heap of the facade JVM: jstat samples during the facade rounds (max used; retained after
 * young GCs), and live heap after a full GC (jcmd) when idle and with C streams in flight.
 *
 * <p>The report goes to stdout (and to {@code --out}); progress to stderr. Exit status 2 when a
 * stream failed verification.
 */
public final class FacadeBench {
  private final Setup setup;
  private final Warmup warmup;
  private final ConcurrencyRun concurrency;
  private final PacingReport pacingReport;
  private final StringBuilder report = new StringBuilder();
  private long failures;

  FacadeBench(Setup setup) {
    this.setup = setup;
    this.warmup = new Warmup(setup);
    this.concurrency = new ConcurrencyRun(setup);
    this.pacingReport =
        new PacingReport(setup.workload().tokens(), setup.contenders().hasNginx(), setup.pids());
  }

  public static void main(String[] args) throws Exception {
    Options o = new Options(args);
    FacadeBench bench = new FacadeBench(Setup.of(o));
    String report = bench.run(o.has("about") ? o.get("about", "") : null);
    PrintStream out =
        new PrintStream(
            new FileOutputStream(FileDescriptor.out),
            true,
            StandardCharsets.UTF_8); // the report has a few non-ASCII signs (µ, ÷, ≤)
    out.println();
    out.println(report);
    if (o.has("out")) {
      Files.writeString(Path.of(o.get("out", "")), report);
    }
    System.exit(bench.failures > 0 ? 2 : 0);
  }

  /** The whole run; returns the markdown report. {@code about}: the run's description, or null. */
  String run(String about) throws Exception {
    if (about != null) {
      report.append("Run: ").append(about).append("\n");
    }
    report.append(workloadLine(setup.workload()));
    if (setup.heap() != null) {
      setup.heap().start();
    }
    try {
      measure();
    } finally {
      if (setup.heap() != null) {
        setup.heap().stop();
      }
    }
    return report.toString();
  }

  private String workloadLine(Workload w) {
    return String.format(
        Locale.ROOT,
        "Workload: %d tokens per stream; paths %s; plan %s (clients x streams per client, split"
            + " into %d rounds per path, alternating); pacing %s ms; warm-up %d streams unpaced"
            + " through the facade, then ~20 per concurrency paced.%n",
        w.tokens(),
        String.join(", ", setup.contenders().paths().stream().map(Target::name).toList()),
        w.planText(),
        w.rounds(),
        w.delaysText(),
        w.warmup());
  }

  private void measure() throws Exception {
    Workload w = setup.workload();
    warmup.bulk(w.warmup());
    warmup.paced(w.plan(), w.delays().get(0));
    Warmup.settle(setup.pids().facade());
    String idleBefore = setup.liveHeap().measure("idle, after warm-up");
    boolean first = true;
    for (double delay : w.delays()) {
      runPacing(delay, w.plan(), first);
      first = false;
    }
    String idleAfter = setup.liveHeap().measure("idle, after the run");
    report
        .append(
            "\nLive heap of the facade JVM after a full GC (jcmd GC.run; survivor + old"
                + " space in the next jstat sample): ")
        .append(idleBefore)
        .append("; ")
        .append(idleAfter)
        .append(".\n");
    report
        .append("\nVerification failures (all phases, warm-up excluded): ")
        .append(failures)
        .append(".\n");
  }

  /** All concurrencies at one upstream pacing; appends its section of the report. */
  private void runPacing(double delayMs, List<Step> plan, boolean main) throws Exception {
    setup.configureUpstream(delayMs);
    List<Comparison> rows = new ArrayList<>();
    for (int i = 0; i < plan.size(); i++) {
      Comparison c = concurrency.compare(plan.get(i), delayMs, main && i == plan.size() - 1);
      failures += c.failures();
      rows.add(c);
    }
    report.append(pacingReport.render(delayMs, rows));
  }
}
