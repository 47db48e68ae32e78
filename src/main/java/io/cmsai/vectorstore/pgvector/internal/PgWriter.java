package io.cmsai.vectorstore.pgvector.internal;

import io.cmsai.vectorstore.IndexType;
import io.cmsai.vectorstore.VectorRecord;
import io.cmsai.vectorstore.pgvector.PgVectorSettings;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.postgresql.PGConnection;
import org.postgresql.PGStatement;
import org.postgresql.copy.CopyIn;

/**
 * The write path of one pgvector table. A batch of up to {@value #COPY_THRESHOLD} records is a
 * batched {@code INSERT ... ON CONFLICT}; a larger one a binary {@code COPY} — straight into the
 * table when none of its ids exists yet, else through a transaction-scoped staging table and one
 * {@code INSERT ... SELECT ... ON CONFLICT}. COPY payloads are encoded and sent chunk by chunk
 * ({@link BinaryCopy}). Each batch is one transaction, so a failure writes nothing. An IVFFlat
 * index is built once the table holds enough rows for good recall (deferred). Thread-safe.
 */
public final class PgWriter {

  /** Batches of more records than this are written with binary COPY. */
  public static final int COPY_THRESHOLD = 256;

  private final PgJdbc jdbc;
  private final PgVectorSettings settings;
  private final String table;
  private final String cast;
  private volatile boolean ivfFlatBuilt;
  // Whether the last COPY batch held an id already stored (an update run): then the next batch is
  // probed first instead of attempting the direct COPY.
  private volatile boolean lastBatchConflicted;
  // An upper bound of the rows, for the deferred IVFFlat index (-1: not counted yet); guarded by
  // this.
  private long rowsAtMost = -1;

  /**
   * @param ivfFlatBuilt whether the table already has its IVFFlat index
   */
  public PgWriter(PgJdbc jdbc, PgVectorSettings settings, boolean ivfFlatBuilt) {
    this.jdbc = jdbc;
    this.settings = settings;
    this.table = PgSchema.quote(settings.schema()) + "." + PgSchema.quote(settings.table());
    this.cast = (settings.halfPrecision() ? "halfvec(" : "vector(") + settings.dimension() + ")";
    this.ivfFlatBuilt = ivfFlatBuilt;
  }

  /** Whether the IVFFlat index of an IVFFlat table has been built (false for other tables). */
  public boolean ivfFlatBuilt() {
    return ivfFlatBuilt;
  }

  /** Writes checked, non-empty {@code records} in one transaction, then the deferred index. */
  public void upsert(List<VectorRecord> records) {
    jdbc.inTransaction(
        c -> {
          if (records.size() > COPY_THRESHOLD) {
            copy(c, records);
          } else {
            batch(c, records);
          }
          return null;
        });
    buildDeferredIndex(records.size());
  }

  private void batch(Connection c, List<VectorRecord> records) throws SQLException {
    try (PreparedStatement p =
        c.prepareStatement(
            "INSERT INTO "
                + table
                + " (id, embedding, content, metadata) VALUES (?, ?::"
                + cast
                + ", ?, ?::jsonb)"
                + upsertClause())) {
      for (VectorRecord r : records) {
        p.setString(1, r.id());
        p.setString(2, literal(r.vector()));
        p.setString(3, r.text());
        p.setString(4, MetadataJson.write(r.metadata()));
        p.addBatch();
      }
      p.executeBatch();
    }
  }

  /**
   * Binary COPY. Straight into the table as long as batches hold new ids only (a first indexing; no
   * probe: the primary key refuses a stored id, and as the batch is the whole transaction, it is
   * rolled back and staged in a new one); once a batch held a stored id, later batches are probed
   * first and go straight in only when none of their ids exists. Otherwise, into a
   * transaction-scoped staging table followed by one {@code INSERT ... SELECT ... ON CONFLICT}.
   */
  private void copy(Connection c, List<VectorRecord> records) throws SQLException {
    if (!settings.halfPrecision() && (!lastBatchConflicted || noneExists(c, records))) {
      try {
        copyIn(c, table, records);
        lastBatchConflicted = false;
        return;
      } catch (SQLException e) {
        if (!"23505".equals(e.getSQLState())) {
          throw e;
        }
        // The batch is the whole transaction: undo it and stage it in a new one.
        c.rollback();
        lastBatchConflicted = true;
      }
    }
    try (Statement s = c.createStatement()) {
      s.execute(
          "CREATE TEMP TABLE cms_ai_stage (id varchar(255), embedding vector("
              + settings.dimension()
              + "), content text, metadata jsonb) ON COMMIT DROP");
    }
    copyIn(c, "cms_ai_stage", records);
    try (Statement s = c.createStatement()) {
      s.execute(
          "INSERT INTO "
              + table
              + " (id, embedding, content, metadata) SELECT id, embedding::"
              + cast
              + ", content, metadata FROM cms_ai_stage"
              + upsertClause());
    }
  }

  /**
   * Whether none of the ids is stored yet. Planned afresh on every call (an unnamed statement): a
   * server-side prepared plan made while the table was empty (it was just created, or dropped and
   * re-created under the same name) stays a sequential scan as the table grows (see
   * docs/BENCHMARKS.md).
   */
  private boolean noneExists(Connection c, List<VectorRecord> records) throws SQLException {
    try (PreparedStatement p =
        c.prepareStatement("SELECT 1 FROM " + table + " WHERE id = ANY(?) LIMIT 1")) {
      p.unwrap(PGStatement.class).setPrepareThreshold(0);
      p.setArray(1, c.createArrayOf("varchar", records.stream().map(VectorRecord::id).toArray()));
      try (ResultSet rs = p.executeQuery()) {
        return !rs.next();
      }
    }
  }

  /** Streams {@code records} into {@code target} with binary COPY, encoded chunk by chunk. */
  private static void copyIn(Connection c, String target, List<VectorRecord> records)
      throws SQLException {
    CopyIn copy =
        c.unwrap(PGConnection.class)
            .getCopyAPI()
            .copyIn(
                "COPY "
                    + target
                    + " (id, embedding, content, metadata) FROM STDIN (FORMAT binary)");
    try {
      BinaryCopy.write(records, copy::writeToCopy);
      copy.endCopy();
    } finally {
      if (copy.isActive()) {
        copy.cancelCopy();
      }
    }
  }

  private static String upsertClause() {
    return " ON CONFLICT (id) DO UPDATE SET embedding = EXCLUDED.embedding,"
        + " content = EXCLUDED.content, metadata = EXCLUDED.metadata";
  }

  /**
   * Builds the deferred IVFFlat index once the table is large enough. The table is counted only
   * when the rows known at the last count plus those written since could reach the threshold, not
   * after every batch.
   */
  private void buildDeferredIndex(int written) {
    if (settings.index().type() != IndexType.IVFFLAT || ivfFlatBuilt) {
      return;
    }
    synchronized (this) {
      rowsAtMost = rowsAtMost < 0 ? count() : rowsAtMost + written;
      if (ivfFlatBuilt || rowsAtMost < settings.ivfFlatMinRows()) {
        return;
      }
      rowsAtMost = count();
      if (rowsAtMost < settings.ivfFlatMinRows()) {
        return;
      }
      jdbc.inTransaction(
          c -> {
            try (Statement s = c.createStatement()) {
              s.execute(PgSchema.indexDdl(settings, table));
            }
            return null;
          });
      ivfFlatBuilt = true;
    }
  }

  /** The rows in the table now. */
  public long count() {
    return jdbc.inTransaction(
        c -> {
          try (Statement s = c.createStatement();
              ResultSet rs = s.executeQuery("SELECT count(*) FROM " + table)) {
            rs.next();
            return rs.getLong(1);
          }
        });
  }

  /** pgvector's text form: {@code [0.1,0.2,...]}. */
  public static String literal(float[] vector) {
    StringBuilder out = new StringBuilder(vector.length * 10 + 2).append('[');
    for (int i = 0; i < vector.length; i++) {
      if (i > 0) {
        out.append(',');
      }
      out.append(vector[i]);
    }
    return out.append(']').toString();
  }
}
