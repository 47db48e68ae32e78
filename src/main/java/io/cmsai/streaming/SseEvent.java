package io.cmsai.streaming;

/**
 * One dispatched server-sent event.
 *
 * @param type the {@code event:} field, {@code "message"} when absent
 * @param data the {@code data:} lines joined with {@code \n}
 * @param lastEventId the last {@code id:} seen in the stream so far ({@code ""} if none)
 */
public record SseEvent(String type, String data, String lastEventId) {

  /** The default event type. */
  public static final String MESSAGE = "message";
}
