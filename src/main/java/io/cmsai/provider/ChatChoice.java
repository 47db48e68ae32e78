package io.cmsai.provider;

import java.util.List;

/**
 * One generated answer (servers return one unless {@code n > 1} was asked).
 *
 * @param index the choice index
 * @param content the generated text ({@code ""} when the model only called tools)
 * @param reasoning reasoning text of reasoning models ({@code ""} when none)
 * @param toolCalls function calls, in index order
 * @param finishReason {@code stop}, {@code length}, {@code tool_calls}, {@code content_filter}...,
 *     or {@code ""} when the server sent none
 */
public record ChatChoice(
    int index, String content, String reasoning, List<ToolCall> toolCalls, String finishReason) {

  public ChatChoice {
    toolCalls = List.copyOf(toolCalls);
  }
}
