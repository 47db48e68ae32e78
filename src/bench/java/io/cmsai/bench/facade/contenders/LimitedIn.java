package io.cmsai.bench.facade.contenders;

import java.io.IOException;
import java.io.InputStream;

/** The first n bytes of a stream (a body with a Content-Length). Not thread-safe. */
final class LimitedIn extends InputStream {
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
