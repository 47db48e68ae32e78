package io.cmsai.bench.facade.data;

/**
 * Checks one event stream line by line and times its first content token. A stream passes with
 * exactly the expected content chunks of {@link Workload#TOKEN_TEXT}, one usage-only chunk naming
 * that many completion tokens, no error event and {@code data: [DONE]} last. One instance per
 * stream, used by one thread.
 */
public final class StreamCheck {
  private static final String CONTENT = "\"content\":\"";
  private static final String ID = "\"id\":\"chatcmpl-";
  private final long sentNanos;
  private final int expectedTokens;
  private long ttft = -1;
  private long requestLeg = -1;
  private int tokens;
  private int usageChunks;
  private boolean done;
  private String problem;

  /** {@code sentNanos}: System.nanoTime() when the request was written. */
  public StreamCheck(long sentNanos, int expectedTokens) {
    this.sentNanos = sentNanos;
    this.expectedTokens = expectedTokens;
  }

  /** One line of the body, without its line end. */
  public void line(String line) {
    if (!line.startsWith("data:")) {
      return; // blank separators and ": keep-alive" comments
    }
    String data = line.substring(5).strip();
    if (done) {
      problem("data after [DONE]: " + data);
    } else if (data.equals("[DONE]")) {
      done = true;
    } else if (data.contains("\"error\"")) {
      problem("error event: " + data);
    } else if (data.contains("\"choices\":[]")) {
      usageChunks += data.contains("\"completion_tokens\":" + expectedTokens) ? 1 : 0;
    } else {
      content(data);
    }
  }

  private void content(String data) {
    int at = data.indexOf(CONTENT);
    if (at < 0) {
      return; // e.g. the finish chunk
    }
    int start = at + CONTENT.length();
    int end = data.indexOf('"', start);
    if (end == start) {
      return; // the role chunk's empty content
    }
    if (ttft < 0) {
      ttft = System.nanoTime() - sentNanos;
      requestLeg = upstreamArrival(data) - sentNanos;
    }
    tokens++;
    if (!data.substring(start, end).equals(Workload.TOKEN_TEXT)) {
      problem("unexpected content: " + data);
    }
  }

  /** The upstream's System.nanoTime() at the request's arrival, from the completion id. */
  private long upstreamArrival(String data) {
    int at = data.indexOf(ID);
    if (at < 0) {
      return sentNanos - 1; // not the fake upstream: leg unknown (negative)
    }
    int start = at + ID.length();
    int end = start;
    while (end < data.length() && Character.isDigit(data.charAt(end))) {
      end++;
    }
    return Long.parseLong(data.substring(start, end));
  }

  private void problem(String what) {
    if (problem == null) {
      problem = what.length() > 200 ? what.substring(0, 200) : what;
    }
  }

  /** The verdict once the body has ended. */
  public StreamResult result() {
    if (problem == null && !done) {
      problem = "no data: [DONE]";
    }
    if (problem == null && tokens != expectedTokens) {
      problem = tokens + " content tokens instead of " + expectedTokens;
    }
    if (problem == null && usageChunks != 1) {
      problem =
          usageChunks
              + " usage chunks (with completion_tokens "
              + expectedTokens
              + ") instead of 1";
    }
    return new StreamResult(ttft, requestLeg, tokens, problem);
  }
}
