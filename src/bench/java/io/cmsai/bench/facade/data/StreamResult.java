package io.cmsai.bench.facade.data;

/**
 * One stream: time to first content token, the part of it until the upstream had the request (-1
 * when unknown), content tokens, and what was wrong if anything (null when the stream passed).
 */
public record StreamResult(long ttftNanos, long requestLegNanos, int tokens, String error) {

  public static StreamResult failed(String error) {
    return new StreamResult(0, -1, 0, error);
  }

  public boolean ok() {
    return error == null;
  }
}
