package io.cmsai.provider;

import java.util.Optional;

/**
 * CDI event fired synchronously before each chat, streaming chat and embeddings call, on the
 * caller's thread. An observer may {@linkplain #veto veto} the call, which then fails with {@link
 * CallVetoedException} before anything is sent.
 *
 * <p>Not thread-safe; observers run one after another.
 */
public final class AiCallStarting {

  private final Operation operation;
  private final String model;
  private final Object request;
  private String vetoReason;

  public AiCallStarting(Operation operation, String model, Object request) {
    this.operation = operation;
    this.model = model;
    this.request = request;
  }

  public Operation operation() {
    return operation;
  }

  /** The model the call will use (the default already applied). */
  public String model() {
    return model;
  }

  /** The {@link ChatRequest} or {@link EmbeddingRequest}. */
  public Object request() {
    return request;
  }

  /** Stops the call; the reason is shown to the caller. */
  public void veto(String reason) {
    this.vetoReason = reason == null || reason.isBlank() ? "no reason given" : reason;
  }

  public Optional<String> vetoReason() {
    return Optional.ofNullable(vetoReason);
  }
}
