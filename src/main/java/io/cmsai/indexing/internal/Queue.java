package io.cmsai.indexing.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** SQL over {@code ai_index_queue}. Every method works on the caller's connection. */
public final class Queue {

  /** A queued change; {@code payload} is the item JSON of a save, null for a delete. */
  public record Entry(long seq, String source, String itemId, String operation, String payload) {}

  /** The save operation. */
  public static final String SAVE = "save";

  /** The delete operation. */
  public static final String DELETE = "delete";

  private Queue() {}

  /** Appends a change. */
  public static void add(
      Connection c, String source, String itemId, String operation, String payload, Instant now)
      throws SQLException {
    try (PreparedStatement p =
        c.prepareStatement(
            "INSERT INTO ai_index_queue (source, item_id, operation, payload, queued_at)"
                + " VALUES (?, ?, ?, ?, ?)")) {
      p.setString(1, source);
      p.setString(2, itemId);
      p.setString(3, operation);
      p.setString(4, payload);
      p.setTimestamp(5, Timestamp.from(now));
      p.executeUpdate();
    }
  }

  /** The oldest {@code limit} changes, in order. */
  public static List<Entry> head(Connection c, int limit) throws SQLException {
    try (PreparedStatement p =
        c.prepareStatement(
            "SELECT seq, source, item_id, operation, payload FROM ai_index_queue"
                + " ORDER BY seq LIMIT ?")) {
      p.setInt(1, limit);
      List<Entry> entries = new ArrayList<>();
      try (ResultSet rs = p.executeQuery()) {
        while (rs.next()) {
          entries.add(
              new Entry(
                  rs.getLong(1),
                  rs.getString(2),
                  rs.getString(3),
                  rs.getString(4),
                  rs.getString(5)));
        }
      }
      return entries;
    }
  }

  /** Removes the changes up to and including {@code seq}. */
  public static void removeThrough(Connection c, long seq) throws SQLException {
    try (PreparedStatement p = c.prepareStatement("DELETE FROM ai_index_queue WHERE seq <= ?")) {
      p.setLong(1, seq);
      p.executeUpdate();
    }
  }

  /** How many changes wait. */
  public static long length(Connection c) throws SQLException {
    try (PreparedStatement p = c.prepareStatement("SELECT count(*) FROM ai_index_queue");
        ResultSet rs = p.executeQuery()) {
      rs.next();
      return rs.getLong(1);
    }
  }
}
