/*
 * Streaming overhead of the OpenAI-compatible facade, measured against the same fake upstream
 * called directly and behind nginx (a plain streaming reverse proxy: the practical floor for an
 * HTTP relay), in one run (JDK classes only; run by bench/run-facade-bench.sh).
 *
 *   java bench/FacadeBench.java --upstream http://127.0.0.1:U --facade http://127.0.0.1:F \
 *       [--nginx http://127.0.0.1:N] [--facade-pid PID] [--nginx-pid MASTER_PID] \
 *       [--upstream-pid PID] [--tokens 50] [--delays 10,0] [--plan 1x100,50x6,200x4] \
 *       [--rounds 2] [--warmup 3000] [--about TEXT] [--out results.md]
 *
 * For each upstream pacing (ms between tokens; the first is the main figure) and each
 * concurrency C x M of the plan (C clients, M streams each, one after the other on a keep-alive
 * connection), the same workload runs directly against the upstream, through nginx (only with
 * --nginx) and through the facade, in alternating rounds (direct, nginx, facade, then facade,
 * nginx, direct, ...) so that machine noise hits all paths alike. Client starts are spread over
 * one stream's length so the load is steady, not one burst.
 *
 * Per stream: time to first token (from writing the request to reading the first data: line with
 * content) and the tokens received. Every stream is verified, on every path: HTTP 200, exactly N
 * content chunks of the expected text, one usage-only chunk, data: [DONE] last; anything else is
 * a failure. Per path: tokens/s = tokens / wall time of its rounds; CPU of each process from
 * /proc. The relay's CPU per content token compares the facade JVM (utime + stime) with nginx
 * (master and all its workers, found as the master's children; their run time in ns from
 * /proc/<pid>/task/<tid>/schedstat, as a few ms of nginx CPU would vanish in 10 ms ticks).
 * Heap of the facade JVM: jstat samples during the facade rounds (max used; retained after young
 * GCs), and live heap after a full GC (jcmd) when idle and with C streams in flight.
 *
 * The HTTP client is a minimal blocking HTTP/1.1 client over sockets, one thread per concurrent
 * client, so the measuring side adds as little as possible and the same to every path.
 */
import java.io.BufferedInputStream;
import java.io.BufferedReader;
import java.io.EOFException;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

public final class FacadeBench {

  static final String TOKEN_TEXT = "tok ";
  static final String DEFAULT_PLAN = "1x100,50x6,200x4";
  static final String DEFAULT_DELAYS = "10,0";
  static final int DEFAULT_WARMUP = 3000;
  static final int DEFAULT_TOKENS = 50;
  static final String DIRECT = "direct";
  static final String NGINX = "nginx";
  static final String FACADE = "facade";

  public static void main(String[] args) throws Exception {
    Options o = new Options(args);
    FacadeBench bench = new FacadeBench(o);
    String report = bench.run();
    PrintStream out = new PrintStream(new FileOutputStream(FileDescriptor.out), true,
        StandardCharsets.UTF_8); // the report has a few non-ASCII signs (µ, ÷, ≤)
    out.println();
    out.println(report);
    if (o.has("out")) {
      Files.writeString(Path.of(o.get("out", "")), report);
    }
    System.exit(bench.failures > 0 ? 2 : 0);
  }

  // ---------------------------------------------------------------- configuration and the run

  private final Options o;
  private final Target direct;
  private final Target nginx; // null without --nginx
  private final Target facade;
  private final String upstreamBase;
  private final int tokens;
  private final long facadePid;
  private final long upstreamPid;
  private final long nginxPid;
  private final int rounds;
  private final HeapSampler heap;
  private final StringBuilder report = new StringBuilder();
  private long failures;

  FacadeBench(Options o) {
    this.o = o;
    this.upstreamBase = o.get("upstream", null);
    this.direct = Target.of(DIRECT, upstreamBase + "/v1/chat/completions");
    this.nginx = o.has("nginx") ? Target.of(NGINX, o.get("nginx", null) + "/v1/chat/completions")
        : null;
    this.facade = Target.of(FACADE, o.get("facade", null) + "/api/ai/v1/chat/completions");
    this.tokens = o.getInt("tokens", DEFAULT_TOKENS);
    this.facadePid = o.getInt("facade-pid", -1);
    this.upstreamPid = o.getInt("upstream-pid", -1);
    this.nginxPid = nginx != null ? o.getInt("nginx-pid", -1) : -1;
    this.rounds = o.getInt("rounds", 2);
    this.heap = facadePid > 0 ? new HeapSampler(facadePid) : null;
  }

  String run() throws Exception {
    List<int[]> plan = parsePlan(o.get("plan", DEFAULT_PLAN));
    List<Double> delays = parseDelays(o.get("delays", DEFAULT_DELAYS));
    if (o.has("about")) {
      report.append("Run: ").append(o.get("about", "")).append("\n");
    }
    report.append(String.format(Locale.ROOT, "Workload: %d tokens per stream; paths %s; plan %s"
        + " (clients x streams per client, split into %d rounds per path, alternating); pacing %s"
        + " ms; warm-up %d streams unpaced through the facade, then ~20 per concurrency paced.%n",
        tokens, String.join(", ", paths().stream().map(Target::name).toList()),
        o.get("plan", DEFAULT_PLAN), rounds, o.get("delays", DEFAULT_DELAYS),
        o.getInt("warmup", DEFAULT_WARMUP)));
    if (heap != null) {
      heap.start();
    }
    try {
      warmUp(o.getInt("warmup", DEFAULT_WARMUP));
      warmUpPaced(plan, delays.get(0));
      settle();
      String idleBefore = liveHeap("idle, after warm-up");
      boolean first = true;
      for (double delay : delays) {
        runPacing(delay, plan, first);
        first = false;
      }
      String idleAfter = liveHeap("idle, after the run");
      report.append("\nLive heap of the facade JVM after a full GC (jcmd GC.run; survivor + old"
          + " space in the next jstat sample): ")
          .append(idleBefore).append("; ").append(idleAfter).append(".\n");
      report.append("\nVerification failures (all phases, warm-up excluded): ").append(failures)
          .append(".\n");
    } finally {
      if (heap != null) {
        heap.stop();
      }
    }
    return report.toString();
  }

  /** The paths measured, in the order of the first round. */
  private List<Target> paths() {
    return nginx == null ? List.of(direct, facade) : List.of(direct, nginx, facade);
  }

  /** Round r's order of the paths: forward in even rounds, backward in odd ones. */
  private List<Target> order(int round) {
    List<Target> forward = paths();
    if (round % 2 == 0) {
      return forward;
    }
    List<Target> backward = new ArrayList<>(forward);
    Collections.reverse(backward);
    return backward;
  }

  /**
   * Streams through every path without pacing, so the JIT compiles the hot code (the facade gets
   * the most; nginx up to 320 streams, so that its timed rounds find upstream connections open).
   */
  private void warmUp(int streams) throws Exception {
    configureUpstream(0);
    int clients = 16;
    int perClient = Math.max(1, streams / clients);
    int perClientDirect = Math.max(1, perClient / 4);
    int perClientNginx = Math.max(1, Math.min(perClient, 20));
    log("warm-up: %d streams through the facade, %d direct%s (no pacing)", clients * perClient,
        clients * perClientDirect, nginx == null ? ""
            : String.format(Locale.ROOT, ", %d through nginx", clients * perClientNginx));
    try (Phase phase = new Phase(clients)) {
      List<Round> rounds = new ArrayList<>();
      Round f = phase.round(facade, perClient, 0);
      rounds.add(f);
      rounds.add(phase.round(direct, perClientDirect, 0));
      Round n = nginx == null ? null : phase.round(nginx, perClientNginx, 0);
      if (n != null) {
        rounds.add(n);
      }
      long broken = rounds.stream().mapToLong(Round::failures).sum();
      if (broken > 0) {
        log("warm-up: %d of %d streams failed, e.g. %s", broken,
            rounds.stream().mapToInt(r -> r.results.size()).sum(), rounds.stream()
                .map(Round::firstError).filter(e -> e != null).findFirst().orElse(null));
      }
      for (Round r : List.of(f, n == null ? f : n)) {
        if (r.failures() == r.results.size()) {
          throw new IllegalStateException("every warm-up stream through " + r.target
              + " failed: " + r.firstError());
        }
      }
    }
  }

  /**
   * One untimed pass of the plan through the facade at the main pacing (about 20 streams per
   * concurrency). The bulk warm-up saturates the CPU, and under load HotSpot defers compilations
   * (its thresholds grow with the compile queue); without this pass they land in the first timed
   * phase (measured: ~1,100 -XX:+PrintCompilation lines and twice the facade CPU per token in the
   * 1-client paced phase, against ~100 lines with it).
   */
  private void warmUpPaced(List<int[]> plan, double delayMs) throws Exception {
    configureUpstream(delayMs);
    for (int[] step : plan) {
      int clients = step[0];
      int perClient = Math.max(1, (20 + clients - 1) / clients);
      log("warm-up: %d clients x %d streams through the facade at %s ms pacing", clients,
          perClient, fmt(delayMs));
      try (Phase phase = new Phase(clients)) {
        Round f = phase.round(facade, perClient, (long) (tokens * delayMs * 1_000_000L));
        if (f.failures() > 0) {
          log("warm-up: %d of %d streams failed, e.g. %s", f.failures(), f.results.size(),
              f.firstError());
        }
      }
    }
  }

  /**
   * Waits (at most 30 s) until the facade JVM is quiet (under 10 % of a core for half a second),
   * so JIT compilation or GC left over from the previous phase does not land in the next one.
   */
  private void settle() throws InterruptedException {
    if (facadePid <= 0) {
      return;
    }
    long start = System.nanoTime();
    while (System.nanoTime() - start < TimeUnit.SECONDS.toNanos(30)) {
      long before = Meter.ticks(facadePid);
      Thread.sleep(500);
      if ((Meter.ticks(facadePid) - before) * Meter.TICK_MS < 50) {
        break;
      }
    }
    long waited = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
    if (waited > 1500) {
      log("waited %d ms for the facade JVM to go quiet", waited);
    }
  }

  /** All concurrencies at one upstream pacing; appends its tables. */
  private void runPacing(double delayMs, List<int[]> plan, boolean main) throws Exception {
    configureUpstream(delayMs);
    report.append(delayMs > 0
        ? String.format(Locale.ROOT, "%n### Paced upstream: %s ms between tokens, %d tokens per "
            + "stream%n%n", fmt(delayMs), tokens)
        : String.format(Locale.ROOT, "%n### Unpaced upstream: tokens as fast as possible (CPU-"
            + "bound), %d tokens per stream%n%n", tokens));
    List<Comparison> rows = new ArrayList<>();
    for (int[] step : plan) {
      rows.add(comparePaths(step[0], step[1], delayMs, main && step == plan.get(plan.size() - 1)));
    }
    report.append("Relay overhead, nginx / facade:\n\n");
    report.append(Comparison.relayHeader());
    rows.forEach(r -> report.append(r.relayRow()));
    report.append("\nAdded TTFT in ms = the path's percentile minus direct's; tokens/s \u00f7"
        + " direct = the path's tok/s / direct tok/s; relay CPU per token = CPU time of the relay's"
        + " processes during its own rounds / content tokens delivered in them (facade: the JVM's"
        + " utime + stime from /proc/<pid>/stat, in 10 ms ticks; nginx: master + workers, run time"
        + " in ns from /proc/<pid>/task/<tid>/schedstat)." + nginxTicksCrossCheck(rows) + "\n");
    report.append(targets(rows, delayMs > 0)).append("\n");
    report.append(Comparison.header(nginx != null));
    rows.forEach(r -> report.append(r.row()));
    report.append("\nTTFT in ms (added = facade minus direct percentile); tok/s = content tokens"
        + " received / wall time of that path's rounds; ratio = facade / direct; heap = facade JVM"
        + " during its rounds at that concurrency (jstat every 100 ms: max used / max retained"
        + " after a young GC).\n\n");
    report.append(Comparison.legsHeader(nginx != null));
    rows.forEach(r -> report.append(r.legsRow()));
    report.append("\n");
    report.append(Comparison.cpuHeader(nginx != null));
    rows.forEach(r -> report.append(r.cpuRows()));
    rows.stream().filter(r -> r.liveHeap != null).forEach(r -> report.append("\nLive heap with ")
        .append(r.concurrency).append(" streams in flight through the facade: ")
        .append(r.liveHeap).append(".\n"));
  }

  /** nginx's CPU per token from ticks (as the facade's), to show what the finer clock changes. */
  private String nginxTicksCrossCheck(List<Comparison> rows) {
    if (nginx == null || nginxPid <= 0) {
      return "";
    }
    StringBuilder sb = new StringBuilder(" The same nginx figure from utime + stime ticks, as the"
        + " facade's:");
    for (Comparison r : rows) {
      sb.append(String.format(Locale.ROOT, " %s \u00b5s at %d %s,",
          fmt1(r.nginx.nginxTickMicrosPerToken()), r.concurrency,
          r.concurrency == 1 ? "stream" : "streams"));
    }
    sb.setLength(sb.length() - 1);
    return sb.append('.').toString();
  }

  /**
   * The targets for the facade against these rows: at the main pacing added TTFT p50 at 1
   * stream and at 200 streams (or the plan's largest concurrency), tokens/s ratio at 200
   * streams; at every pacing relay CPU per token within 3x of nginx's at every concurrency.
   */
  private String targets(List<Comparison> rows, boolean paced) {
    StringBuilder sb = new StringBuilder("Targets (facade):");
    if (paced) {
      Comparison one = rows.stream().filter(r -> r.concurrency == 1).findFirst().orElse(null);
      Comparison top = rows.stream().filter(r -> r.concurrency == 200).findFirst()
          .orElse(rows.stream().max((a, b) -> Integer.compare(a.concurrency, b.concurrency))
              .orElse(null));
      if (one != null) {
        double added = one.addedTtft(one.facade).p50();
        sb.append(String.format(Locale.ROOT, " added TTFT p50 \u2264 1 ms at 1 stream: %+.2f ms"
            + " **%s**;", added, added <= 1 ? "met" : "missed"));
      }
      if (top != null) {
        String at = top.concurrency == 200 ? "200 streams"
            : top.concurrency + " streams (the target is for 200)";
        double added = top.addedTtft(top.facade).p50();
        double ratio = top.ratio(top.facade);
        sb.append(String.format(Locale.ROOT, " added TTFT p50 \u2264 2 ms at %s: %+.2f ms **%s**;"
            + " tokens/s \u2265 0.95 of direct at %s: %.3f **%s**;", at, added,
            added <= 2 ? "met" : "missed", at, ratio, ratio >= 0.95 ? "met" : "missed"));
      }
    }
    if (nginx != null && nginxPid > 0 && facadePid > 0) {
      boolean all = true;
      StringBuilder ratios = new StringBuilder();
      for (Comparison r : rows) {
        double x = r.cpuRatio();
        all &= x <= 3;
        ratios.append(ratios.length() == 0 ? "" : ", ").append(fmt1(x)).append('\u00d7');
      }
      sb.append(String.format(Locale.ROOT, " relay CPU per token \u2264 3\u00d7 nginx's at every"
          + " concurrency: %s **%s**.", ratios, all ? "met" : "missed"));
    } else {
      sb.append(" relay CPU per token against nginx's: n/a (no --nginx / --nginx-pid).");
    }
    if (sb.charAt(sb.length() - 1) == ';') {
      sb.setCharAt(sb.length() - 1, '.');
    }
    return sb.append('\n').toString();
  }

  /** One concurrency: alternating rounds of the same workload on every path. */
  private Comparison comparePaths(int clients, int streamsPerClient, double delayMs,
      boolean probeLiveHeap) throws Exception {
    int perRound = Math.max(1, streamsPerClient / rounds);
    long stagger = (long) (tokens * delayMs * 1_000_000L);
    Comparison c = new Comparison(clients, perRound * rounds, tokens, nginx != null);
    if (heap != null) {
      heap.resetWindows();
    }
    settle();
    long upstreamBefore = upstreamStreamsStarted();
    try (Phase phase = new Phase(clients)) {
      phase.connectAll(paths().toArray(new Target[0]));
      for (int r = 0; r < rounds; r++) {
        for (Target t : order(r)) {
          log("%d clients x %d streams, %s ms pacing: round %d/%d %s", clients, perRound,
              fmt(delayMs), r + 1, rounds, t.name);
          Round round = phase.round(t, perRound, stagger);
          c.add(t.name(), round, heap);
        }
      }
      if (probeLiveHeap && heap != null) {
        c.liveHeap = probeLiveHeap(phase, stagger);
      }
    }
    long served = upstreamStreamsStarted() - upstreamBefore;
    c.checkUpstream(served);
    failures += c.failures();
    log("  -> %s", c.summary());
    return c;
  }

  /**
   * Live heap with every client's stream open: the clients stream through the facade until told
   * to stop; a full GC is forced in the middle. This round is not part of the timings.
   */
  private String probeLiveHeap(Phase phase, long stagger) throws Exception {
    log("live-heap probe: %d streams in flight through the facade, full GC", phase.size);
    AtomicBoolean stop = new AtomicBoolean();
    Future<Round> running = phase.background(facade, stop, stagger);
    phase.awaitInFlight(phase.size, TimeUnit.SECONDS.toNanos(30));
    int before = phase.inFlight.get();
    String measured = liveHeap("after a full GC with " + before + " streams open");
    int after = phase.inFlight.get();
    stop.set(true);
    Round round = running.get();
    return measured + " (in flight at GC start/end: " + before + "/" + after + "; probe streams "
        + round.results.size() + ", failures " + round.failures() + ")";
  }

  /**
   * Forces a full GC (jcmd GC.run, which returns when the GC is over) and reports what it kept:
   * survivor + old space in the first jstat sample taken after that (eden excluded, so allocation
   * by running streams does not count). jstat's GC counters tick when a GC starts, so samples
   * taken during the GC are not used.
   */
  private String liveHeap(String label) {
    if (facadePid <= 0) {
      return label + ": n/a (no --facade-pid)";
    }
    double fullGcsBefore = heap.fullGcs();
    run("jcmd", Long.toString(facadePid), "GC.run");
    double retained = heap.retainedAfterFullGc(fullGcsBefore, System.nanoTime(),
        TimeUnit.SECONDS.toNanos(5));
    if (retained >= 0) {
      return String.format(Locale.ROOT, "%s %.1f MB", label, retained);
    }
    String info = run("jcmd", Long.toString(facadePid), "GC.heap_info");
    Matcher m = Pattern.compile("total (\\d+)K, used (\\d+)K").matcher(info);
    return m.find()
        ? String.format(Locale.ROOT, "%s %.1f MB (committed %.0f MB)", label,
            Long.parseLong(m.group(2)) / 1024.0, Long.parseLong(m.group(1)) / 1024.0)
        : label + ": unreadable heap_info";
  }

  // ----------------------------------------------------------------------- upstream control

  private void configureUpstream(double delayMs) throws Exception {
    String answer = httpGet(upstreamBase + "/_bench/config?tokens=" + tokens + "&delay_ms="
        + delayMs);
    log("upstream: %s", answer);
  }

  private long upstreamStreamsStarted() throws Exception {
    Matcher m = Pattern.compile("\"streams_started\":(\\d+)")
        .matcher(httpGet(upstreamBase + "/_bench/stats"));
    return m.find() ? Long.parseLong(m.group(1)) : -1;
  }

  private static String httpGet(String url) throws Exception {
    HttpClient client = HttpClient.newHttpClient();
    return client.send(HttpRequest.newBuilder(URI.create(url)).build(),
        HttpResponse.BodyHandlers.ofString()).body();
  }

  // ----------------------------------------------------------------------- phases and rounds

  /** C clients, each with its own thread and one keep-alive connection per target. */
  private final class Phase implements AutoCloseable {
    final int size;
    final List<Client> clients = new ArrayList<>();
    final ExecutorService threads;
    final AtomicInteger inFlight = new AtomicInteger();

    Phase(int size) {
      this.size = size;
      this.threads = Executors.newFixedThreadPool(size + 1, r -> {
        Thread t = new Thread(r, "bench-client");
        t.setDaemon(true);
        return t;
      });
      for (int i = 0; i < size; i++) {
        clients.add(new Client(tokens, inFlight));
      }
    }

    /** Opens every connection before timing starts. */
    void connectAll(Target... targets) throws Exception {
      List<Future<?>> done = new ArrayList<>();
      for (Client c : clients) {
        done.add(threads.submit(() -> {
          for (Target t : targets) {
            c.connection(t).ensureOpen();
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
        parts.add(threads.submit(() -> {
          gate.await();
          sleepNanos(offset);
          List<StreamResult> out = new ArrayList<>();
          for (int s = 0; s < streams; s++) {
            out.add(c.stream(target));
          }
          return out;
        }));
      }
      Meter meter = new Meter(facadePid, upstreamPid, nginxPid);
      long start = System.nanoTime();
      gate.countDown();
      List<StreamResult> all = new ArrayList<>();
      for (Future<List<StreamResult>> f : parts) {
        all.addAll(f.get());
      }
      long end = System.nanoTime();
      return new Round(target.name(), all, start, end, meter.stop());
    }

    /** Every client streams on {@code target} until {@code stop}; for the live-heap probe. */
    Future<Round> background(Target target, AtomicBoolean stop, long staggerNanos) {
      return threads.submit(() -> {
        List<Future<List<StreamResult>>> parts = new ArrayList<>();
        long start = System.nanoTime();
        ExecutorService loopers = Executors.newFixedThreadPool(size);
        try {
          for (int i = 0; i < size; i++) {
            Client c = clients.get(i);
            long offset = staggerNanos * i / size;
            parts.add(loopers.submit(() -> {
              sleepNanos(offset);
              List<StreamResult> out = new ArrayList<>();
              while (!stop.get()) {
                out.add(c.stream(target));
              }
              return out;
            }));
          }
          List<StreamResult> all = new ArrayList<>();
          for (Future<List<StreamResult>> f : parts) {
            all.addAll(f.get());
          }
          return new Round(target.name(), all, start, System.nanoTime(), null);
        } finally {
          loopers.shutdownNow();
        }
      });
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
  }

  /** The results of one round on one path. */
  static final class Round {
    final String target;
    final List<StreamResult> results;
    final long startNanos;
    final long endNanos;
    final Meter.Usage cpu;

    Round(String target, List<StreamResult> results, long startNanos, long endNanos,
        Meter.Usage cpu) {
      this.target = target;
      this.results = results;
      this.startNanos = startNanos;
      this.endNanos = endNanos;
      this.cpu = cpu;
    }

    long failures() {
      return results.stream().filter(r -> !r.ok()).count();
    }

    String firstError() {
      return results.stream().filter(r -> !r.ok()).map(StreamResult::error).findFirst()
          .orElse(null);
    }
  }

  // ---------------------------------------------------------------------------- results

  /** Every path at one concurrency. */
  static final class Comparison {
    final int concurrency;
    final int streamsPerClient;
    final int tokens;
    final Side direct = new Side();
    final Side nginx; // null without nginx
    final Side facade = new Side();
    String heapDuringRounds = "";
    String liveHeap;
    String upstreamCheck = "";

    Comparison(int concurrency, int streamsPerClient, int tokens, boolean withNginx) {
      this.concurrency = concurrency;
      this.streamsPerClient = streamsPerClient;
      this.tokens = tokens;
      this.nginx = withNginx ? new Side() : null;
    }

    /** The sides that ran, in path order. */
    List<Side> sides() {
      return nginx == null ? List.of(direct, facade) : List.of(direct, nginx, facade);
    }

    void add(String path, Round round, HeapSampler heap) {
      Side side = switch (path) {
        case DIRECT -> direct;
        case NGINX -> nginx;
        case FACADE -> facade;
        default -> throw new IllegalArgumentException(path);
      };
      side.add(round);
      if (side == facade && heap != null) {
        heap.noteWindow(round.startNanos, round.endNanos);
        heapDuringRounds = heap.summary();
      }
    }

    long failures() {
      return sides().stream().mapToLong(s -> s.failures).sum();
    }

    void checkUpstream(long served) {
      long expected = sides().stream().mapToLong(s -> s.results.size()).sum();
      if (served < expected) {
        upstreamCheck = " upstream served " + served + " of " + expected + " streams!";
      } else if (served > expected) {
        // the probe round's streams and any facade retries land here; report, don't fail
        upstreamCheck = " (upstream served " + served + " streams for " + expected + " timed)";
      }
    }

    /** A path's TTFT percentiles minus direct's. */
    Stats addedTtft(Side side) {
      Stats d = direct.ttft();
      Stats p = side.ttft();
      return new Stats(p.p50 - d.p50, p.p99 - d.p99);
    }

    /** A path's tokens/s divided by direct's. */
    double ratio(Side side) {
      return side.tokensPerSecond() / direct.tokensPerSecond();
    }

    /** The facade's CPU per token divided by nginx's (NaN without both). */
    double cpuRatio() {
      return nginx == null ? Double.NaN
          : facade.facadeMicrosPerToken() / nginx.nginxMicrosPerToken();
    }

    static String relayHeader() {
      return "| streams | added TTFT p50, nginx / facade | added TTFT p99, nginx / facade |"
          + " tokens/s \u00f7 direct, nginx / facade | relay CPU per token, nginx / facade"
          + " (\u00b5s) | facade \u00f7 nginx CPU |\n|---|---|---|---|---|---|\n";
    }

    String relayRow() {
      Stats f = addedTtft(facade);
      Stats n = nginx == null ? null : addedTtft(nginx);
      return String.format(Locale.ROOT, "| %d | %s / **%+.2f** | %s / %+.2f | %s / **%.3f** |"
              + " %s / %s | **%s** |%n",
          concurrency, n == null ? "-" : String.format(Locale.ROOT, "%+.2f", n.p50), f.p50,
          n == null ? "-" : String.format(Locale.ROOT, "%+.2f", n.p99), f.p99,
          nginx == null ? "-" : String.format(Locale.ROOT, "%.3f", ratio(nginx)), ratio(facade),
          nginx == null ? "-" : fmt1(nginx.nginxMicrosPerToken()),
          fmt1(facade.facadeMicrosPerToken()),
          Double.isNaN(cpuRatio()) ? "-" : fmt1(cpuRatio()) + "\u00d7");
    }

    static String header(boolean withNginx) {
      return withNginx
          ? "| concurrency (clients x streams) | direct TTFT p50 / p99 | nginx TTFT p50 / p99 |"
              + " facade TTFT p50 / p99 | added p50 / p99 | direct tok/s | nginx tok/s |"
              + " facade tok/s | ratio | facade heap MB | failures (direct / nginx / facade) |\n"
              + "|---|---|---|---|---|---|---|---|---|---|---|\n"
          : "| concurrency (clients x streams) | direct TTFT p50 / p99 | facade TTFT p50 / p99 |"
              + " added p50 / p99 | direct tok/s | facade tok/s | ratio | facade heap MB | failures"
              + " (direct / facade) |\n|---|---|---|---|---|---|---|---|---|\n";
    }

    String row() {
      Stats d = direct.ttft();
      Stats f = facade.ttft();
      Stats added = addedTtft(facade);
      String heapMb = heapDuringRounds.isEmpty() ? "-" : heapDuringRounds;
      if (nginx == null) {
        return String.format(Locale.ROOT,
            "| %d (%d x %d) | %.2f / %.2f | %.2f / %.2f | **%+.2f** / %+.2f | %.0f | %.0f |"
                + " **%.3f** | %s | %d / %d |%n",
            concurrency, concurrency, streamsPerClient, d.p50, d.p99, f.p50, f.p99, added.p50,
            added.p99, direct.tokensPerSecond(), facade.tokensPerSecond(), ratio(facade), heapMb,
            direct.failures, facade.failures);
      }
      Stats n = nginx.ttft();
      return String.format(Locale.ROOT,
          "| %d (%d x %d) | %.2f / %.2f | %.2f / %.2f | %.2f / %.2f | **%+.2f** / %+.2f | %.0f |"
              + " %.0f | %.0f | **%.3f** | %s | %d / %d / %d |%n",
          concurrency, concurrency, streamsPerClient, d.p50, d.p99, n.p50, n.p99, f.p50, f.p99,
          added.p50, added.p99, direct.tokensPerSecond(), nginx.tokensPerSecond(),
          facade.tokensPerSecond(), ratio(facade), heapMb, direct.failures, nginx.failures,
          facade.failures);
    }

    static String legsHeader(boolean withNginx) {
      return "Where the time to first token goes (ms, p50 / p99): the request leg ends when the"
          + " upstream has the request (its arrival time is in the completion id; same monotonic"
          + " clock), the response leg is the rest, until the first token is read by the client.\n\n"
          + (withNginx
              ? "| concurrency | request leg direct | request leg nginx | request leg facade |"
                  + " response leg direct | response leg nginx | response leg facade |\n"
                  + "|---|---|---|---|---|---|---|\n"
              : "| concurrency | request leg direct | request leg facade | response leg direct |"
                  + " response leg facade |\n|---|---|---|---|---|\n");
    }

    String legsRow() {
      StringBuilder request = new StringBuilder();
      StringBuilder response = new StringBuilder();
      for (Side side : sides()) {
        Stats[] legs = side.legs();
        request.append(String.format(Locale.ROOT, " %.2f / %.2f |", legs[0].p50, legs[0].p99));
        response.append(String.format(Locale.ROOT, " %.2f / %.2f |", legs[1].p50, legs[1].p99));
      }
      return "| " + concurrency + " |" + request + response + "\n";
    }

    static String cpuHeader(boolean withNginx) {
      return "CPU while each path ran (from /proc; machine busy and steal are % of all"
          + " cores):\n\n"
          + "| concurrency | path | wall s | machine busy % | steal % | upstream ms CPU / 1k tok"
          + (withNginx ? " | nginx ms CPU / 1k tok" : "")
          + " | facade ms CPU / 1k tok | client ms CPU / 1k tok |\n"
          + (withNginx ? "|---|---|---|---|---|---|---|---|---|\n"
              : "|---|---|---|---|---|---|---|---|\n");
    }

    String cpuRows() {
      StringBuilder sb = new StringBuilder();
      sb.append(direct.cpuRow(concurrency, DIRECT, nginx != null));
      if (nginx != null) {
        sb.append(nginx.cpuRow(concurrency, NGINX, true));
      }
      sb.append(facade.cpuRow(concurrency, FACADE, nginx != null));
      if (!upstreamCheck.isEmpty()) {
        sb.append("|  | note |").append(upstreamCheck)
            .append(nginx != null ? " | | | | | | |\n" : " | | | | | |\n");
      }
      return sb.toString();
    }

    String summary() {
      StringBuilder sb = new StringBuilder();
      for (Side side : sides()) {
        Stats t = side.ttft();
        sb.append(String.format(Locale.ROOT, "%s%s TTFT p50/p99 %.2f/%.2f ms %.0f tok/s",
            sb.length() == 0 ? "" : "; ", side == direct ? DIRECT : side == nginx ? NGINX : FACADE,
            t.p50, t.p99, side.tokensPerSecond()));
      }
      sb.append(String.format(Locale.ROOT, "; facade ratio %.3f", ratio(facade)));
      if (nginx != null) {
        sb.append(String.format(Locale.ROOT, ", nginx ratio %.3f; relay CPU/token nginx %s"
            + " facade %s us", ratio(nginx), fmt1(nginx.nginxMicrosPerToken()),
            fmt1(facade.facadeMicrosPerToken())));
      }
      sb.append("; failures ").append(String.join("/", sides().stream()
          .map(side -> Long.toString(side.failures)).toList()));
      sides().stream().map(side -> side.firstError).filter(e -> e != null).findFirst()
          .ifPresent(e -> sb.append(" first error: ").append(e));
      return sb.append(upstreamCheck).toString();
    }
  }

  /** One path's rounds at one concurrency. */
  static final class Side {
    final List<StreamResult> results = new ArrayList<>();
    long wallNanos;
    long tokens;
    long failures;
    String firstError;
    final Meter.Usage cpu = new Meter.Usage();

    void add(Round round) {
      results.addAll(round.results);
      wallNanos += round.endNanos - round.startNanos;
      for (StreamResult r : round.results) {
        tokens += r.tokens();
        if (!r.ok()) {
          failures++;
          if (firstError == null) {
            firstError = r.error();
          }
        }
      }
      cpu.add(round.cpu);
    }

    double tokensPerSecond() {
      return tokens / (wallNanos / 1e9);
    }

    Stats ttft() {
      double[] ms = results.stream().filter(StreamResult::ok)
          .mapToDouble(r -> r.ttftNanos() / 1e6).sorted().toArray();
      return new Stats(percentile(ms, 50), percentile(ms, 99));
    }

    /** The request leg (until the upstream had the request) and the rest of the TTFT. */
    Stats[] legs() {
      List<StreamResult> timed = results.stream().filter(r -> r.ok() && r.requestLegNanos() >= 0)
          .toList();
      double[] request = timed.stream().mapToDouble(r -> r.requestLegNanos() / 1e6).sorted()
          .toArray();
      double[] response = timed.stream()
          .mapToDouble(r -> (r.ttftNanos() - r.requestLegNanos()) / 1e6).sorted().toArray();
      return new Stats[] {new Stats(percentile(request, 50), percentile(request, 99)),
          new Stats(percentile(response, 50), percentile(response, 99))};
    }

    String cpuRow(int concurrency, String path, boolean withNginx) {
      double kTokens = Math.max(1, tokens) / 1000.0;
      double nginxMs = cpu.nginxMs();
      return String.format(Locale.ROOT, "| %d | %s | %.1f | %.0f | %.1f | %s |%s %s | %.1f |%n",
          concurrency, path, wallNanos / 1e9, cpu.machineBusyPercent(), cpu.stealPercent(),
          cpu.upstreamMs < 0 ? "-" : fmt(cpu.upstreamMs / kTokens),
          !withNginx ? "" : nginxMs < 0 ? " - |" : " " + fmt(nginxMs / kTokens) + " |",
          cpu.facadeMs < 0 ? "-" : fmt(cpu.facadeMs / kTokens), cpu.clientMs / kTokens);
    }

    /** The facade JVM's CPU per content token over these rounds, in µs (NaN if unmeasured). */
    double facadeMicrosPerToken() {
      return cpu.facadeMs < 0 || tokens == 0 ? Double.NaN : cpu.facadeMs * 1000 / tokens;
    }

    /** nginx's (master + workers) CPU per content token over these rounds, in µs. */
    double nginxMicrosPerToken() {
      double ms = cpu.nginxMs();
      return ms < 0 || tokens == 0 ? Double.NaN : ms * 1000 / tokens;
    }

    /** The same from utime + stime ticks, for comparison. */
    double nginxTickMicrosPerToken() {
      return cpu.nginxTickMs < 0 || tokens == 0 ? Double.NaN : cpu.nginxTickMs * 1000 / tokens;
    }
  }

  record Stats(double p50, double p99) {}

  /** Nearest-rank percentile of sorted values (NaN when empty). */
  static double percentile(double[] sorted, double p) {
    if (sorted.length == 0) {
      return Double.NaN;
    }
    int rank = (int) Math.ceil(p / 100.0 * sorted.length);
    return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1];
  }

  /**
   * One stream: time to first content token, the part of it until the upstream had the request
   * (-1 when unknown), content tokens, and what was wrong if anything.
   */
  record StreamResult(long ttftNanos, long requestLegNanos, int tokens, String error) {
    static StreamResult failed(String error) {
      return new StreamResult(0, -1, 0, error);
    }

    boolean ok() {
      return error == null;
    }
  }

  // ------------------------------------------------------------------------ the HTTP client

  /** Where to send streams. */
  record Target(String name, String host, int port, String path) {
    static Target of(String name, String url) {
      URI uri = URI.create(url);
      return new Target(name, uri.getHost(), uri.getPort(), uri.getRawPath());
    }
  }

  /** One benchmark client: one connection per target, used by one thread at a time. */
  static final class Client {
    private final int expectedTokens;
    private final AtomicInteger inFlight;
    private final Map<Target, Connection> connections = new LinkedHashMap<>();

    Client(int expectedTokens, AtomicInteger inFlight) {
      this.expectedTokens = expectedTokens;
      this.inFlight = inFlight;
    }

    synchronized Connection connection(Target t) {
      return connections.computeIfAbsent(t, Connection::new);
    }

    StreamResult stream(Target t) {
      inFlight.incrementAndGet();
      try {
        return connection(t).stream(expectedTokens);
      } finally {
        inFlight.decrementAndGet();
      }
    }

    synchronized void close() {
      connections.values().forEach(Connection::close);
    }
  }

  /** A keep-alive HTTP/1.1 connection that sends chat requests and checks the event stream. */
  static final class Connection {
    private final Target target;
    private final byte[] request;
    private Socket socket;
    private InputStream in;
    private OutputStream out;

    Connection(Target target) {
      this.target = target;
      String body = "{\"model\":\"fake\",\"messages\":[{\"role\":\"user\",\"content\":\"Say "
          + "something.\"}],\"stream\":true,\"stream_options\":{\"include_usage\":true}}";
      byte[] json = body.getBytes(StandardCharsets.UTF_8);
      String head = "POST " + target.path() + " HTTP/1.1\r\nHost: " + target.host() + ":"
          + target.port() + "\r\nContent-Type: application/json\r\nAccept: text/event-stream\r\n"
          + "Content-Length: " + json.length + "\r\n\r\n";
      byte[] h = head.getBytes(StandardCharsets.US_ASCII);
      this.request = Arrays.copyOf(h, h.length + json.length);
      System.arraycopy(json, 0, request, h.length, json.length);
    }

    void ensureOpen() throws IOException {
      if (socket == null) {
        socket = new Socket();
        socket.setTcpNoDelay(true);
        socket.setSoTimeout(120_000);
        socket.connect(new InetSocketAddress(target.host(), target.port()), 10_000);
        in = new BufferedInputStream(socket.getInputStream(), 16 * 1024);
        out = socket.getOutputStream();
      }
    }

    /**
     * One stream. A connection opened earlier (pre-connected or kept alive) that the server closed
     * meanwhile, e.g. after its keep-alive timeout, is reopened once; a new connection that gets
     * no response is a failure.
     */
    StreamResult stream(int expectedTokens) {
      for (int attempt = 0; ; attempt++) {
        try {
          boolean openedNow = socket == null;
          ensureOpen();
          try {
            return exchange(expectedTokens);
          } catch (StaleConnection e) {
            close();
            if (openedNow || attempt > 0) {
              return StreamResult.failed("connection closed before a response");
            }
          }
        } catch (IOException | RuntimeException e) {
          close();
          return StreamResult.failed(e.toString());
        }
      }
    }

    private StreamResult exchange(int expectedTokens) throws IOException {
      long sent = System.nanoTime();
      String status;
      try {
        out.write(request);
        out.flush();
        status = readLine(in);
      } catch (IOException e) {
        status = null; // e.g. reset: the server had closed this keep-alive connection
      }
      if (status == null) {
        throw new StaleConnection();
      }
      Map<String, String> headers = readHeaders(in);
      InputStream body = bodyOf(headers);
      StreamCheck check = new StreamCheck(sent, expectedTokens);
      LineReader lines = new LineReader(body);
      boolean ok = status.startsWith("HTTP/1.1 200");
      StringBuilder errorBody = new StringBuilder();
      for (String line; (line = lines.next()) != null; ) {
        if (ok) {
          check.line(line);
        } else if (errorBody.length() < 300) {
          errorBody.append(line);
        }
      }
      if ("close".equalsIgnoreCase(headers.get("connection")) || !(body instanceof ChunkedIn
          || headers.containsKey("content-length"))) {
        close();
      }
      return ok ? check.result() : StreamResult.failed(status + " " + errorBody);
    }

    private InputStream bodyOf(Map<String, String> headers) {
      if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
        return new ChunkedIn(in);
      }
      if (headers.containsKey("content-length")) {
        return new LimitedIn(in, Long.parseLong(headers.get("content-length").trim()));
      }
      return in; // until the server closes
    }

    void close() {
      if (socket != null) {
        try {
          socket.close();
        } catch (IOException ignored) {
          // closing anyway
        }
      }
      socket = null;
    }

    static final class StaleConnection extends IOException {
      private static final long serialVersionUID = 1L;
    }
  }

  /** Checks one event stream line by line and times its first content token. */
  static final class StreamCheck {
    private static final String CONTENT = "\"content\":\"";
    private static final String ID = "\"id\":\"chatcmpl-";
    private final long sentNanos;
    private final int expectedTokens;
    private long ttft = -1;
    private long requestLeg = -1;
    private int tokens;
    private int usageChunks;
    private boolean done;
    private String problem;

    StreamCheck(long sentNanos, int expectedTokens) {
      this.sentNanos = sentNanos;
      this.expectedTokens = expectedTokens;
    }

    void line(String line) {
      if (!line.startsWith("data:")) {
        return; // blank separators and ": keep-alive" comments
      }
      String data = line.substring(5).strip();
      if (done) {
        problem("data after [DONE]: " + data);
      } else if (data.equals("[DONE]")) {
        done = true;
      } else if (data.contains("\"error\"")) {
        problem("error event: " + data);
      } else if (data.contains("\"choices\":[]")) {
        usageChunks += data.contains("\"completion_tokens\":" + expectedTokens) ? 1 : 0;
      } else {
        content(data);
      }
    }

    private void content(String data) {
      int at = data.indexOf(CONTENT);
      if (at < 0) {
        return; // e.g. the finish chunk
      }
      int start = at + CONTENT.length();
      int end = data.indexOf('"', start);
      if (end == start) {
        return; // the role chunk's empty content
      }
      if (ttft < 0) {
        ttft = System.nanoTime() - sentNanos;
        requestLeg = upstreamArrival(data) - sentNanos;
      }
      tokens++;
      if (!data.substring(start, end).equals(TOKEN_TEXT)) {
        problem("unexpected content: " + data);
      }
    }

    /** The upstream's System.nanoTime() at the request's arrival, from the completion id. */
    private long upstreamArrival(String data) {
      int at = data.indexOf(ID);
      if (at < 0) {
        return sentNanos - 1; // not the fake upstream: leg unknown (negative)
      }
      int start = at + ID.length();
      int end = start;
      while (end < data.length() && Character.isDigit(data.charAt(end))) {
        end++;
      }
      return Long.parseLong(data.substring(start, end));
    }

    private void problem(String what) {
      if (problem == null) {
        problem = what.length() > 200 ? what.substring(0, 200) : what;
      }
    }

    StreamResult result() {
      if (problem == null && !done) {
        problem = "no data: [DONE]";
      }
      if (problem == null && tokens != expectedTokens) {
        problem = tokens + " content tokens instead of " + expectedTokens;
      }
      if (problem == null && usageChunks != 1) {
        problem = usageChunks + " usage chunks (with completion_tokens " + expectedTokens
            + ") instead of 1";
      }
      return new StreamResult(ttft, requestLeg, tokens, problem);
    }
  }

  /** Reads LF-terminated lines (CR stripped) from a body in blocks. */
  static final class LineReader {
    private final InputStream in;
    private final byte[] buf = new byte[8192];
    private int pos;
    private int lim;
    private byte[] line = new byte[512];
    private int len;

    LineReader(InputStream in) {
      this.in = in;
    }

    /** The next line, or null at the end of the body (a last unterminated line is returned). */
    String next() throws IOException {
      while (true) {
        for (int i = pos; i < lim; i++) {
          if (buf[i] == '\n') {
            append(pos, i - pos);
            pos = i + 1;
            return take();
          }
        }
        append(pos, lim - pos);
        pos = 0;
        lim = in.read(buf, 0, buf.length);
        if (lim < 0) {
          lim = 0;
          return len > 0 ? take() : null;
        }
      }
    }

    private void append(int from, int n) {
      if (len + n > line.length) {
        line = Arrays.copyOf(line, Math.max(line.length * 2, len + n));
      }
      System.arraycopy(buf, from, line, len, n);
      len += n;
    }

    private String take() {
      int n = len > 0 && line[len - 1] == '\r' ? len - 1 : len;
      len = 0;
      return new String(line, 0, n, StandardCharsets.UTF_8);
    }
  }

  /** The decoded body of a chunked response; leaves the connection at the next response. */
  static final class ChunkedIn extends InputStream {
    private final InputStream in;
    private long remaining;
    private boolean needCrlf;
    private boolean eof;

    ChunkedIn(InputStream in) {
      this.in = in;
    }

    @Override
    public int read() throws IOException {
      byte[] one = new byte[1];
      return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      if (eof) {
        return -1;
      }
      if (remaining == 0) {
        nextChunk();
        if (eof) {
          return -1;
        }
      }
      int n = in.read(b, off, (int) Math.min(len, remaining));
      if (n < 0) {
        throw new EOFException("connection closed inside a chunk");
      }
      remaining -= n;
      needCrlf = remaining == 0;
      return n;
    }

    private void nextChunk() throws IOException {
      if (needCrlf) {
        readLine(in);
        needCrlf = false;
      }
      String size = readLine(in);
      if (size == null) {
        throw new EOFException("connection closed before a chunk size");
      }
      int semi = size.indexOf(';');
      remaining = Long.parseLong((semi < 0 ? size : size.substring(0, semi)).trim(), 16);
      if (remaining == 0) {
        for (String trailer; (trailer = readLine(in)) != null && !trailer.isEmpty(); ) {
          // trailers are ignored
        }
        eof = true;
      }
    }
  }

  /** The first n bytes of a stream. */
  static final class LimitedIn extends InputStream {
    private final InputStream in;
    private long left;

    LimitedIn(InputStream in, long n) {
      this.in = in;
      this.left = n;
    }

    @Override
    public int read() throws IOException {
      if (left <= 0) {
        return -1;
      }
      left--;
      return in.read();
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      if (left <= 0) {
        return -1;
      }
      int n = in.read(b, off, (int) Math.min(len, left));
      if (n > 0) {
        left -= n;
      }
      return n;
    }
  }

  /** A CRLF- or LF-terminated ASCII line, or null at end of stream before any byte. */
  static String readLine(InputStream in) throws IOException {
    StringBuilder sb = new StringBuilder();
    for (int b; (b = in.read()) != -1; ) {
      if (b == '\n') {
        int n = sb.length();
        return n > 0 && sb.charAt(n - 1) == '\r' ? sb.substring(0, n - 1) : sb.toString();
      }
      sb.append((char) b);
    }
    if (sb.length() == 0) {
      return null;
    }
    throw new EOFException("connection closed inside a line");
  }

  static Map<String, String> readHeaders(InputStream in) throws IOException {
    Map<String, String> headers = new LinkedHashMap<>();
    for (String line; (line = readLine(in)) != null && !line.isEmpty(); ) {
      int colon = line.indexOf(':');
      if (colon > 0) {
        headers.put(line.substring(0, colon).trim().toLowerCase(Locale.ROOT),
            line.substring(colon + 1).trim());
      }
    }
    return headers;
  }

  // ------------------------------------------------------------------------- measurements

  /**
   * CPU time of the facade, the upstream, nginx (master and workers), this client and the whole
   * machine over a round.
   */
  static final class Meter {
    private static final double TICK_MS = 1000.0 / Long.getLong("clk.tck", 100);
    private final long facadePid;
    private final long upstreamPid;
    private final long nginxPid;
    private final long facade0;
    private final long upstream0;
    private final Map<Long, long[]> nginx0;
    private final long client0;
    private final long[] machine0;

    Meter(long facadePid, long upstreamPid, long nginxPid) {
      this.facadePid = facadePid;
      this.upstreamPid = upstreamPid;
      this.nginxPid = nginxPid;
      this.facade0 = ticks(facadePid);
      this.upstream0 = ticks(upstreamPid);
      this.nginx0 = processTree(nginxPid);
      this.client0 = ticks(ProcessHandle.current().pid());
      this.machine0 = machine();
    }

    Usage stop() {
      Usage u = new Usage();
      u.facadeMs = facadePid > 0 ? (ticks(facadePid) - facade0) * TICK_MS : -1;
      u.upstreamMs = upstreamPid > 0 ? (ticks(upstreamPid) - upstream0) * TICK_MS : -1;
      if (nginxPid > 0) {
        // processes that started during the round count from zero; one that ended is lost
        long tickSum = 0;
        long nanoSum = 0;
        for (Map.Entry<Long, long[]> e : processTree(nginxPid).entrySet()) {
          long[] before = nginx0.getOrDefault(e.getKey(), new long[2]);
          tickSum += e.getValue()[0] - before[0];
          nanoSum = nanoSum < 0 || e.getValue()[1] < 0 || before[1] < 0 ? -1
              : nanoSum + e.getValue()[1] - before[1];
        }
        u.nginxTickMs = tickSum * TICK_MS;
        u.nginxRunMs = nanoSum < 0 ? -1 : nanoSum / 1e6;
      }
      u.clientMs = (ticks(ProcessHandle.current().pid()) - client0) * TICK_MS;
      long[] m = machine();
      for (int i = 0; i < m.length; i++) {
        u.machine[i] = m[i] - machine0[i];
      }
      return u;
    }

    /**
     * A process and its children (nginx: the master and its workers), each as {utime + stime
     * ticks, run time in ns (-1 if unreadable)}.
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
      Path tasks = Path.of("/proc/" + parent + "/task");
      boolean listed = false;
      try (var tids = Files.list(tasks)) {
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
      if (listed) {
        return children;
      }
      try (var procs = Files.list(Path.of("/proc"))) {
        for (Path proc : procs.toList()) {
          String name = proc.getFileName().toString();
          if (!name.chars().allMatch(Character::isDigit)) {
            continue;
          }
          try {
            String stat = Files.readString(proc.resolve("stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            if (Long.parseLong(f[1]) == parent) { // field 4, ppid
              children.add(Long.parseLong(name));
            }
          } catch (IOException | RuntimeException e) {
            // ended meanwhile
          }
        }
      } catch (IOException e) {
        // no /proc
      }
      return children;
    }

    /**
     * Run time on a CPU of all of a process's live threads, in ns, from
     * /proc/PID/task/TID/schedstat (first field); -1 if unreadable. Threads that ended are not
     * counted, so this is for processes with fixed threads, like nginx's single-threaded ones.
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

    /** utime + stime of a process, in clock ticks. */
    static long ticks(long pid) {
      if (pid <= 0) {
        return 0;
      }
      try {
        String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(f[11]) + Long.parseLong(f[12]); // fields 14 and 15
      } catch (IOException e) {
        return 0;
      }
    }

    /** The machine's cpu line: user nice system idle iowait irq softirq steal. */
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

    /** Accumulated CPU over one or more rounds. */
    static final class Usage {
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

      void add(Usage u) {
        if (u == null) {
          return;
        }
        // -1 (no nginx, unreadable) sticks once any round has it
        nginxTickMs = empty ? u.nginxTickMs
            : nginxTickMs < 0 || u.nginxTickMs < 0 ? -1 : nginxTickMs + u.nginxTickMs;
        nginxRunMs = empty ? u.nginxRunMs
            : nginxRunMs < 0 || u.nginxRunMs < 0 ? -1 : nginxRunMs + u.nginxRunMs;
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
  }

  /** Samples the facade JVM's heap with {@code jstat -gc PID 100} (reads perf data; no load). */
  static final class HeapSampler {
    private final long pid;
    // {nanos, used MB, retained MB (survivors + old), young + full GCs, full GCs}
    private final List<double[]> samples = new CopyOnWriteArrayList<>();
    private Process process;
    private Thread reader;
    private final List<long[]> windows = new ArrayList<>();

    HeapSampler(long pid) {
      this.pid = pid;
    }

    void start() throws IOException {
      process = new ProcessBuilder("jstat", "-gc", Long.toString(pid), "100")
          .redirectErrorStream(true).start();
      reader = new Thread(this::read, "jstat-reader");
      reader.setDaemon(true);
      reader.start();
      Runtime.getRuntime().addShutdownHook(new Thread(process::destroy));
    }

    private void read() {
      try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(),
          StandardCharsets.US_ASCII))) {
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

    /** Max used and max retained-after-young-GC over the windows noted since the last call. */
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
     * Retained MB in the first sample taken after {@code gcOverNanos} that counts more full GCs
     * than {@code before}, or -1.
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
    synchronized void resetWindows() {
      windows.clear();
    }

    void stop() {
      if (process != null) {
        process.destroy();
      }
    }
  }

  // ------------------------------------------------------------------------------- helpers

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

  static void sleepNanos(long nanos) throws InterruptedException {
    if (nanos > 0) {
      TimeUnit.NANOSECONDS.sleep(nanos);
    }
  }

  /** One decimal, or "-" for NaN. */
  static String fmt1(double v) {
    return Double.isNaN(v) || Double.isInfinite(v) ? "-" : String.format(Locale.ROOT, "%.1f", v);
  }

  static String fmt(double v) {
    return v == Math.rint(v) ? Long.toString((long) v) : String.format(Locale.ROOT, "%.1f", v);
  }

  static void log(String format, Object... args) {
    System.err.printf(Locale.ROOT, "[bench] " + format + "%n", args);
  }

  static List<int[]> parsePlan(String plan) {
    List<int[]> steps = new ArrayList<>();
    for (String step : plan.split(",")) {
      String[] cm = step.trim().split("x");
      steps.add(new int[] {Integer.parseInt(cm[0]), Integer.parseInt(cm[1])});
    }
    return steps;
  }

  static List<Double> parseDelays(String delays) {
    List<Double> list = new ArrayList<>();
    for (String d : delays.split(",")) {
      list.add(Double.parseDouble(d.trim()));
    }
    return Collections.unmodifiableList(list);
  }

  /** --name value pairs. */
  static final class Options {
    private final Map<String, String> values = new LinkedHashMap<>();

    Options(String[] args) {
      for (int i = 0; i < args.length; i++) {
        if (!args[i].startsWith("--") || i + 1 >= args.length) {
          throw new IllegalArgumentException("expected --name value pairs, got " + args[i]);
        }
        values.put(args[i].substring(2), args[++i]);
      }
    }

    boolean has(String name) {
      return values.containsKey(name);
    }

    String get(String name, String fallback) {
      String v = values.getOrDefault(name, fallback);
      if (v == null) {
        throw new IllegalArgumentException("--" + name + " is required");
      }
      return v;
    }

    int getInt(String name, int fallback) {
      return Integer.parseInt(get(name, Integer.toString(fallback)));
    }
  }
}
