package io.cmsai.indexing.internal;

import io.cmsai.platform.Sql;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.PreparedBatch;
import org.jdbi.v3.core.statement.StatementContext;

/**
 * SQL over the index catalogue ({@code ai_index_item}, {@code ai_index_chunk}): what the vector
 * store holds, item by item. Every method works on the caller's connection and transaction (through
 * {@link Sql}); a failed statement throws the driver's {@link SQLException}.
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

  /**
   * How much the catalogue holds.
   *
   * @param items indexed items
   * @param liveVectors vectors written to the store
   * @param pendingVectors vectors recorded as about to be written (left by an interrupted batch
   *     until it runs again)
   */
  public record Counts(long items, long liveVectors, long pendingVectors) {}

  private static final String ITEM =
      "SELECT source, item_id, item_hash, title, url, language, chunks, truncated, run_id"
          + " FROM ai_index_item WHERE source = :source AND item_id = :itemId";
  private static final String CHUNKS =
      "SELECT vector_id, source, item_id, chunk_hash, live FROM ai_index_chunk"
          + " WHERE source = :source AND item_id = :itemId";
  private static final String CHUNK_EXISTS =
      "SELECT vector_id FROM ai_index_chunk WHERE vector_id = :vectorId";
  private static final String INSERT_PENDING =
      "INSERT INTO ai_index_chunk (vector_id, source, item_id, chunk_hash, live)"
          + " VALUES (:vectorId, :source, :itemId, :hash, FALSE)";
  private static final String MARK_LIVE =
      "UPDATE ai_index_chunk SET live = TRUE WHERE vector_id = :vectorId";
  private static final String FORGET = "DELETE FROM ai_index_chunk WHERE vector_id = :vectorId";
  private static final String INSERT_ITEM =
      "INSERT INTO ai_index_item (source, item_id, item_hash, title, url, language, chunks,"
          + " truncated, run_id, indexed_at) VALUES (:source, :itemId, :hash, :title, :url,"
          + " :language, :chunks, :truncated, :runId, :indexedAt)";
  private static final String TOUCH =
      "UPDATE ai_index_item SET run_id = :runId WHERE source = :source AND item_id = :itemId";
  private static final String DELETE_ITEM =
      "DELETE FROM ai_index_item WHERE source = :source AND item_id = :itemId";
  private static final String UNSEEN =
      "SELECT source, item_id FROM ai_index_item WHERE run_id IS NULL OR run_id <> :runId"
          + " ORDER BY source, item_id LIMIT :limit";
  private static final String SOURCES = "SELECT DISTINCT source FROM ai_index_item ORDER BY source";
  private static final String ITEMS_OF_SOURCE =
      "SELECT item_id FROM ai_index_item WHERE source = :source ORDER BY item_id LIMIT :limit";
  private static final String STRAY_CHUNKS =
      "SELECT k.vector_id FROM ai_index_chunk k WHERE NOT EXISTS (SELECT 1 FROM ai_index_item i"
          + " WHERE i.source = k.source AND i.item_id = k.item_id) ORDER BY k.vector_id"
          + " LIMIT :limit";
  private static final String COUNT_ITEMS = "SELECT count(*) FROM ai_index_item";
  private static final String COUNT_CHUNKS_BY_STATE =
      "SELECT live, count(*) FROM ai_index_chunk GROUP BY live";
  private static final String CLEAR_CHUNKS = "DELETE FROM ai_index_chunk";
  private static final String CLEAR_ITEMS = "DELETE FROM ai_index_item";

  private Catalog() {}

  /** The item's row, if indexed. */
  public static Optional<ItemRow> item(Connection c, String source, String itemId)
      throws SQLException {
    return Sql.on(
        c,
        h ->
            h.createQuery(ITEM)
                .bind("source", source)
                .bind("itemId", itemId)
                .map(Catalog::itemRow)
                .findOne());
  }

  /** Every recorded vector of the item, by vector id. */
  public static Map<String, ChunkRow> chunks(Connection c, String source, String itemId)
      throws SQLException {
    List<ChunkRow> rows =
        Sql.on(
            c,
            h ->
                h.createQuery(CHUNKS)
                    .bind("source", source)
                    .bind("itemId", itemId)
                    .map(Catalog::chunkRow)
                    .list());
    Map<String, ChunkRow> byId = new LinkedHashMap<>();
    rows.forEach(row -> byId.put(row.vectorId(), row));
    return byId;
  }

  /** Records vectors about to be written (state pending); rows already recorded are left alone. */
  public static void recordPending(Connection c, Collection<ChunkRow> rows) throws SQLException {
    if (rows.isEmpty()) {
      return;
    }
    Sql.on(
        c,
        h -> {
          Set<String> known = recorded(h, rows);
          PreparedBatch batch = h.prepareBatch(INSERT_PENDING);
          for (ChunkRow row : rows) {
            if (!known.contains(row.vectorId())) {
              batch.bindMethods(row).add();
            }
          }
          return batch.size() == 0 ? null : batch.execute();
        });
  }

  /** Marks written vectors live. */
  public static void markLive(Connection c, Collection<String> vectorIds) throws SQLException {
    byVectorId(c, MARK_LIVE, vectorIds);
  }

  /** Forgets vectors (after they were deleted from the store). */
  public static void forget(Connection c, Collection<String> vectorIds) throws SQLException {
    byVectorId(c, FORGET, vectorIds);
  }

  /** Inserts or replaces the item's row. */
  public static void saveItem(Connection c, ItemRow row, Instant now) throws SQLException {
    Sql.on(
        c,
        h -> {
          deleteItem(h, row.source(), row.itemId());
          return h.createUpdate(INSERT_ITEM)
              .bindMethods(row)
              .bind("indexedAt", Timestamp.from(now))
              .execute();
        });
  }

  /** Records that run {@code runId} saw the item unchanged. */
  public static void touch(Connection c, String source, String itemId, long runId)
      throws SQLException {
    Sql.on(
        c,
        h ->
            h.createUpdate(TOUCH)
                .bind("runId", runId)
                .bind("source", source)
                .bind("itemId", itemId)
                .execute());
  }

  /** Deletes the item's row (not its chunk rows). */
  public static void deleteItem(Connection c, String source, String itemId) throws SQLException {
    Sql.on(c, h -> deleteItem(h, source, itemId));
  }

  /**
   * Up to {@code limit} items not seen by run {@code runId} (or whose source is not in {@code
   * activeSources}): the orphans a finished full re-index removes.
   *
   * @return {source, item id} pairs
   */
  public static List<String[]> unseen(
      Connection c, long runId, Collection<String> activeSources, int limit) throws SQLException {
    return Sql.on(
        c,
        h -> {
          List<String[]> keys =
              new ArrayList<>(
                  h.createQuery(UNSEEN)
                      .bind("runId", runId)
                      .bind("limit", limit)
                      .map(
                          (rs, ctx) ->
                              new String[] {rs.getString("source"), rs.getString("item_id")})
                      .list());
          if (keys.size() < limit) {
            for (String source : h.createQuery(SOURCES).mapTo(String.class).list()) {
              if (!activeSources.contains(source)) {
                h.createQuery(ITEMS_OF_SOURCE)
                    .bind("source", source)
                    .bind("limit", limit - keys.size())
                    .mapTo(String.class)
                    .forEach(itemId -> keys.add(new String[] {source, itemId}));
              }
            }
          }
          return keys;
        });
  }

  /**
   * Vectors recorded without an item row (a crash between writing them and recording the item), up
   * to {@code limit}.
   */
  public static List<String> strayChunks(Connection c, int limit) throws SQLException {
    return Sql.on(
        c, h -> h.createQuery(STRAY_CHUNKS).bind("limit", limit).mapTo(String.class).list());
  }

  /** What the catalogue holds. */
  public static Counts counts(Connection c) throws SQLException {
    return Sql.on(
        c,
        h -> {
          long items = h.createQuery(COUNT_ITEMS).mapTo(Long.class).one();
          Map<Boolean, Long> vectors = new LinkedHashMap<>();
          h.createQuery(COUNT_CHUNKS_BY_STATE)
              .map((rs, ctx) -> Map.entry(rs.getBoolean(1), rs.getLong(2)))
              .forEach(e -> vectors.put(e.getKey(), e.getValue()));
          return new Counts(items, vectors.getOrDefault(true, 0L), vectors.getOrDefault(false, 0L));
        });
  }

  /** Forgets everything (the store was dropped and is rebuilt). */
  public static void clear(Connection c) throws SQLException {
    Sql.on(
        c,
        h -> {
          h.createUpdate(CLEAR_CHUNKS).execute();
          return h.createUpdate(CLEAR_ITEMS).execute();
        });
  }

  private static int deleteItem(Handle h, String source, String itemId) {
    return h.createUpdate(DELETE_ITEM).bind("source", source).bind("itemId", itemId).execute();
  }

  /** Which of {@code rows} are recorded already (one lookup per id, as ids may be many). */
  private static Set<String> recorded(Handle h, Collection<ChunkRow> rows) {
    Set<String> known = new HashSet<>();
    for (ChunkRow row : rows) {
      h.createQuery(CHUNK_EXISTS)
          .bind("vectorId", row.vectorId())
          .mapTo(String.class)
          .findOne()
          .ifPresent(known::add);
    }
    return known;
  }

  private static void byVectorId(Connection c, String sql, Collection<String> vectorIds)
      throws SQLException {
    if (vectorIds.isEmpty()) {
      return;
    }
    Sql.on(
        c,
        h -> {
          PreparedBatch batch = h.prepareBatch(sql);
          vectorIds.forEach(id -> batch.bind("vectorId", id).add());
          return batch.execute();
        });
  }

  private static ItemRow itemRow(ResultSet rs, StatementContext ctx) throws SQLException {
    return new ItemRow(
        rs.getString("source"),
        rs.getString("item_id"),
        rs.getString("item_hash"),
        rs.getString("title"),
        rs.getString("url"),
        rs.getString("language"),
        rs.getInt("chunks"),
        rs.getBoolean("truncated"),
        rs.getLong("run_id"));
  }

  private static ChunkRow chunkRow(ResultSet rs, StatementContext ctx) throws SQLException {
    return new ChunkRow(
        rs.getString("vector_id"),
        rs.getString("source"),
        rs.getString("item_id"),
        rs.getString("chunk_hash"),
        rs.getBoolean("live"));
  }
}
