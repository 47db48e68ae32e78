package io.cmsai.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cmsai.testing.MicroServer;
import io.cmsai.testing.ScriptedHttpServer;
import io.cmsai.testing.WorkDirs;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A caller who leaves ends the upstream call at once, whatever the upstream is doing, measured from
 * the upstream's side (issue 14 items 1 and 2): the module's server (started like {@code
 * scripts/run}) talks to a scripted upstream that reads the chat request and then stays silent,
 * noticing the moment the module closes its connection. A client sends a chat request on a raw
 * socket, waits until the upstream has it, and closes. Before, a non-streamed call went on until
 * the upstream answered (up to the total timeout), and a silent stream until the next heartbeat's
 * write failed.
 */
class DisconnectIT {

  private static ScriptedHttpServer upstream;
  private static MicroServer server;

  @BeforeAll
  static void start() throws Exception {
    upstream =
        new ScriptedHttpServer(
            exchange -> {
              if (exchange.head().startsWith("GET")) {
                String models =
                    "{\"object\":\"list\",\"data\":[{\"id\":\"tiny\",\"object\":\"model\"},"
                        + "{\"id\":\"busy\",\"object\":\"model\"}]}";
                exchange.write(
                    "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: "
                        + models.getBytes(StandardCharsets.UTF_8).length
                        + "\r\nConnection: close\r\n\r\n"
                        + models);
                return;
              }
              if (exchange.body().contains("\"busy\"")) {
                // Capacity: the module backs off 3 s before it would try again.
                String busy = "{\"error\":{\"message\":\"busy\",\"type\":\"overloaded\"}}";
                exchange.write(
                    "HTTP/1.1 503 Service Unavailable\r\nContent-Type: application/json\r\n"
                        + "Retry-After: 3\r\nContent-Length: "
                        + busy.length()
                        + "\r\nConnection: close\r\n\r\n"
                        + busy);
                return;
              }
              // Silent: queueing, or a long prompt being processed. Waits for the module to leave.
              var unused = exchange.closedByClient().get(60, TimeUnit.SECONDS);
            });
    Path work = Path.of(System.getProperty("cms.ai.test.work", "target/it-work"), "disconnect");
    WorkDirs.deleteTree(work);
    server =
        MicroServer.start(
            work.resolve("data"),
            work.resolve("server.log"),
            List.of(
                "-Dcms.ai.admin.initial-password=disconnect-it-password-4711",
                "-Dcms.ai.demo.enabled=false",
                "-Dcms.ai.index.auto-rebuild=false",
                "-Dcms.ai.api.allow-anonymous=true",
                "-Dcms.ai.provider.chat-model=tiny",
                "-Dcms.ai.provider.base-url=" + upstream.baseUrl()));
  }

  @AfterAll
  static void stop() throws Exception {
    if (server != null) {
      server.close();
    }
    if (upstream != null) {
      upstream.close();
    }
  }

  @Test
  void a_caller_leaving_a_non_streamed_chat_closes_the_silent_upstream_within_one_second()
      throws Exception {
    assertUpstreamClosedSoonAfterTheCallerLeaves(chat("tiny", false));
  }

  @Test
  void a_caller_leaving_a_stream_closes_the_silent_upstream_within_one_second() throws Exception {
    assertUpstreamClosedSoonAfterTheCallerLeaves(chat("tiny", true));
  }

  @Test
  void a_caller_leaving_embeddings_closes_the_silent_upstream_within_one_second() throws Exception {
    assertUpstreamClosedSoonAfterTheCallerLeaves(
        request("/api/ai/v1/embeddings", "{\"model\":\"tiny\",\"input\":[\"a\",\"b\"]}"));
  }

  @Test
  void a_caller_leaving_during_a_retry_back_off_stops_the_retry() throws Exception {
    int before = posts();
    long leftAt = leaveAfterTheUpstreamGotIt(chat("busy", false), before);
    // The upstream answered 503 with Retry-After: 3; the retry would come 3 s after that answer.
    Thread.sleep(Math.max(0, 4000 - TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - leftAt)));
    assertEquals(before + 1, posts(), "no retry after the caller left");
  }

  private static byte[] chat(String model, boolean stream) {
    return request(
        "/api/ai/v1/chat/completions",
        "{\"model\":\""
            + model
            + "\",\"stream\":"
            + stream
            + ",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");
  }

  private static byte[] request(String path, String json) {
    byte[] body = json.getBytes(StandardCharsets.UTF_8);
    byte[] head =
        ("POST "
                + path
                + " HTTP/1.1\r\nHost: localhost\r\n"
                + "Content-Type: application/json\r\nContent-Length: "
                + body.length
                + "\r\n\r\n")
            .getBytes(StandardCharsets.US_ASCII);
    byte[] whole = java.util.Arrays.copyOf(head, head.length + body.length);
    System.arraycopy(body, 0, whole, head.length, body.length);
    return whole;
  }

  private static void assertUpstreamClosedSoonAfterTheCallerLeaves(byte[] request)
      throws Exception {
    int before = posts();
    long leftAt = leaveAfterTheUpstreamGotIt(request, before);
    ScriptedHttpServer.Exchange call = upstream.exchanges().get(upstream.exchanges().size() - 1);
    long closedAt = call.closedByClient().get(20, TimeUnit.SECONDS);
    long millis = TimeUnit.NANOSECONDS.toMillis(closedAt - leftAt);
    System.out.println(
        "DisconnectIT: the upstream saw the close " + millis + " ms after the caller");
    assertTrue(millis < 1000, "the upstream saw the close " + millis + " ms after the caller left");
    Thread.sleep(1500);
    assertEquals(before + 1, posts(), "no retry after the caller left");
  }

  /**
   * Sends {@code request} on a raw socket, waits until the upstream has it and half a second more
   * (the call under way), closes the socket; returns when ({@link System#nanoTime()}).
   */
  private static long leaveAfterTheUpstreamGotIt(byte[] request, int before) throws Exception {
    URI base = server.base();
    try (Socket socket = new Socket(base.getHost(), base.getPort())) {
      OutputStream out = socket.getOutputStream();
      out.write(request);
      out.flush();
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      while (posts() == before && System.nanoTime() < deadline) {
        Thread.sleep(20);
      }
      assertEquals(before + 1, posts(), "the upstream received the request");
      Thread.sleep(500);
      assertEquals(
          0, socket.getInputStream().available(), "the module is still at work (not answered)");
    }
    return System.nanoTime();
  }

  private static int posts() {
    return (int) upstream.exchanges().stream().filter(e -> e.head().startsWith("POST")).count();
  }
}
