package io.cmsai.indexing.internal;

import io.cmsai.indexing.IndexOutcome;
import io.cmsai.indexing.IndexRun;
import io.cmsai.indexing.IndexRun.State;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Optional;

/** SQL over {@code ai_index_run}. Every method works on the caller's connection. */
public final class Runs {

  private static final String COLUMNS =
      "run_id, state, execution_id, fingerprint, items_total, items_done, items_skipped,"
          + " chunks_written, items_removed, message, started_at, updated_at, ended_at,"
          + " cursor_source, cursor_item";

  /** A run with its resume position. */
  public record Row(IndexRun run, String cursorSource, String cursorItem) {}

  private Runs() {}

  /** Starts a run; its id. */
  public static long start(Connection c, String fingerprint, long itemsTotal, Instant now)
      throws SQLException {
    try (PreparedStatement p =
        c.prepareStatement(
            "INSERT INTO ai_index_run (state, execution_id, fingerprint, items_total, items_done,"
                + " items_skipped, chunks_written, items_removed, message,"
                + " started_at, updated_at) VALUES (?, 0, ?, ?, 0, 0, 0, 0, '', ?, ?)",
            Statement.RETURN_GENERATED_KEYS)) {
      p.setString(1, State.RUNNING.name());
      p.setString(2, cut(fingerprint, 500));
      p.setLong(3, itemsTotal);
      p.setTimestamp(4, Timestamp.from(now));
      p.setTimestamp(5, Timestamp.from(now));
      p.executeUpdate();
      try (ResultSet keys = p.getGeneratedKeys()) {
        keys.next();
        return keys.getLong(1);
      }
    }
  }

  /** The run {@code id}. */
  public static Optional<Row> find(Connection c, long id) throws SQLException {
    return one(c, "SELECT " + COLUMNS + " FROM ai_index_run WHERE run_id = ?", id);
  }

  /** The latest run. */
  public static Optional<Row> latest(Connection c) throws SQLException {
    return one(
        c, "SELECT " + COLUMNS + " FROM ai_index_run ORDER BY run_id DESC LIMIT 1", Long.MIN_VALUE);
  }

  /** Records the batch execution running the run. */
  public static void execution(Connection c, long runId, long executionId, Instant now)
      throws SQLException {
    update(
        c,
        "UPDATE ai_index_run SET execution_id = ?, updated_at = ? WHERE run_id = ?",
        p -> {
          p.setLong(1, executionId);
          p.setTimestamp(2, Timestamp.from(now));
          p.setLong(3, runId);
        });
  }

  /**
   * Adds a batch's outcome and moves the resume position past it.
   *
   * @param seen items the batch read (unpublished items never indexed count too, so that progress
   *     reaches the source's count)
   */
  public static void progress(
      Connection c,
      long runId,
      int seen,
      IndexOutcome outcome,
      String cursorSource,
      String cursorItem,
      Instant now)
      throws SQLException {
    String message =
        outcome.problems().isEmpty()
            ? null
            : outcome.problems().size() + " item(s) skipped, e.g. " + outcome.problems().get(0);
    update(
        c,
        "UPDATE ai_index_run SET items_done = items_done + ?, items_skipped = items_skipped + ?,"
            + " chunks_written = chunks_written + ?, items_removed = items_removed + ?,"
            + " cursor_source = ?, cursor_item = ?, message = COALESCE(?, message),"
            + " updated_at = ? WHERE run_id = ?",
        p -> {
          p.setLong(1, seen);
          p.setLong(2, outcome.problems().size());
          p.setLong(3, outcome.chunksWritten());
          p.setLong(4, outcome.removed());
          p.setString(5, cursorSource);
          p.setString(6, cursorItem);
          p.setString(7, message == null ? null : cut(message, 4000));
          p.setTimestamp(8, Timestamp.from(now));
          p.setLong(9, runId);
        });
  }

  /** Adds removed orphans. */
  public static void removed(Connection c, long runId, long items, Instant now)
      throws SQLException {
    update(
        c,
        "UPDATE ai_index_run SET items_removed = items_removed + ?, updated_at = ?"
            + " WHERE run_id = ?",
        p -> {
          p.setLong(1, items);
          p.setTimestamp(2, Timestamp.from(now));
          p.setLong(3, runId);
        });
  }

  /** Moves the run to {@code state}; ended states record the end time. */
  public static void state(Connection c, long runId, State state, String message, Instant now)
      throws SQLException {
    update(
        c,
        "UPDATE ai_index_run SET state = ?, message = COALESCE(?, message), updated_at = ?,"
            + " ended_at = ? WHERE run_id = ?",
        p -> {
          p.setString(1, state.name());
          p.setString(2, message == null ? null : cut(message, 4000));
          p.setTimestamp(3, Timestamp.from(now));
          p.setTimestamp(4, state.ended() ? Timestamp.from(now) : null);
          p.setLong(5, runId);
        });
  }

  private interface Binder {
    void bind(PreparedStatement p) throws SQLException;
  }

  private static void update(Connection c, String sql, Binder binder) throws SQLException {
    try (PreparedStatement p = c.prepareStatement(sql)) {
      binder.bind(p);
      p.executeUpdate();
    }
  }

  private static Optional<Row> one(Connection c, String sql, long id) throws SQLException {
    try (PreparedStatement p = c.prepareStatement(sql)) {
      if (id != Long.MIN_VALUE) {
        p.setLong(1, id);
      }
      try (ResultSet rs = p.executeQuery()) {
        if (!rs.next()) {
          return Optional.empty();
        }
        Timestamp ended = rs.getTimestamp(13);
        IndexRun run =
            new IndexRun(
                rs.getLong(1),
                State.valueOf(rs.getString(2)),
                rs.getLong(3),
                rs.getString(4),
                rs.getLong(5),
                rs.getLong(6),
                rs.getLong(7),
                rs.getLong(8),
                rs.getLong(9),
                rs.getString(10),
                rs.getTimestamp(11).toInstant(),
                rs.getTimestamp(12).toInstant(),
                Optional.ofNullable(ended).map(Timestamp::toInstant));
        return Optional.of(new Row(run, rs.getString(14), rs.getString(15)));
      }
    }
  }

  private static String cut(String text, int max) {
    return text.length() <= max ? text : text.substring(0, max - 1) + "…";
  }
}
