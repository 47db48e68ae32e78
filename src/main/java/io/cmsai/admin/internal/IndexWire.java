package io.cmsai.admin.internal;

import io.cmsai.indexing.IndexRun;
import io.cmsai.indexing.IndexStatus;
import java.time.Instant;

/**
 * The index page's JSON shapes: the indexing records as they are (written by {@link
 * io.cmsai.web.JsonBinding}) beside the figures the page derives from a run.
 */
public final class IndexWire {

  private IndexWire() {}

  /**
   * The figures derived from a run at one moment.
   *
   * @param percent items done of the total, -1 when the total is unknown
   * @param rate items per second, to one decimal
   * @param etaSeconds estimated seconds left, -1 when unknown
   */
  public record Progress(int percent, double rate, long etaSeconds) {

    public static Progress of(IndexRun run, Instant now) {
      int percent =
          run.itemsTotal() > 0
              ? (int) Math.min(100, run.itemsDone() * 100 / run.itemsTotal())
              : run.state() == IndexRun.State.COMPLETED ? 100 : -1;
      return new Progress(
          percent,
          Math.round(run.rate(now) * 10) / 10.0,
          run.remaining(now).map(d -> d.toSeconds()).orElse(-1L));
    }
  }

  /** A run with its figures (the answer of rebuild and cancel, and each progress event). */
  public record Run(IndexRun run, Progress progress) {

    public static Run of(IndexRun run, Instant now) {
      return new Run(run, Progress.of(run, now));
    }
  }

  /**
   * The index page's status.
   *
   * @param index the index's state; {@code index.lastRun} is left out before the first run
   * @param progress the figures of {@code index.lastRun}, left out when there is none
   * @param queueError the incremental queue's last failure, {@code ""} after a success
   */
  public record Status(IndexStatus index, Progress progress, String queueError) {

    public static Status of(IndexStatus status, String queueError, Instant now) {
      return new Status(
          status, status.lastRun().map(r -> Progress.of(r, now)).orElse(null), queueError);
    }
  }
}
