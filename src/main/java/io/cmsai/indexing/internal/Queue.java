package io.cmsai.indexing.internal;

import io.cmsai.platform.Sql;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import org.jdbi.v3.core.statement.StatementContext;

/**
 * SQL over {@code ai_index_queue}. Every method works on the caller's connection and transaction
 * (through {@link Sql}); a failed statement throws the driver's {@link SQLException}.
 */
public final class Queue {

  /** A queued change; {@code payload} is the item JSON of a save, null for a delete. */
  public record Entry(long seq, String source, String itemId, String operation, String payload) {}

  /** The save operation. */
  public static final String SAVE = "save";

  /** The delete operation. */
  public static final String DELETE = "delete";

  private static final String ADD =
      "INSERT INTO ai_index_queue (source, item_id, operation, payload, queued_at)"
          + " VALUES (:source, :itemId, :operation, :payload, :queuedAt)";
  private static final String HEAD =
      "SELECT seq, source, item_id, operation, payload FROM ai_index_queue ORDER BY seq"
          + " LIMIT :limit";
  private static final String REMOVE_THROUGH = "DELETE FROM ai_index_queue WHERE seq <= :seq";
  private static final String LENGTH = "SELECT count(*) FROM ai_index_queue";

  private Queue() {}

  /** Appends a change. */
  public static void add(
      Connection c, String source, String itemId, String operation, String payload, Instant now)
      throws SQLException {
    Sql.on(
        c,
        h ->
            h.createUpdate(ADD)
                .bind("source", source)
                .bind("itemId", itemId)
                .bind("operation", operation)
                .bind("payload", payload)
                .bind("queuedAt", Timestamp.from(now))
                .execute());
  }

  /** The oldest {@code limit} changes, in order. */
  public static List<Entry> head(Connection c, int limit) throws SQLException {
    return Sql.on(c, h -> h.createQuery(HEAD).bind("limit", limit).map(Queue::entry).list());
  }

  /** Removes the changes up to and including {@code seq}. */
  public static void removeThrough(Connection c, long seq) throws SQLException {
    Sql.on(c, h -> h.createUpdate(REMOVE_THROUGH).bind("seq", seq).execute());
  }

  /** How many changes wait. */
  public static long length(Connection c) throws SQLException {
    return Sql.on(c, h -> h.createQuery(LENGTH).mapTo(Long.class).one());
  }

  private static Entry entry(ResultSet rs, StatementContext ctx) throws SQLException {
    return new Entry(
        rs.getLong("seq"),
        rs.getString("source"),
        rs.getString("item_id"),
        rs.getString("operation"),
        rs.getString("payload"));
  }
}
