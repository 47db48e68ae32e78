package io.cmsai.bench.facade.contenders;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;

/**
 * The decoded body of a chunked response; leaves the connection at the next response. Trailers are
 * read and ignored. Not thread-safe.
 */
final class ChunkedIn extends InputStream {
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
      HttpLines.readLine(in);
      needCrlf = false;
    }
    String size = HttpLines.readLine(in);
    if (size == null) {
      throw new EOFException("connection closed before a chunk size");
    }
    int semi = size.indexOf(';');
    remaining = Long.parseLong((semi < 0 ? size : size.substring(0, semi)).trim(), 16);
    if (remaining == 0) {
      skipTrailers();
      eof = true;
    }
  }

  private void skipTrailers() throws IOException {
    for (String trailer; (trailer = HttpLines.readLine(in)) != null && !trailer.isEmpty(); ) {
      // trailers are ignored
    }
  }
}
