package io.cmsai.admin.internal;

import io.cmsai.indexing.IndexRun;
import io.cmsai.indexing.IndexStatus;
import java.time.Instant;
import java.util.List;

/** The index page's JSON shapes (serialized by JSON-B). */
public final class IndexWire {

  private IndexWire() {}

  /**
   * A run with derived figures.
   *
   * @param percent items done of the total, -1 when the total is unknown
   * @param rate items per second
   * @param etaSeconds estimated seconds left, -1 when unknown
   */
  public record Run(
      long id,
      String state,
      long itemsTotal,
      long itemsDone,
      long itemsUnchanged,
      long itemsSkipped,
      long chunksWritten,
      long itemsRemoved,
      String message,
      String startedAt,
      String updatedAt,
      String endedAt,
      int percent,
      double rate,
      long etaSeconds) {

    public static Run of(IndexRun run, Instant now) {
      int percent =
          run.itemsTotal() > 0
              ? (int) Math.min(100, run.itemsDone() * 100 / run.itemsTotal())
              : run.state() == IndexRun.State.COMPLETED ? 100 : -1;
      return new Run(
          run.id(),
          run.state().name().toLowerCase(java.util.Locale.ROOT),
          run.itemsTotal(),
          run.itemsDone(),
          run.itemsUnchanged(),
          run.itemsSkipped(),
          run.chunksWritten(),
          run.itemsRemoved(),
          run.message(),
          run.startedAt().toString(),
          run.updatedAt().toString(),
          run.endedAt().map(Instant::toString).orElse(""),
          percent,
          Math.round(run.rate(now) * 10) / 10.0,
          run.remaining(now).map(d -> d.toSeconds()).orElse(-1L));
    }
  }

  /** The index page's status. */
  public record Status(
      long items,
      long chunks,
      long pendingChunks,
      long storeCount,
      String store,
      String model,
      String freshness,
      String detail,
      long queued,
      String queueError,
      List<String> sources,
      Run lastRun) {

    public static Status of(IndexStatus s, String queueError, Instant now) {
      return new Status(
          s.items(),
          s.chunks(),
          s.pendingChunks(),
          s.storeCount(),
          s.store(),
          s.model(),
          s.freshness().label(),
          s.detail(),
          s.queued(),
          queueError,
          s.sources(),
          s.lastRun().map(r -> Run.of(r, now)).orElse(null));
    }
  }
}
