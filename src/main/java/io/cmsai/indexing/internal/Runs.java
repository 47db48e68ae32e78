package io.cmsai.indexing.internal;

import io.cmsai.indexing.IndexOutcome;
import io.cmsai.indexing.IndexRun;
import io.cmsai.indexing.IndexRun.State;
import io.cmsai.platform.Sql;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Optional;
import org.jdbi.v3.core.statement.StatementContext;

/**
 * SQL over {@code ai_index_run}. Every method works on the caller's connection and transaction
 * (through {@link Sql}); a failed statement throws the driver's {@link SQLException}.
 */
public final class Runs {

  /** A run with its resume position. */
  public record Row(IndexRun run, String cursorSource, String cursorItem) {}

  private static final String COLUMNS =
      "run_id, state, execution_id, fingerprint, items_total, items_done, items_unchanged,"
          + " items_skipped,"
          + " chunks_written, items_removed, message, started_at, updated_at, ended_at,"
          + " cursor_source, cursor_item";
  private static final String START =
      "INSERT INTO ai_index_run (state, execution_id, fingerprint, items_total, items_done,"
          + " items_unchanged, items_skipped, chunks_written, items_removed, message, started_at,"
          + " updated_at) VALUES (:state, 0, :fingerprint, :itemsTotal, 0, 0, 0, 0, 0, '', :now,"
          + " :now)";
  private static final String FIND = "SELECT " + COLUMNS + " FROM ai_index_run WHERE run_id = :id";
  private static final String LATEST =
      "SELECT " + COLUMNS + " FROM ai_index_run ORDER BY run_id DESC LIMIT 1";
  private static final String EXECUTION =
      "UPDATE ai_index_run SET execution_id = :executionId, updated_at = :now WHERE run_id = :id";
  private static final String PROGRESS =
      "UPDATE ai_index_run SET items_done = items_done + :seen,"
          + " items_unchanged = items_unchanged + :unchanged,"
          + " items_skipped = items_skipped + :skipped,"
          + " chunks_written = chunks_written + :chunksWritten,"
          + " items_removed = items_removed + :removed, cursor_source = :cursorSource,"
          + " cursor_item = :cursorItem, message = COALESCE(:message, message), updated_at = :now"
          + " WHERE run_id = :id";
  private static final String REMOVED =
      "UPDATE ai_index_run SET items_removed = items_removed + :removed, updated_at = :now"
          + " WHERE run_id = :id";
  private static final String STATE =
      "UPDATE ai_index_run SET state = :state, message = COALESCE(:message, message),"
          + " updated_at = :now, ended_at = :endedAt WHERE run_id = :id";

  private static final int MAX_FINGERPRINT = 500;
  private static final int MAX_MESSAGE = 4000;

  private Runs() {}

  /** Starts a run; its id. */
  public static long start(Connection c, String fingerprint, long itemsTotal, Instant now)
      throws SQLException {
    return Sql.on(
        c,
        h ->
            h.createUpdate(START)
                .bind("state", State.RUNNING.name())
                .bind("fingerprint", cut(fingerprint, MAX_FINGERPRINT))
                .bind("itemsTotal", itemsTotal)
                .bind("now", Timestamp.from(now))
                .executeAndReturnGeneratedKeys()
                .map((rs, ctx) -> rs.getLong("run_id"))
                .one());
  }

  /** The run {@code id}. */
  public static Optional<Row> find(Connection c, long id) throws SQLException {
    return Sql.on(c, h -> h.createQuery(FIND).bind("id", id).map(Runs::row).findOne());
  }

  /** The latest run. */
  public static Optional<Row> latest(Connection c) throws SQLException {
    return Sql.on(c, h -> h.createQuery(LATEST).map(Runs::row).findOne());
  }

  /** Records the batch execution running the run. */
  public static void execution(Connection c, long runId, long executionId, Instant now)
      throws SQLException {
    Sql.on(
        c,
        h ->
            h.createUpdate(EXECUTION)
                .bind("executionId", executionId)
                .bind("now", Timestamp.from(now))
                .bind("id", runId)
                .execute());
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
            : outcome.problems().size()
                + " item(s) could not be indexed, e.g. "
                + outcome.problems().get(0);
    Sql.on(
        c,
        h ->
            h.createUpdate(PROGRESS)
                .bind("seen", (long) seen)
                .bind("unchanged", (long) outcome.unchanged())
                .bind("skipped", (long) outcome.problems().size())
                .bind("chunksWritten", (long) outcome.chunksWritten())
                .bind("removed", (long) outcome.removed())
                .bind("cursorSource", cursorSource)
                .bind("cursorItem", cursorItem)
                .bind("message", message == null ? null : cut(message, MAX_MESSAGE))
                .bind("now", Timestamp.from(now))
                .bind("id", runId)
                .execute());
  }

  /** Adds removed orphans. */
  public static void removed(Connection c, long runId, long items, Instant now)
      throws SQLException {
    Sql.on(
        c,
        h ->
            h.createUpdate(REMOVED)
                .bind("removed", items)
                .bind("now", Timestamp.from(now))
                .bind("id", runId)
                .execute());
  }

  /** Moves the run to {@code state}; ended states record the end time. */
  public static void state(Connection c, long runId, State state, String message, Instant now)
      throws SQLException {
    Sql.on(
        c,
        h ->
            h.createUpdate(STATE)
                .bind("state", state.name())
                .bind("message", message == null ? null : cut(message, MAX_MESSAGE))
                .bind("now", Timestamp.from(now))
                .bindByType("endedAt", state.ended() ? Timestamp.from(now) : null, Timestamp.class)
                .bind("id", runId)
                .execute());
  }

  private static Row row(ResultSet rs, StatementContext ctx) throws SQLException {
    Timestamp ended = rs.getTimestamp("ended_at");
    IndexRun run =
        new IndexRun(
            rs.getLong("run_id"),
            State.valueOf(rs.getString("state")),
            rs.getLong("execution_id"),
            rs.getString("fingerprint"),
            rs.getLong("items_total"),
            rs.getLong("items_done"),
            rs.getLong("items_unchanged"),
            rs.getLong("items_skipped"),
            rs.getLong("chunks_written"),
            rs.getLong("items_removed"),
            rs.getString("message"),
            rs.getTimestamp("started_at").toInstant(),
            rs.getTimestamp("updated_at").toInstant(),
            Optional.ofNullable(ended).map(Timestamp::toInstant));
    return new Row(run, rs.getString("cursor_source"), rs.getString("cursor_item"));
  }

  private static String cut(String text, int max) {
    return text.length() <= max ? text : text.substring(0, max - 1) + "…";
  }
}
