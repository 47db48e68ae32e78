package io.cmsai.bench.facade.contenders;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Reads LF-terminated lines (CR stripped) from a body in blocks, decoding whole lines only, so a
 * multi-byte character split across reads stays intact. Not thread-safe.
 */
final class LineReader {
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
