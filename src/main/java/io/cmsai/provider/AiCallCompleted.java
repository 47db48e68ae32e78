package io.cmsai.provider;

import java.util.Objects;
import java.util.Optional;

/**
 * CDI event fired after every chat, streaming chat and embeddings call that was not vetoed, whether
 * it succeeded, failed or was cancelled. For streams it fires when the stream ends (on an HTTP
 * client thread), so usage and logs are never lost.
 *
 * @param operation the kind of call
 * @param model the model used
 * @param usage the token counts when known
 * @param metrics latency, time to first token and attempts (for a failed call: its latency, with
 *     time to first token 0 and attempts 0, not known)
 * @param failure the error, when the call failed
 */
public record AiCallCompleted(
    Operation operation,
    String model,
    Optional<Usage> usage,
    CallMetrics metrics,
    Optional<AiProviderException> failure) {

  public AiCallCompleted {
    Objects.requireNonNull(operation, "operation");
    Objects.requireNonNull(usage, "usage");
    Objects.requireNonNull(metrics, "metrics");
    Objects.requireNonNull(failure, "failure");
  }

  public boolean succeeded() {
    return failure.isEmpty();
  }
}
