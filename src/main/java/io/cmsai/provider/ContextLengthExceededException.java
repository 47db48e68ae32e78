package io.cmsai.provider;

import java.util.OptionalInt;

/**
 * The prompt (plus the requested completion) does not fit the model's context window. Carries the
 * numbers when the server reports them (llama.cpp {@code n_prompt_tokens}/{@code n_ctx}, vLLM's
 * message).
 */
public class ContextLengthExceededException extends InvalidRequestException {

  private static final long serialVersionUID = 1L;

  private final int promptTokens;
  private final int contextLength;

  public ContextLengthExceededException(
      String message,
      int statusCode,
      String errorType,
      String param,
      int promptTokens,
      int contextLength) {
    super(message, statusCode, errorType, param);
    this.promptTokens = promptTokens;
    this.contextLength = contextLength;
  }

  /** Tokens in the rejected request, when known. */
  public OptionalInt promptTokens() {
    return promptTokens > 0 ? OptionalInt.of(promptTokens) : OptionalInt.empty();
  }

  /** The model's context length, when known. */
  public OptionalInt contextLength() {
    return contextLength > 0 ? OptionalInt.of(contextLength) : OptionalInt.empty();
  }
}
