package io.cmsai.bench.facade.contenders;

import io.cmsai.bench.facade.data.StreamCheck;
import io.cmsai.bench.facade.data.StreamResult;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;

/**
 * A keep-alive HTTP/1.1 connection that sends chat requests and checks the event stream. Not
 * thread-safe: one client thread uses it at a time.
 */
final class Connection {
  private static final String BODY =
      "{\"model\":\"fake\",\"messages\":[{\"role\":\"user\",\"content\":\"Say something.\"}],"
          + "\"stream\":true,\"stream_options\":{\"include_usage\":true}}";
  private final Target target;
  private final byte[] request;
  private Socket socket;
  private InputStream in;
  private OutputStream out;

  Connection(Target target) {
    this.target = target;
    byte[] json = BODY.getBytes(StandardCharsets.UTF_8);
    String head =
        "POST "
            + target.path()
            + " HTTP/1.1\r\nHost: "
            + target.host()
            + ":"
            + target.port()
            + "\r\nContent-Type: application/json\r\nAccept: text/event-stream\r\n"
            + "Content-Length: "
            + json.length
            + "\r\n\r\n";
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
   * meanwhile, e.g. after its keep-alive timeout, is reopened once; a new connection that gets no
   * response is a failure.
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
    String status = send();
    Map<String, String> headers = HttpLines.readHeaders(in);
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
    if ("close".equalsIgnoreCase(headers.get("connection"))
        || !(body instanceof ChunkedIn || headers.containsKey("content-length"))) {
      close();
    }
    return ok ? check.result() : StreamResult.failed(status + " " + errorBody);
  }

  /** Writes the request and reads the status line; a connection the server had closed is stale. */
  private String send() throws StaleConnection {
    String status;
    try {
      out.write(request);
      out.flush();
      status = HttpLines.readLine(in);
    } catch (IOException e) {
      status = null; // e.g. reset: the server had closed this keep-alive connection
    }
    if (status == null) {
      throw new StaleConnection();
    }
    return status;
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

  /** The server had closed the connection before this request. */
  static final class StaleConnection extends IOException {
    private static final long serialVersionUID = 1L;
  }
}
