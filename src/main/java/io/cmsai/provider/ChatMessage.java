package io.cmsai.provider;

import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.util.Objects;

/**
 * One message of a conversation.
 *
 * @param role who wrote it
 * @param content the text; {@code null} only for an assistant message that carries tool calls in
 *     {@code extra}, or when {@code extra} has an array {@code content} (text and image parts)
 * @param extra other wire fields of the message, sent as they are: {@code tool_calls}, {@code
 *     tool_call_id}, {@code name}, or a multi-part {@code content} array
 */
public record ChatMessage(Role role, String content, JsonObject extra) {

  public ChatMessage {
    Objects.requireNonNull(role, "role");
    extra = extra == null ? JsonValue.EMPTY_JSON_OBJECT : extra;
    if (content == null && extra.isEmpty()) {
      throw new IllegalArgumentException("a " + role.wireName() + " message needs content");
    }
  }

  public static ChatMessage system(String content) {
    return new ChatMessage(Role.SYSTEM, content, null);
  }

  public static ChatMessage user(String content) {
    return new ChatMessage(Role.USER, content, null);
  }

  public static ChatMessage assistant(String content) {
    return new ChatMessage(Role.ASSISTANT, content, null);
  }
}
