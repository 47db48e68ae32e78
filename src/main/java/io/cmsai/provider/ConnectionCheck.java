package io.cmsai.provider;

import java.time.Duration;
import java.util.List;

/**
 * The outcome of a connection test: each step with its latency and result.
 *
 * @param steps health, models, chat and embedding, in the order they ran
 * @param models the models the server listed (empty when the list could not be read)
 */
public record ConnectionCheck(List<Step> steps, List<ModelInfo> models) {

  public ConnectionCheck {
    steps = List.copyOf(steps);
    models = List.copyOf(models);
  }

  /** Whether every step that ran succeeded. */
  public boolean ok() {
    return steps.stream().noneMatch(s -> s.status() == Status.FAILED);
  }

  /** A step's outcome. */
  public enum Status {
    OK,
    FAILED,
    /** Not run, because an earlier step it depends on failed. */
    SKIPPED
  }

  /**
   * One step.
   *
   * @param name {@code health}, {@code models}, {@code chat} or {@code embedding}
   * @param status its outcome
   * @param latency how long it took
   * @param result what it found (e.g. the models, the embedding dimension), or {@code ""}
   * @param cause for a failure, the cause in plain language (wrong key, host unreachable, TLS
   *     problem, timeout, model not found...), else {@code ""}
   * @param detail for a failure, the error with the server's own message (no secrets), else {@code
   *     ""}
   */
  public record Step(
      String name, Status status, Duration latency, String result, String cause, String detail) {}
}
