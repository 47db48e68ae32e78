package io.cmsai.bench.facade.data;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Pattern;

/**
 * A fast fake OpenAI-compatible server for the facade benchmark (JDK classes only).
 *
 * <pre>
 *   java -cp CLASSPATH io.cmsai.bench.facade.data.FakeUpstream [--port 0] [--port-file FILE] \
 *       [--tokens 50] [--delay-ms 10]
 * </pre>
 *
 * <p>POST /v1/chat/completions streams a chat completion in the exact OpenAI shape: a role chunk, N
 * content chunks of one token ("tok ") each, a finish chunk, a usage-only chunk when the request
 * asks for stream_options.include_usage, then data: [DONE]. The completion id is
 * "chatcmpl-&lt;System.nanoTime() when the request arrived&gt;": nanoTime is the machine's
 * monotonic clock on Linux, so the client can split its time to first token into the request leg
 * (until the upstream got the request) and the response leg (from then until the token reached the
 * client). The first content token is sent at once; each next one follows the previous by the
 * configured delay (deadline-based, so sleep overshoot does not accumulate). Every event is written
 * and flushed on its own, like a real server that streams token by token.
 *
 * <p>GET /health and GET /v1/models answer like vLLM, so the module's readiness and catalog work.
 * GET /_bench/config?tokens=N&amp;delay_ms=D changes the workload for the next streams (the
 * benchmark client calls it directly, never through the facade); GET /_bench/stats returns the
 * counters.
 *
 * <p>One thread per open stream (a cached pool): 200+ concurrent streams cost 200+ mostly sleeping
 * threads, and each token is one small write, so the server stays far from being the bottleneck.
 */
public final class FakeUpstream {

  private static final Pattern INCLUDE_USAGE = Pattern.compile("\"include_usage\"\\s*:\\s*true");
  private static final byte[] DONE = event("[DONE]");
  private static final String MODELS =
      "{\"object\":\"list\",\"data\":"
          + "[{\"id\":\"fake\",\"object\":\"model\",\"owned_by\":\"bench\"}]}";

  private volatile int tokens;
  private volatile long delayNanos;
  private final AtomicLong streamsStarted = new AtomicLong();
  private final AtomicLong streamsCompleted = new AtomicLong();
  private final AtomicLong tokensSent = new AtomicLong();

  FakeUpstream(int tokens, long delayMs) {
    this.tokens = tokens;
    this.delayNanos = delayMs * 1_000_000L;
  }

  public static void main(String[] args) throws IOException {
    // Read by the JDK server at class initialisation: no Nagle delay on small events, and keep
    // the idle keep-alive connections of 200+ clients (direct, via nginx and the facade) open.
    System.setProperty("sun.net.httpserver.nodelay", "true");
    System.setProperty("sun.net.httpserver.maxIdleConnections", "4096");
    Map<String, String> opts = options(args);
    FakeUpstream upstream =
        new FakeUpstream(
            Integer.parseInt(opts.getOrDefault("tokens", "50")),
            Long.parseLong(opts.getOrDefault("delay-ms", "10")));
    HttpServer server = upstream.serve(Integer.parseInt(opts.getOrDefault("port", "0")));
    int port = server.getAddress().getPort();
    if (opts.containsKey("port-file")) {
      writePortFile(Path.of(opts.get("port-file")), port);
    }
    System.out.println("fake upstream listening on 127.0.0.1:" + port);
  }

  /** Starts the server on the loopback address ({@code port} 0: a free one). */
  private HttpServer serve(int port) throws IOException {
    HttpServer server =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1024);
    server.setExecutor(Executors.newCachedThreadPool());
    server.createContext("/v1/chat/completions", this::chat);
    server.createContext("/v1/models", ex -> json(ex, 200, MODELS));
    server.createContext("/health", ex -> json(ex, 200, "{\"status\":\"ok\"}"));
    server.createContext("/_bench/config", this::config);
    server.createContext("/_bench/stats", this::stats);
    server.start();
    return server;
  }

  /** Written to a temporary file, then moved: a reader never sees a partial port. */
  private static void writePortFile(Path file, int port) throws IOException {
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
    Files.writeString(tmp, Integer.toString(port));
    Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE);
  }

  /** One streamed chat completion. */
  private void chat(HttpExchange ex) throws IOException {
    try (ex) {
      if (!"POST".equals(ex.getRequestMethod())) {
        json(ex, 405, "{\"error\":{\"message\":\"use POST\",\"type\":\"invalid_request_error\"}}");
        return;
      }
      long arrival = System.nanoTime();
      String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
      boolean includeUsage = INCLUDE_USAGE.matcher(body).find();
      int n = tokens;
      long delay = delayNanos;
      streamsStarted.incrementAndGet();
      ex.getResponseHeaders().set("Content-Type", "text/event-stream");
      ex.getResponseHeaders().set("Cache-Control", "no-cache");
      ex.sendResponseHeaders(200, 0); // chunked
      stream(ex.getResponseBody(), arrival, n, delay, includeUsage);
      streamsCompleted.incrementAndGet();
    } catch (IOException e) {
      // The client went away (e.g. the facade cancelled): nothing to do.
    }
  }

  /** The events of one completion: role, n paced content tokens, finish, usage, [DONE]. */
  private void stream(OutputStream out, long arrival, int n, long delay, boolean includeUsage)
      throws IOException {
    String head =
        "{\"id\":\"chatcmpl-"
            + arrival
            + "\",\"object\":\"chat.completion.chunk\","
            + "\"model\":\"fake\",\"choices\":";
    byte[] token =
        event(
            head + "[{\"index\":0,\"delta\":{\"content\":\"tok \"}," + "\"finish_reason\":null}]}");
    send(
        out,
        event(
            head
                + "[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"\"},"
                + "\"finish_reason\":null}]}"));
    long next = System.nanoTime();
    for (int i = 0; i < n; i++) {
      if (i > 0 && delay > 0) {
        next += delay;
        sleepUntil(next);
      }
      send(out, token);
      tokensSent.incrementAndGet();
    }
    send(out, event(head + "[{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}]}"));
    if (includeUsage) {
      send(
          out,
          event(
              head
                  + "[],\"usage\":{\"prompt_tokens\":5,\"completion_tokens\":"
                  + n
                  + ",\"total_tokens\":"
                  + (n + 5)
                  + "}}"));
    }
    send(out, DONE);
  }

  private void config(HttpExchange ex) throws IOException {
    Map<String, String> query = query(ex.getRequestURI().getRawQuery());
    if (query.containsKey("tokens")) {
      tokens = Integer.parseInt(query.get("tokens"));
    }
    if (query.containsKey("delay_ms")) {
      delayNanos = (long) (Double.parseDouble(query.get("delay_ms")) * 1_000_000L);
    }
    json(ex, 200, "{\"tokens\":" + tokens + ",\"delay_ms\":" + delayNanos / 1e6 + "}");
  }

  private void stats(HttpExchange ex) throws IOException {
    json(
        ex,
        200,
        "{\"streams_started\":"
            + streamsStarted.get()
            + ",\"streams_completed\":"
            + streamsCompleted.get()
            + ",\"tokens_sent\":"
            + tokensSent.get()
            + "}");
  }

  private static void send(OutputStream out, byte[] event) throws IOException {
    out.write(event);
    out.flush(); // one HTTP chunk per event
  }

  private static void sleepUntil(long deadline) {
    long left;
    while ((left = deadline - System.nanoTime()) > 0) {
      LockSupport.parkNanos(left);
    }
  }

  private static byte[] event(String data) {
    return ("data: " + data + "\n\n").getBytes(StandardCharsets.UTF_8);
  }

  private static void json(HttpExchange ex, int status, String body) throws IOException {
    try (ex) {
      ex.getRequestBody().readAllBytes();
      byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
      ex.getResponseHeaders().set("Content-Type", "application/json");
      ex.sendResponseHeaders(status, bytes.length);
      ex.getResponseBody().write(bytes);
    }
  }

  private static Map<String, String> query(String raw) {
    Map<String, String> map = new HashMap<>();
    if (raw != null) {
      for (String pair : raw.split("&")) {
        int eq = pair.indexOf('=');
        if (eq > 0) {
          map.put(pair.substring(0, eq), pair.substring(eq + 1));
        }
      }
    }
    return map;
  }

  private static Map<String, String> options(String[] args) {
    Map<String, String> map = new HashMap<>();
    for (int i = 0; i + 1 < args.length; i += 2) {
      if (!args[i].startsWith("--")) {
        throw new IllegalArgumentException("expected --name value pairs, got " + args[i]);
      }
      map.put(args[i].substring(2), args[i + 1]);
    }
    return map;
  }
}
