package io.cmsai.provider;

import java.util.List;

/**
 * A finished chat completion.
 *
 * @param id the server's completion id (may be empty)
 * @param model the model that answered
 * @param choices the answers, in index order (one unless {@code n > 1} was asked)
 * @param usage token counts, reported by the server or {@linkplain Usage#estimated() estimated}
 * @param metrics latency, time to first token and attempts
 */
public record ChatResponse(
    String id, String model, List<ChatChoice> choices, Usage usage, CallMetrics metrics) {

  public ChatResponse {
    choices = List.copyOf(choices);
  }

  /** The text of the first choice ({@code ""} when there is none). */
  public String text() {
    return choices.isEmpty() ? "" : choices.get(0).content();
  }

  /** Why the first choice ended ({@code ""} when unknown). */
  public String finishReason() {
    return choices.isEmpty() ? "" : choices.get(0).finishReason();
  }
}
