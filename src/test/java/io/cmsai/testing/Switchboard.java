package io.cmsai.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;

/**
 * The upstream the module under test talks to in the facade ITs: it forwards to the real
 * llama-server, except for requests whose {@code model} names a scripted behaviour:
 *
 * <ul>
 *   <li>{@code endless}: an event stream that sends a chunk every 50 ms until the connection is
 *       closed, and records when it noticed ({@link #endlessClosedAt()});
 *   <li>{@code slow-start}: an event stream whose first chunk comes after 1.5 s;
 *   <li>{@code no-such-model}: vLLM's 404 for an unknown model;
 *   <li>{@code needs-key}: vLLM's 401 {@code {"error":"Unauthorized"}};
 *   <li>{@code hang-up}: closes the connection without answering;
 *   <li>{@code rate-limited}, {@code server-error}, {@code overloaded}: a 429 without {@code
 *       Retry-After}, a 500, a 503;
 *   <li>{@code malformed}: a 200 whose JSON is cut short;
 *   <li>{@code multi-line}: an event stream whose events spread their JSON over several {@code
 *       data:} lines (legal SSE: a parser joins them with line feeds), tokens {@value
 *       #MULTI_LINE_TEXT} in three chunks.
 * </ul>
 */
public final class Switchboard implements AutoCloseable {

  private static final Set<String> HOP_BY_HOP =
      Set.of("connection", "content-length", "transfer-encoding", "host", "upgrade", "keep-alive");

  private final HttpServer server;
  private final HttpClient client =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  private final String target;
  private volatile CompletableFuture<Long> endlessClosed = new CompletableFuture<>();

  /**
   * Listens on 127.0.0.1:{@code port}, forwarding to {@code target} (e.g. {@code http://h:p/v1}).
   */
  public Switchboard(int port, String target) throws IOException {
    this.target = target == null ? null : target.replaceAll("/v1/?$", "");
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 64);
    server.setExecutor(Executors.newCachedThreadPool());
    server.createContext("/", this::handle);
    server.start();
  }

  /** When the scripted endless stream found its connection closed ({@link System#nanoTime()}). */
  public CompletableFuture<Long> endlessClosedAt() {
    return endlessClosed;
  }

  public void resetEndless() {
    endlessClosed = new CompletableFuture<>();
  }

  private void handle(HttpExchange exchange) throws IOException {
    byte[] body = exchange.getRequestBody().readAllBytes();
    String model = model(body);
    try {
      switch (model) {
        case "endless" -> endless(exchange);
        case "slow-start" -> slowStart(exchange);
        case "no-such-model" ->
            json(
                exchange,
                404,
                "{\"error\":{\"message\":\"The model `no-such-model` does not exist.\","
                    + "\"type\":\"NotFoundError\",\"param\":\"model\",\"code\":404}}");
        case "needs-key" -> json(exchange, 401, "{\"error\":\"Unauthorized\"}");
        case "late-not-found" -> {
          sleep(1500);
          json(
              exchange,
              404,
              "{\"error\":{\"message\":\"The model `late-not-found` does not exist.\","
                  + "\"type\":\"NotFoundError\",\"param\":\"model\",\"code\":404}}");
        }
        case "hang-up" -> exchange.close();
        case "rate-limited" ->
            json(exchange, 429, "{\"error\":{\"message\":\"slow down\",\"type\":\"rate_limit\"}}");
        case "server-error" -> json(exchange, 500, "{\"error\":\"boom\"}");
        case "overloaded" -> json(exchange, 503, "{\"error\":\"queue full\"}");
        case "malformed" -> json(exchange, 200, "{\"choices\":[{\"mess");
        case "multi-line" -> multiLine(exchange);
        default -> forward(exchange, body);
      }
    } finally {
      exchange.close();
    }
  }

  private static String model(byte[] body) {
    if (body.length == 0) {
      return "";
    }
    try {
      JsonObject json = Json.createReader(new ByteArrayInputStream(body)).readObject();
      return json.getString("model", "");
    } catch (RuntimeException e) {
      return "";
    }
  }

  private void endless(HttpExchange exchange) throws IOException {
    startStream(exchange);
    OutputStream out = exchange.getResponseBody();
    try {
      chunk(
          out, "{\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"\"}}]}");
      while (true) {
        chunk(out, "{\"choices\":[{\"index\":0,\"delta\":{\"content\":\"tick \"}}]}");
        Thread.sleep(50);
      }
    } catch (IOException e) {
      endlessClosed.complete(System.nanoTime());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void slowStart(HttpExchange exchange) throws IOException {
    startStream(exchange);
    OutputStream out = exchange.getResponseBody();
    try {
      Thread.sleep(1500);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return;
    }
    chunk(out, "{\"choices\":[{\"index\":0,\"delta\":{\"content\":\"late\"}}]}");
    chunk(
        out,
        "{\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}],"
            + "\"usage\":{\"prompt_tokens\":3,\"completion_tokens\":1,\"total_tokens\":4}}");
    out.write("data: [DONE]\n\n".getBytes(StandardCharsets.US_ASCII));
    out.flush();
  }

  /** The text the {@code multi-line} stream sends. */
  public static final String MULTI_LINE_TEXT = "first second third";

  private static void multiLine(HttpExchange exchange) throws IOException {
    startStream(exchange);
    OutputStream out = exchange.getResponseBody();
    out.write(
        ("data: {\"choices\":[{\"index\":0,\n"
                + "data: \"delta\":{\"role\":\"assistant\",\"content\":\"first\"}}]}\n\n"
                + "data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\" second\"}}]}\n\n"
                + "data: {\"choices\":\n"
                + "data: [{\"index\":0,\n"
                + "data: \"delta\":{\"content\":\" third\"},\n"
                + "data: \"finish_reason\":\"stop\"}]}\n\n"
                + "data: [DONE]\n\n")
            .getBytes(StandardCharsets.UTF_8));
    out.flush();
  }

  private static void startStream(HttpExchange exchange) throws IOException {
    exchange.getResponseHeaders().set("Content-Type", "text/event-stream");
    exchange.sendResponseHeaders(200, 0);
  }

  private static void chunk(OutputStream out, String json) throws IOException {
    out.write(("data: " + json + "\n\n").getBytes(StandardCharsets.UTF_8));
    out.flush();
  }

  private static void json(HttpExchange exchange, int status, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    exchange.sendResponseHeaders(status, bytes.length);
    exchange.getResponseBody().write(bytes);
  }

  private void forward(HttpExchange exchange, byte[] body) throws IOException {
    if (target == null) {
      json(exchange, 503, "{\"error\":\"no llama-server configured (AI_TEST_OPENAI_BASE_URL)\"}");
      return;
    }
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(target + exchange.getRequestURI()))
            .timeout(Duration.ofSeconds(60))
            .method(
                exchange.getRequestMethod(),
                body.length == 0
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofByteArray(body));
    exchange
        .getRequestHeaders()
        .forEach(
            (name, values) -> {
              if (!HOP_BY_HOP.contains(name.toLowerCase(java.util.Locale.ROOT))) {
                values.forEach(v -> request.header(name, v));
              }
            });
    HttpResponse<InputStream> response;
    try {
      response = client.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException(e);
    }
    response
        .headers()
        .map()
        .forEach(
            (name, values) -> {
              if (!HOP_BY_HOP.contains(name.toLowerCase(java.util.Locale.ROOT))) {
                exchange.getResponseHeaders().put(name, List.copyOf(values));
              }
            });
    exchange.sendResponseHeaders(response.statusCode(), 0);
    try (InputStream in = response.body();
        OutputStream out = exchange.getResponseBody()) {
      byte[] buffer = new byte[8192];
      int n;
      while ((n = in.read(buffer)) > 0) {
        out.write(buffer, 0, n);
        out.flush();
      }
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
