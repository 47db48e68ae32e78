package io.cmsai.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * HTTP/1.1 over a plain socket bound to a chosen local address, so that a test can send requests
 * from several source addresses (Linux routes all of 127.0.0.0/8 to the loopback interface). One
 * request per connection ({@code Connection: close}); a chunked body is joined.
 */
public final class RawHttp {

  /**
   * A response.
   *
   * @param status the status code
   * @param headers the header lines as {@code name: value}
   * @param body the body
   */
  public record Response(int status, List<String> headers, String body) {

    /** The first value of header {@code name} (case-insensitive). */
    public Optional<String> header(String name) {
      return all(name).stream().findFirst();
    }

    /** Every value of header {@code name} (case-insensitive). */
    public List<String> all(String name) {
      String prefix = name.toLowerCase(Locale.ROOT) + ":";
      return headers.stream()
          .filter(h -> h.toLowerCase(Locale.ROOT).startsWith(prefix))
          .map(h -> h.substring(prefix.length()).strip())
          .toList();
    }
  }

  private RawHttp() {}

  /**
   * Sends {@code method path} with {@code headers} (each {@code name: value}) and {@code body} (may
   * be empty) from {@code from} to {@code 127.0.0.1:port}.
   */
  public static Response send(
      String from, int port, String method, String path, List<String> headers, String body)
      throws IOException {
    try (Socket socket = new Socket()) {
      socket.bind(new InetSocketAddress(InetAddress.getByName(from), 0));
      socket.connect(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), port), 5_000);
      socket.setSoTimeout(60_000);
      byte[] content = body.getBytes(StandardCharsets.UTF_8);
      StringBuilder request = new StringBuilder();
      request.append(method).append(' ').append(path).append(" HTTP/1.1\r\n");
      request.append("Host: 127.0.0.1:").append(port).append("\r\n");
      request.append("Connection: close\r\n");
      for (String header : headers) {
        request.append(header).append("\r\n");
      }
      if (content.length > 0 || !method.equals("GET")) {
        request.append("Content-Length: ").append(content.length).append("\r\n");
      }
      request.append("\r\n");
      OutputStream out = socket.getOutputStream();
      out.write(request.toString().getBytes(StandardCharsets.UTF_8));
      out.write(content);
      out.flush();
      InputStream in = socket.getInputStream();
      return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    }
  }

  private static Response parse(String raw) {
    int end = raw.indexOf("\r\n\r\n");
    String head = end < 0 ? raw : raw.substring(0, end);
    String body = end < 0 ? "" : raw.substring(end + 4);
    String[] lines = head.split("\r\n");
    int status = Integer.parseInt(lines[0].split(" ")[1]);
    List<String> headers = new ArrayList<>(List.of(lines).subList(1, lines.length));
    Response response = new Response(status, headers, body);
    if (response.header("Transfer-Encoding").orElse("").equalsIgnoreCase("chunked")) {
      return new Response(status, headers, dechunk(body));
    }
    return response;
  }

  private static String dechunk(String chunked) {
    StringBuilder out = new StringBuilder();
    int at = 0;
    while (at < chunked.length()) {
      int lineEnd = chunked.indexOf("\r\n", at);
      int size = Integer.parseInt(chunked.substring(at, lineEnd).split(";")[0].strip(), 16);
      if (size == 0) {
        break;
      }
      // sizes count bytes; the test bodies are ASCII
      out.append(chunked, lineEnd + 2, lineEnd + 2 + size);
      at = lineEnd + 2 + size + 2;
    }
    return out.toString();
  }
}
