package io.cmsai.indexing.internal;

/**
 * One chunk of an item, as {@link Chunker} cut it.
 *
 * @param index its position among the item's chunks, from 0
 * @param text what is embedded: the prefix (title, context lines), a blank line, then {@code body}
 * @param body the chunk's own text, overlap included (for snippets and keyword search); empty for
 *     the prefix-only chunk of an item without text
 * @param tokens the token count of {@code text}, at most the policy's {@code maxTokens}
 */
public record TextChunk(int index, String text, String body, int tokens) {}
