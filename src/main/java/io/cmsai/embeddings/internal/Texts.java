package io.cmsai.embeddings.internal;

import java.util.ArrayList;
import java.util.List;

/** Checks and splits the input of an embedding call. */
public final class Texts {

  private Texts() {}

  /**
   * An immutable copy of {@code texts}.
   *
   * @throws IllegalArgumentException when the list or a text is {@code null}, or a text is blank
   */
  public static List<String> checked(List<String> texts) {
    if (texts == null) {
      throw new IllegalArgumentException("the texts to embed are required");
    }
    for (int i = 0; i < texts.size(); i++) {
      String text = texts.get(i);
      if (text == null || text.isBlank()) {
        throw new IllegalArgumentException(
            "text " + i + " is " + (text == null ? "null" : "blank") + ": nothing to embed");
      }
    }
    return List.copyOf(texts);
  }

  /** {@code texts} in consecutive slices of at most {@code size}. */
  public static List<List<String>> batches(List<String> texts, int size) {
    if (size < 1) {
      throw new IllegalArgumentException("the batch size is at least 1, got " + size);
    }
    List<List<String>> batches = new ArrayList<>();
    for (int from = 0; from < texts.size(); from += size) {
      batches.add(texts.subList(from, Math.min(texts.size(), from + size)));
    }
    return batches;
  }
}
