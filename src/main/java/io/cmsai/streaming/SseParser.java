package io.cmsai.streaming;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Incremental server-sent events parser following the WHATWG HTML rules (section 9.2.6).
 *
 * <p>Bytes are buffered and split into lines on bytes, and only whole lines are decoded as UTF-8,
 * so a multi-byte character split across reads is never corrupted. Lines end with CRLF, LF or a
 * lone CR (also when the CR is the last byte of one read and the LF the first of the next). One
 * leading byte-order mark is dropped. An event without its terminating blank line at the end of the
 * stream is discarded, and {@link #finish()} reports it.
 *
 * <p>Not thread-safe: feed it from one thread (or with external ordering). The listener is called
 * synchronously from {@link #feed}. Lines longer than the configured limit fail fast with {@link
 * SseProtocolException} instead of exhausting memory.
 */
public final class SseParser {

  /** Default maximum line length: 16 MiB. */
  public static final int DEFAULT_MAX_LINE_BYTES = 16 * 1024 * 1024;

  private static final byte CR = '\r';
  private static final byte LF = '\n';
  private static final byte[] BOM = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};

  private final SseListener listener;
  private final int maxLineBytes;
  private byte[] line = new byte[256];
  private int lineLength;
  private boolean skipNextLf;
  private int bomState; // bytes of the leading BOM matched so far; -1 once past the start
  private final StringBuilder data = new StringBuilder();
  private boolean hasData;
  private String eventType = "";
  private String lastEventId = "";

  public SseParser(SseListener listener) {
    this(listener, DEFAULT_MAX_LINE_BYTES);
  }

  public SseParser(SseListener listener, int maxLineBytes) {
    this.listener = listener;
    this.maxLineBytes = maxLineBytes;
  }

  /** Parses {@code length} bytes of {@code buffer} from {@code offset}. */
  public void feed(byte[] buffer, int offset, int length) {
    int end = offset + length;
    for (int i = offset; i < end; i++) {
      byte b = buffer[i];
      if (bomState >= 0 && matchBom(b)) {
        continue;
      }
      if (skipNextLf) {
        skipNextLf = false;
        if (b == LF) {
          continue;
        }
      }
      if (b == CR) {
        skipNextLf = true;
        endLine();
      } else if (b == LF) {
        endLine();
      } else {
        append(b);
      }
    }
  }

  /** Parses all of {@code buffer}. */
  public void feed(byte[] buffer) {
    feed(buffer, 0, buffer.length);
  }

  /**
   * Ends the stream. Returns {@code true} when an incomplete event (or line) was pending and has
   * been discarded, i.e. the stream was cut in the middle of an event.
   */
  public boolean finish() {
    boolean truncated = lineLength > 0 || hasData;
    lineLength = 0;
    resetEvent();
    return truncated;
  }

  private boolean matchBom(byte b) {
    if (b == BOM[bomState]) {
      bomState++;
      if (bomState == BOM.length) {
        bomState = -1;
      }
      return true;
    }
    // Not a BOM after all: replay the bytes matched so far as content.
    int matched = bomState;
    bomState = -1;
    for (int i = 0; i < matched; i++) {
      append(BOM[i]);
    }
    return false;
  }

  private void append(byte b) {
    if (lineLength == line.length) {
      if (lineLength >= maxLineBytes) {
        throw new SseProtocolException(
            "server-sent event line longer than " + maxLineBytes + " bytes");
      }
      line = Arrays.copyOf(line, Math.min(maxLineBytes, line.length * 2));
    }
    line[lineLength++] = b;
  }

  private void endLine() {
    if (bomState > 0) {
      matchBom((byte) 0); // a partial BOM before the first line end is content
    }
    bomState = -1;
    String text = new String(line, 0, lineLength, StandardCharsets.UTF_8);
    lineLength = 0;
    processLine(text);
  }

  private void processLine(String text) {
    if (text.isEmpty()) {
      dispatch();
      return;
    }
    if (text.charAt(0) == ':') {
      listener.onComment(text.substring(1).stripLeading());
      return;
    }
    int colon = text.indexOf(':');
    String field = colon < 0 ? text : text.substring(0, colon);
    String value = colon < 0 ? "" : text.substring(colon + 1);
    if (value.startsWith(" ")) {
      value = value.substring(1);
    }
    processField(field, value);
  }

  private void processField(String field, String value) {
    switch (field) {
      case "event" -> eventType = value;
      case "data" -> {
        data.append(value).append('\n');
        hasData = true;
      }
      case "id" -> {
        if (value.indexOf('\0') < 0) {
          lastEventId = value;
        }
      }
      case "retry" -> {
        if (!value.isEmpty() && value.chars().allMatch(c -> c >= '0' && c <= '9')) {
          listener.onRetry(parseRetry(value));
        }
      }
      default -> listener.onUnknownField(field, value);
    }
  }

  private static long parseRetry(String digits) {
    return digits.length() > 18 ? Long.MAX_VALUE : Long.parseLong(digits);
  }

  private void dispatch() {
    if (!hasData) {
      resetEvent();
      return;
    }
    data.setLength(data.length() - 1); // the final LF
    SseEvent event =
        new SseEvent(
            eventType.isEmpty() ? SseEvent.MESSAGE : eventType, data.toString(), lastEventId);
    resetEvent();
    listener.onEvent(event);
  }

  private void resetEvent() {
    data.setLength(0);
    hasData = false;
    eventType = "";
  }
}
