package io.cmsai.indexing;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * A full re-index run, as recorded in the module database (it survives restarts).
 *
 * @param id the run id
 * @param state its state
 * @param executionId the Jakarta Batch execution running it (the latest one when resumed)
 * @param fingerprint the embedding fingerprint the run indexes for, in words
 * @param itemsTotal items the sources announced (-1 when a source could not say)
 * @param itemsDone items processed (written, unchanged, removed or failed)
 * @param itemsUnchanged items found indexed as they are, and so not embedded again
 * @param itemsSkipped items that could not be indexed
 * @param chunksWritten vectors written (embedded)
 * @param itemsRemoved items removed: unpublished, or deleted from their source (orphans)
 * @param message the last problem or note, {@code ""} when none
 * @param startedAt when it started
 * @param updatedAt the last progress
 * @param endedAt when it ended, empty while running
 */
public record IndexRun(
    long id,
    State state,
    long executionId,
    String fingerprint,
    long itemsTotal,
    long itemsDone,
    long itemsUnchanged,
    long itemsSkipped,
    long chunksWritten,
    long itemsRemoved,
    String message,
    Instant startedAt,
    Instant updatedAt,
    Optional<Instant> endedAt) {

  /** Run states. */
  public enum State {
    /** Running, or interrupted by a crash and waiting to be resumed. */
    RUNNING,
    /** Asked to stop; stops at the end of the current batch. */
    STOPPING,
    /** Stopped by an administrator. */
    STOPPED,
    /** Failed; its message says why. Starting a rebuild resumes nothing: it starts afresh. */
    FAILED,
    /** Finished: the index holds exactly the sources' published content. */
    COMPLETED;

    /** Whether the run is over. */
    public boolean ended() {
      return this == STOPPED || this == FAILED || this == COMPLETED;
    }
  }

  /** Items per second since the start (0 before the first item). */
  public double rate(Instant now) {
    Instant end = endedAt.orElse(now);
    double seconds = Math.max(0.001, Duration.between(startedAt, end).toMillis() / 1000.0);
    return itemsDone / seconds;
  }

  /** Estimated time left, when the total is known and progress has been made. */
  public Optional<Duration> remaining(Instant now) {
    double rate = rate(now);
    if (state.ended() || itemsTotal < 0 || itemsDone == 0 || rate <= 0) {
      return Optional.empty();
    }
    long left = Math.max(0, itemsTotal - itemsDone);
    return Optional.of(Duration.ofMillis((long) (left / rate * 1000)));
  }
}
