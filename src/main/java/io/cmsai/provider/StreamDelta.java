package io.cmsai.provider;

/**
 * A piece of a streamed answer, as it arrives.
 *
 * @param choiceIndex which choice it belongs to
 * @param content new answer text ({@code ""} if none in this piece)
 * @param reasoning new reasoning text ({@code ""} if none in this piece)
 */
public record StreamDelta(int choiceIndex, String content, String reasoning) {}
