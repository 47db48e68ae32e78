package io.cmsai.indexing.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * SQL over the index catalogue ({@code ai_index_item}, {@code ai_index_chunk}): what the vector
 * store holds, item by item. Every method works on the caller's connection and transaction.
 */
public final class Catalog {

  /** An indexed item's row. */
  public record ItemRow(
      String source,
      String itemId,
      String hash,
      String title,
      String url,
      String language,
      int chunks,
      boolean truncated,
      long runId) {}

  /** A recorded vector: its id, the hash of what it was made from, and whether it is written. */
  public record ChunkRow(
      String vectorId, String source, String itemId, String hash, boolean live) {}

  private Catalog() {}

  /** The item's row, if indexed. */
  public static Optional<ItemRow> item(Connection c, String source, String itemId)
      throws SQLException {
    try (PreparedStatement p =
        c.prepareStatement(
            "SELECT item_hash, title, url, language, chunks, truncated, run_id"
                + " FROM ai_index_item WHERE source = ? AND item_id = ?")) {
      p.setString(1, source);
      p.setString(2, itemId);
      try (ResultSet rs = p.executeQuery()) {
        if (!rs.next()) {
          return Optional.empty();
        }
        return Optional.of(
            new ItemRow(
                source,
                itemId,
                rs.getString(1),
                rs.getString(2),
                rs.getString(3),
                rs.getString(4),
                rs.getInt(5),
                rs.getBoolean(6),
                rs.getLong(7)));
      }
    }
  }

  /** Every recorded vector of the item, by vector id. */
  public static Map<String, ChunkRow> chunks(Connection c, String source, String itemId)
      throws SQLException {
    try (PreparedStatement p =
        c.prepareStatement(
            "SELECT vector_id, chunk_hash, live FROM ai_index_chunk"
                + " WHERE source = ? AND item_id = ?")) {
      p.setString(1, source);
      p.setString(2, itemId);
      Map<String, ChunkRow> rows = new HashMap<>();
      try (ResultSet rs = p.executeQuery()) {
        while (rs.next()) {
          rows.put(
              rs.getString(1),
              new ChunkRow(rs.getString(1), source, itemId, rs.getString(2), rs.getBoolean(3)));
        }
      }
      return rows;
    }
  }

  /** Records vectors about to be written (state pending); rows already recorded are left alone. */
  public static void recordPending(Connection c, Collection<ChunkRow> rows) throws SQLException {
    if (rows.isEmpty()) {
      return;
    }
    Set<String> known = new HashSet<>();
    try (PreparedStatement p =
        c.prepareStatement("SELECT vector_id FROM ai_index_chunk WHERE vector_id = ?")) {
      for (ChunkRow row : rows) {
        p.setString(1, row.vectorId());
        try (ResultSet rs = p.executeQuery()) {
          if (rs.next()) {
            known.add(row.vectorId());
          }
        }
      }
    }
    try (PreparedStatement p =
        c.prepareStatement(
            "INSERT INTO ai_index_chunk (vector_id, source, item_id, chunk_hash, live)"
                + " VALUES (?, ?, ?, ?, FALSE)")) {
      for (ChunkRow row : rows) {
        if (known.contains(row.vectorId())) {
          continue;
        }
        p.setString(1, row.vectorId());
        p.setString(2, row.source());
        p.setString(3, row.itemId());
        p.setString(4, row.hash());
        p.addBatch();
      }
      p.executeBatch();
    }
  }

  /** Marks written vectors live. */
  public static void markLive(Connection c, Collection<String> vectorIds) throws SQLException {
    batch(c, "UPDATE ai_index_chunk SET live = TRUE WHERE vector_id = ?", vectorIds);
  }

  /** Forgets vectors (after they were deleted from the store). */
  public static void forget(Connection c, Collection<String> vectorIds) throws SQLException {
    batch(c, "DELETE FROM ai_index_chunk WHERE vector_id = ?", vectorIds);
  }

  /** Inserts or replaces the item's row. */
  public static void saveItem(Connection c, ItemRow row, Instant now) throws SQLException {
    deleteItem(c, row.source(), row.itemId());
    try (PreparedStatement p =
        c.prepareStatement(
            "INSERT INTO ai_index_item (source, item_id, item_hash, title, url, language, chunks,"
                + " truncated, run_id, indexed_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
      p.setString(1, row.source());
      p.setString(2, row.itemId());
      p.setString(3, row.hash());
      p.setString(4, row.title());
      p.setString(5, row.url());
      p.setString(6, row.language());
      p.setInt(7, row.chunks());
      p.setBoolean(8, row.truncated());
      p.setLong(9, row.runId());
      p.setTimestamp(10, Timestamp.from(now));
      p.executeUpdate();
    }
  }

  /** Records that run {@code runId} saw the item unchanged. */
  public static void touch(Connection c, String source, String itemId, long runId)
      throws SQLException {
    try (PreparedStatement p =
        c.prepareStatement(
            "UPDATE ai_index_item SET run_id = ? WHERE source = ? AND item_id = ?")) {
      p.setLong(1, runId);
      p.setString(2, source);
      p.setString(3, itemId);
      p.executeUpdate();
    }
  }

  /** Deletes the item's row (not its chunk rows). */
  public static void deleteItem(Connection c, String source, String itemId) throws SQLException {
    try (PreparedStatement p =
        c.prepareStatement("DELETE FROM ai_index_item WHERE source = ? AND item_id = ?")) {
      p.setString(1, source);
      p.setString(2, itemId);
      p.executeUpdate();
    }
  }

  /**
   * Up to {@code limit} items not seen by run {@code runId} (or whose source is not in {@code
   * activeSources}): the orphans a finished full re-index removes.
   */
  public static List<String[]> unseen(
      Connection c, long runId, Collection<String> activeSources, int limit) throws SQLException {
    List<String[]> keys = new ArrayList<>();
    try (PreparedStatement p =
        c.prepareStatement(
            "SELECT source, item_id FROM ai_index_item"
                + " WHERE run_id IS NULL OR run_id <> ? ORDER BY source, item_id LIMIT ?")) {
      p.setLong(1, runId);
      p.setInt(2, limit);
      try (ResultSet rs = p.executeQuery()) {
        while (rs.next()) {
          keys.add(new String[] {rs.getString(1), rs.getString(2)});
        }
      }
    }
    if (keys.size() < limit) {
      try (PreparedStatement p =
          c.prepareStatement("SELECT DISTINCT source FROM ai_index_item ORDER BY source")) {
        List<String> inactive = new ArrayList<>();
        try (ResultSet rs = p.executeQuery()) {
          while (rs.next()) {
            if (!activeSources.contains(rs.getString(1))) {
              inactive.add(rs.getString(1));
            }
          }
        }
        for (String source : inactive) {
          try (PreparedStatement q =
              c.prepareStatement(
                  "SELECT item_id FROM ai_index_item WHERE source = ? ORDER BY item_id LIMIT ?")) {
            q.setString(1, source);
            q.setInt(2, limit - keys.size());
            try (ResultSet rs = q.executeQuery()) {
              while (rs.next()) {
                keys.add(new String[] {source, rs.getString(1)});
              }
            }
          }
        }
      }
    }
    return keys;
  }

  /**
   * Vectors recorded without an item row (a crash between writing them and recording the item), up
   * to {@code limit}.
   */
  public static List<String> strayChunks(Connection c, int limit) throws SQLException {
    try (PreparedStatement p =
        c.prepareStatement(
            "SELECT k.vector_id FROM ai_index_chunk k WHERE NOT EXISTS (SELECT 1 FROM ai_index_item"
                + " i WHERE i.source = k.source AND i.item_id = k.item_id) ORDER BY k.vector_id"
                + " LIMIT ?")) {
      p.setInt(1, limit);
      List<String> ids = new ArrayList<>();
      try (ResultSet rs = p.executeQuery()) {
        while (rs.next()) {
          ids.add(rs.getString(1));
        }
      }
      return ids;
    }
  }

  /** Counts: indexed items, live vectors, pending vectors. */
  public static long[] counts(Connection c) throws SQLException {
    long[] counts = new long[3];
    try (PreparedStatement p = c.prepareStatement("SELECT count(*) FROM ai_index_item");
        ResultSet rs = p.executeQuery()) {
      rs.next();
      counts[0] = rs.getLong(1);
    }
    try (PreparedStatement p =
            c.prepareStatement("SELECT live, count(*) FROM ai_index_chunk GROUP BY live");
        ResultSet rs = p.executeQuery()) {
      while (rs.next()) {
        counts[rs.getBoolean(1) ? 1 : 2] = rs.getLong(2);
      }
    }
    return counts;
  }

  /** Forgets everything (the store was dropped and is rebuilt). */
  public static void clear(Connection c) throws SQLException {
    try (PreparedStatement p = c.prepareStatement("DELETE FROM ai_index_chunk")) {
      p.executeUpdate();
    }
    try (PreparedStatement p = c.prepareStatement("DELETE FROM ai_index_item")) {
      p.executeUpdate();
    }
  }

  private static void batch(Connection c, String sql, Collection<String> ids) throws SQLException {
    if (ids.isEmpty()) {
      return;
    }
    try (PreparedStatement p = c.prepareStatement(sql)) {
      for (String id : ids) {
        p.setString(1, id);
        p.addBatch();
      }
      p.executeBatch();
    }
  }
}
