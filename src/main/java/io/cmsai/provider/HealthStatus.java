package io.cmsai.provider;

import java.time.Duration;
import java.time.Instant;

/**
 * The outcome of a health probe of the inference server.
 *
 * @param state what the probe found
 * @param detail a plain-language explanation (never a secret)
 * @param latency how long the probe took
 * @param checkedAt when it ran
 */
public record HealthStatus(State state, String detail, Duration latency, Instant checkedAt) {

  /** Health states. */
  public enum State {
    /** The server answered its health endpoint with success. */
    UP,
    /** The server is up but still loading its model (llama.cpp 503 "Loading model"). */
    LOADING,
    /** Not reachable or failing. */
    DOWN,
    /** Not probed yet. */
    UNKNOWN
  }

  public boolean isUp() {
    return state == State.UP;
  }
}
