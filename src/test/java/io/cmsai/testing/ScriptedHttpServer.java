package io.cmsai.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A tiny HTTP/1.1 server on a plain {@link ServerSocket} for what MockWebServer cannot measure:
 * each connection reads one request, then runs the test's {@link Script} on the raw socket, while a
 * watcher reads the socket to notice the moment the client closes it. Thread-safe.
 */
public final class ScriptedHttpServer implements AutoCloseable {

  /** What the server does with one connection after reading its request. */
  @FunctionalInterface
  public interface Script {
    void run(Exchange exchange) throws Exception;
  }

  /** One connection: its request and the means to answer it. */
  public static final class Exchange {
    private final OutputStream out;
    private final String head;
    private final String body;
    private final CompletableFuture<Long> closedByClient = new CompletableFuture<>();

    Exchange(Socket socket, String head, String body) throws IOException {
      this.out = socket.getOutputStream();
      this.head = head;
      this.body = body;
    }

    /** The request line and headers. */
    public String head() {
      return head;
    }

    public String body() {
      return body;
    }

    /** Writes and flushes {@code text} (UTF-8). */
    public void write(String text) throws IOException {
      out.write(text.getBytes(StandardCharsets.UTF_8));
      out.flush();
    }

    /** Writes {@code text} as one chunk of a chunked body. */
    public void writeChunk(String text) throws IOException {
      byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
      write(Integer.toHexString(bytes.length) + "\r\n" + text + "\r\n");
    }

    /**
     * Completes with the {@link System#nanoTime()} at which the server noticed the client closed
     * the connection (end of input, a reset, or a failed write).
     */
    public CompletableFuture<Long> closedByClient() {
      return closedByClient;
    }

    void noticeClosed() {
      closedByClient.complete(System.nanoTime());
    }
  }

  private final ServerSocket server;
  private final Script script;
  private final List<Exchange> exchanges = new CopyOnWriteArrayList<>();
  private final List<Socket> sockets = new CopyOnWriteArrayList<>();
  private final List<Throwable> scriptFailures = new CopyOnWriteArrayList<>();
  private final Thread acceptor;

  public ScriptedHttpServer(Script script) throws IOException {
    this.script = script;
    this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    this.acceptor = new Thread(this::accept, "scripted-server-accept");
    acceptor.setDaemon(true);
    acceptor.start();
  }

  /** The base URL, ending in {@code /v1/}. */
  public URI baseUrl() {
    return URI.create("http://127.0.0.1:" + server.getLocalPort() + "/v1/");
  }

  /** The connections whose request was read so far, in order. */
  public List<Exchange> exchanges() {
    return List.copyOf(exchanges);
  }

  /** Failures of the script other than the client closing the connection. */
  public List<Throwable> scriptFailures() {
    return new ArrayList<>(scriptFailures);
  }

  @Override
  public void close() throws IOException, InterruptedException {
    server.close();
    for (Socket socket : sockets) {
      socket.close();
    }
    acceptor.join(2000);
  }

  private void accept() {
    while (!server.isClosed()) {
      Socket socket;
      try {
        socket = server.accept();
      } catch (IOException e) {
        return;
      }
      sockets.add(socket);
      Thread handler = new Thread(() -> handle(socket), "scripted-server-connection");
      handler.setDaemon(true);
      handler.start();
    }
  }

  private void handle(Socket socket) {
    Exchange exchange;
    try {
      InputStream in = socket.getInputStream();
      String head = readHead(in);
      int length = contentLength(head);
      String body = new String(in.readNBytes(length), StandardCharsets.UTF_8);
      exchange = new Exchange(socket, head, body);
      exchanges.add(exchange);
      watch(in, exchange);
    } catch (IOException e) {
      return;
    }
    try {
      script.run(exchange);
    } catch (IOException e) {
      exchange.noticeClosed(); // a write failed: the client closed the connection
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (Exception | Error e) {
      scriptFailures.add(e);
    }
  }

  /** Reads the connection until the client closes it; this server expects no second request. */
  private static void watch(InputStream in, Exchange exchange) {
    Thread watcher =
        new Thread(
            () -> {
              try {
                while (in.read() >= 0) {
                  // discard
                }
              } catch (IOException e) {
                // reset by the client: closed too
              }
              exchange.noticeClosed();
            },
            "scripted-server-watcher");
    watcher.setDaemon(true);
    watcher.start();
  }

  private static String readHead(InputStream in) throws IOException {
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    int matched = 0;
    byte[] end = {'\r', '\n', '\r', '\n'};
    while (matched < end.length) {
      int b = in.read();
      if (b < 0) {
        throw new IOException("the client closed the connection before the end of the headers");
      }
      head.write(b);
      matched = b == end[matched] ? matched + 1 : (b == end[0] ? 1 : 0);
    }
    return head.toString(StandardCharsets.UTF_8);
  }

  private static int contentLength(String head) {
    for (String line : head.split("\r\n")) {
      int colon = line.indexOf(':');
      if (colon > 0
          && line.substring(0, colon).strip().toLowerCase(Locale.ROOT).equals("content-length")) {
        return Integer.parseInt(line.substring(colon + 1).strip());
      }
    }
    return 0;
  }
}
