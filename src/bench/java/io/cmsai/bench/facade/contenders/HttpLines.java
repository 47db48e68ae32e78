package io.cmsai.bench.facade.contenders;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/** The line-based parts of HTTP/1.1: status, header and chunk-size lines. */
final class HttpLines {
  private HttpLines() {}

  /**
   * A CRLF- or LF-terminated ASCII line, or null at end of stream before any byte.
   *
   * @throws EOFException when the stream ends inside a line
   */
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

  /** The header lines up to the blank line, names in lower case. */
  static Map<String, String> readHeaders(InputStream in) throws IOException {
    Map<String, String> headers = new LinkedHashMap<>();
    for (String line; (line = readLine(in)) != null && !line.isEmpty(); ) {
      int colon = line.indexOf(':');
      if (colon > 0) {
        headers.put(
            line.substring(0, colon).trim().toLowerCase(Locale.ROOT),
            line.substring(colon + 1).trim());
      }
    }
    return headers;
  }
}
