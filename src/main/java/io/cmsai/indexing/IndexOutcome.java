package io.cmsai.indexing;

import java.util.List;

/**
 * What one indexing batch did.
 *
 * @param items items written (new or changed)
 * @param unchanged items skipped because nothing changed since they were indexed
 * @param removed items removed (deleted or unpublished)
 * @param chunksWritten vectors written to the store
 * @param chunksDeleted vectors deleted from the store
 * @param problems items that could not be indexed, each with its reason (the batch went on)
 */
public record IndexOutcome(
    int items,
    int unchanged,
    int removed,
    int chunksWritten,
    int chunksDeleted,
    List<String> problems) {

  /** Nothing done. */
  public static final IndexOutcome NONE = new IndexOutcome(0, 0, 0, 0, 0, List.of());

  public IndexOutcome {
    problems = List.copyOf(problems);
  }
}
