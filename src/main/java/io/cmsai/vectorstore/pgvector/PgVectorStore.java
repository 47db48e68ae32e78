package io.cmsai.vectorstore.pgvector;

import io.cmsai.platform.Database;
import io.cmsai.platform.DatabaseSettings;
import io.cmsai.vectorstore.DistanceMetric;
import io.cmsai.vectorstore.EmbeddingFingerprint;
import io.cmsai.vectorstore.IndexSpec;
import io.cmsai.vectorstore.IndexType;
import io.cmsai.vectorstore.Match;
import io.cmsai.vectorstore.SearchRequest;
import io.cmsai.vectorstore.StoreDescription;
import io.cmsai.vectorstore.StoreUnavailableException;
import io.cmsai.vectorstore.VectorRecord;
import io.cmsai.vectorstore.VectorStore;
import io.cmsai.vectorstore.VectorStoreException;
import io.cmsai.vectorstore.Vectors;
import io.cmsai.vectorstore.filter.Filter;
import io.cmsai.vectorstore.pgvector.internal.BinaryCopy;
import io.cmsai.vectorstore.pgvector.internal.MetadataJson;
import io.cmsai.vectorstore.pgvector.internal.PgFilterSql;
import io.cmsai.vectorstore.pgvector.internal.PgSchema;
import io.cmsai.vectorstore.pgvector.internal.SqlFragment;
import io.cmsai.vectorstore.pgvector.internal.VectorCollectionEntity;
import java.io.ByteArrayInputStream;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.function.DoubleUnaryOperator;
import org.postgresql.PGConnection;

/**
 * A {@link VectorStore} on one PostgreSQL table with pgvector. Columns: {@code id varchar(255)}
 * primary key, {@code embedding vector(n)} ({@code halfvec(n)} above 2000 dimensions), {@code
 * content text}, {@code metadata jsonb} (GIN index), {@code content_tsv tsvector} generated from
 * the content (GIN index, for hybrid search).
 *
 * <p>The table is created on first {@link #open} and recorded in {@code ai_vector_collection}
 * (Flyway-managed in the vector database, entity mapped with Hibernate); reopening it with another
 * dimension or metric is refused. Writes go through JDBC: a batch of up to {@value #COPY_THRESHOLD}
 * records as a batched {@code INSERT ... ON CONFLICT}, larger ones as a binary {@code COPY} —
 * straight into the table when none of their ids exists yet, else through a transaction-scoped
 * staging table and one {@code INSERT ... SELECT ... ON CONFLICT} — each batch in one transaction,
 * so a failure writes nothing. Searches order by pgvector's distance operator (served by the HNSW
 * or IVFFlat index), with {@code hnsw.ef_search} / {@code ivfflat.probes} set per query when asked
 * and iterative index scans for filtered queries, so a filter does not starve the result.
 * Thread-safe.
 */
public final class PgVectorStore implements VectorStore {

  /** Batches of more records than this are written with binary COPY. */
  public static final int COPY_THRESHOLD = 256;

  private static final int RRF_K = 60;

  private final Database database;
  private final PgVectorSettings settings;
  private final String table;
  private final String cast;
  private final Optional<EmbeddingFingerprint> fingerprint;
  private volatile boolean ivfFlatBuilt;
  // An upper bound of the rows, for the deferred IVFFlat index (-1: not counted yet); guarded by
  // this.
  private long rowsAtMost = -1;

  private PgVectorStore(
      Database database, PgVectorSettings settings, Optional<EmbeddingFingerprint> recorded) {
    this.database = database;
    this.settings = settings;
    this.table = PgSchema.quote(settings.schema()) + "." + PgSchema.quote(settings.table());
    this.cast = (settings.halfPrecision() ? "halfvec(" : "vector(") + settings.dimension() + ")";
    this.fingerprint = recorded;
  }

  /**
   * Connects to a PostgreSQL vector database (pool and Hibernate for the registry).
   *
   * @throws StoreUnavailableException naming the host and database (never the password) when it
   *     cannot be reached or refuses the credentials
   */
  public static Database connect(DatabaseSettings settings) {
    Database database = new Database(settings, entities());
    try {
      database.open();
      return database;
    } catch (RuntimeException e) {
      database.close();
      Throwable root = e;
      while (root.getCause() != null && root.getCause() != root) {
        root = root.getCause();
      }
      String url = settings.url();
      int query = url.indexOf('?');
      throw new StoreUnavailableException(
          "cannot reach the vector database "
              + (query < 0 ? url : url.substring(0, query))
              + ": "
              + root.getMessage(),
          e);
    }
  }

  /** The entity classes a {@link Database} for pgvector stores must map. */
  public static List<Class<?>> entities() {
    return List.of(VectorCollectionEntity.class);
  }

  /**
   * Opens the table, creating it (and the {@code vector} extension and the registry) when missing.
   *
   * @param database an open database on PostgreSQL mapping {@link #entities()}
   * @throws VectorStoreException when the table exists with another dimension or metric, or the
   *     extension is missing and cannot be created
   * @throws StoreUnavailableException when the database cannot be reached
   */
  public static PgVectorStore open(Database database, PgVectorSettings settings) {
    try {
      PgSchema.ensureExtension(database);
      PgSchema.migrateRegistry(database);
      VectorCollectionEntity known =
          database.inTransaction(
              s -> s.find(VectorCollectionEntity.class, settings.qualifiedName()));
      if (known != null && !PgSchema.tableExists(database, settings)) {
        // Dropped outside the module: its registry row describes nothing any more.
        PgSchema.forget(database, settings);
        known = null;
      }
      if (known == null) {
        PgSchema.create(database, settings);
        return new PgVectorStore(database, settings, settings.fingerprint());
      }
      PgSchema.check(known, settings);
      PgVectorStore store = new PgVectorStore(database, settings, PgSchema.fingerprint(known));
      store.ivfFlatBuilt = store.hasIvfFlatIndex();
      return store;
    } catch (SQLException e) {
      throw failure("cannot open " + settings.qualifiedName(), e);
    } catch (RuntimeException e) {
      if (e instanceof VectorStoreException) {
        throw e;
      }
      throw failure("cannot open " + settings.qualifiedName(), e);
    }
  }

  /**
   * The table {@code settings} names as recorded, without creating anything, with its row count;
   * empty when it was never created by the module.
   */
  public static Optional<Inspected> inspect(Database database, PgVectorSettings settings) {
    try (Connection c = database.dataSource().getConnection();
        Statement s = c.createStatement()) {
      try (ResultSet rs = s.executeQuery("SELECT to_regclass('public.ai_vector_collection')")) {
        rs.next();
        if (rs.getString(1) == null) {
          return Optional.empty();
        }
      }
      VectorCollectionEntity known =
          database.inTransaction(
              session -> session.find(VectorCollectionEntity.class, settings.qualifiedName()));
      if (known == null || !PgSchema.tableExists(c, settings)) {
        return Optional.empty();
      }
      PgVectorSettings recorded =
          new PgVectorSettings(
              settings.schema(),
              settings.table(),
              known.dimension(),
              DistanceMetric.parse(known.metric()),
              PgSchema.indexSpec(known),
              PgSchema.fingerprint(known),
              settings.textSearchConfig());
      PgVectorStore store = new PgVectorStore(database, recorded, PgSchema.fingerprint(known));
      store.ivfFlatBuilt = store.hasIvfFlatIndex();
      return Optional.of(new Inspected(store.describe(), store.count()));
    } catch (SQLException e) {
      throw failure("cannot inspect " + settings.qualifiedName(), e);
    }
  }

  /**
   * A table found by {@link #inspect}.
   *
   * @param description what it holds
   * @param count its rows
   */
  public record Inspected(StoreDescription description, long count) {}

  /** The server's version and pgvector's, e.g. {@code PostgreSQL 15.20, pgvector 0.8.0}. */
  public static String serverVersion(Database database) {
    try (Connection c = database.dataSource().getConnection();
        Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery(
                "SELECT current_setting('server_version'), (SELECT extversion FROM pg_extension"
                    + " WHERE extname = 'vector')")) {
      rs.next();
      String vector = rs.getString(2);
      return "PostgreSQL "
          + rs.getString(1).split(" ")[0]
          + (vector == null ? ", pgvector not installed yet" : ", pgvector " + vector);
    } catch (SQLException e) {
      throw failure("cannot read the server version", e);
    }
  }

  /** Drops the table and its registry entry (irreversible). */
  public void drop() {
    drop(database, settings.schema(), settings.table());
  }

  /**
   * Drops the table {@code schema.table} and its registry entry, whatever it holds; nothing happens
   * when it does not exist (irreversible).
   *
   * @throws IllegalArgumentException when a name is not a valid identifier
   * @throws StoreUnavailableException when the database cannot be reached
   */
  public static void drop(Database database, String schema, String table) {
    PgVectorSettings names =
        new PgVectorSettings(
            schema, table, 1, DistanceMetric.COSINE, IndexSpec.none(), Optional.empty(), "simple");
    try (Connection c = database.dataSource().getConnection();
        Statement s = c.createStatement()) {
      c.setAutoCommit(false);
      s.execute(
          "DROP TABLE IF EXISTS "
              + PgSchema.quote(names.schema())
              + "."
              + PgSchema.quote(names.table()));
      boolean registry;
      try (ResultSet rs = s.executeQuery("SELECT to_regclass('public.ai_vector_collection')")) {
        rs.next();
        registry = rs.getString(1) != null;
      }
      if (registry) {
        try (PreparedStatement p =
            c.prepareStatement("DELETE FROM ai_vector_collection WHERE table_name = ?")) {
          p.setString(1, names.qualifiedName());
          p.executeUpdate();
        }
      }
      c.commit();
    } catch (SQLException e) {
      throw failure("cannot drop " + names.qualifiedName(), e);
    }
  }

  @Override
  public StoreDescription describe() {
    String notes = "";
    if (settings.index().type() == IndexType.IVFFLAT && !ivfFlatBuilt) {
      notes =
          "the IVFFlat index is built once the table holds "
              + settings.ivfFlatMinRows()
              + " rows (39 per list) for good recall; until then searches are exact";
    } else if (settings.halfPrecision()) {
      notes =
          "more than "
              + PgVectorSettings.MAX_VECTOR_INDEX_DIMENSION
              + " dimensions: stored and indexed as halfvec (half precision)";
    }
    return new StoreDescription(
        "pgvector",
        settings.qualifiedName(),
        settings.dimension(),
        settings.metric(),
        settings.index(),
        fingerprint,
        notes);
  }

  @Override
  public void upsert(List<VectorRecord> records) {
    Vectors.checkAll(records, settings.dimension(), "table " + settings.qualifiedName());
    if (records.isEmpty()) {
      return;
    }
    withTransaction(
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

  @Override
  public void delete(Collection<String> ids) {
    if (ids.isEmpty()) {
      return;
    }
    withTransaction(
        c -> {
          try (PreparedStatement p =
              c.prepareStatement("DELETE FROM " + table + " WHERE id = ANY(?)")) {
            p.setArray(1, c.createArrayOf("varchar", ids.toArray()));
            p.executeUpdate();
          }
          return null;
        });
  }

  @Override
  public void delete(Filter filter) {
    SqlFragment where = PgFilterSql.where(filter);
    withTransaction(
        c -> {
          try (PreparedStatement p =
              c.prepareStatement("DELETE FROM " + table + " WHERE " + where.sql())) {
            bind(p, 1, where.parameters());
            p.executeUpdate();
          }
          return null;
        });
  }

  @Override
  public long count() {
    return withTransaction(
        c -> {
          try (Statement s = c.createStatement();
              ResultSet rs = s.executeQuery("SELECT count(*) FROM " + table)) {
            rs.next();
            return rs.getLong(1);
          }
        });
  }

  @Override
  public boolean supportsHybridSearch() {
    return true;
  }

  /** {@code ANALYZE}s the table, so the planner knows its new size and value distribution. */
  @Override
  public void optimize() {
    withTransaction(
        c -> {
          try (Statement s = c.createStatement()) {
            s.execute("ANALYZE " + table);
          }
          return null;
        });
  }

  @Override
  public List<Match> search(SearchRequest request) {
    Vectors.check(
        request.vector(), settings.dimension(), "table " + settings.qualifiedName(), "the query");
    List<Match> matches =
        withTransaction(
            c -> {
              tune(
                  c,
                  request,
                  request.hybridText().isPresent() ? hybridDepth(request) : request.topK());
              return request.hybridText().isPresent()
                  ? hybrid(c, request, request.hybridText().get())
                  : nearest(c, request);
            });
    if (request.minScore().isEmpty()) {
      return matches;
    }
    double min = request.minScore().getAsDouble();
    return matches.stream().filter(m -> m.score() >= min).toList();
  }

  // ---- writes ----

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
   * Binary COPY. When none of the ids exists yet (a first indexing), straight into the table inside
   * a savepoint; otherwise, or when a concurrent writer inserted one of them meanwhile, into a
   * transaction-scoped staging table followed by one {@code INSERT ... SELECT ... ON CONFLICT}.
   */
  private void copy(Connection c, List<VectorRecord> records) throws SQLException {
    byte[] payload = BinaryCopy.encode(records);
    if (!settings.halfPrecision() && noneExists(c, records)) {
      java.sql.Savepoint savepoint = c.setSavepoint();
      try {
        copyIn(c, table, payload);
        c.releaseSavepoint(savepoint);
        return;
      } catch (SQLException e) {
        if (!"23505".equals(e.getSQLState())) {
          throw e;
        }
        c.rollback(savepoint);
      }
    }
    try (Statement s = c.createStatement()) {
      s.execute(
          "CREATE TEMP TABLE cms_ai_stage (id varchar(255), embedding vector("
              + settings.dimension()
              + "), content text, metadata jsonb) ON COMMIT DROP");
    }
    copyIn(c, "cms_ai_stage", payload);
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
   * re-created under the same name) stays a sequential scan as the table grows — measured at 71,330
   * falling to 1,900 rows/s (docs/BENCHMARKS.md).
   */
  private boolean noneExists(Connection c, List<VectorRecord> records) throws SQLException {
    try (PreparedStatement p =
        c.prepareStatement("SELECT 1 FROM " + table + " WHERE id = ANY(?) LIMIT 1")) {
      p.unwrap(org.postgresql.PGStatement.class).setPrepareThreshold(0);
      p.setArray(1, c.createArrayOf("varchar", records.stream().map(VectorRecord::id).toArray()));
      try (ResultSet rs = p.executeQuery()) {
        return !rs.next();
      }
    }
  }

  private static void copyIn(Connection c, String target, byte[] payload) throws SQLException {
    try {
      c.unwrap(PGConnection.class)
          .getCopyAPI()
          .copyIn(
              "COPY " + target + " (id, embedding, content, metadata) FROM STDIN (FORMAT binary)",
              new ByteArrayInputStream(payload));
    } catch (java.io.IOException e) {
      throw new SQLException("COPY failed: " + e.getMessage(), e);
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
      withTransaction(
          c -> {
            try (Statement s = c.createStatement()) {
              s.execute(PgSchema.indexDdl(settings, table));
            }
            return null;
          });
      ivfFlatBuilt = true;
    }
  }

  // ---- reads ----

  /**
   * Sets the index's per-query knob for this transaction: the request's accuracy, else the module's
   * default ({@link IndexSpec#defaultAccuracy}); HNSW's ef_search is raised to the rows the scan
   * must yield (an HNSW scan returns at most ef_search rows) and capped at pgvector's maximum of
   * 1000.
   */
  private void tune(Connection c, SearchRequest request, int rows) throws SQLException {
    IndexType type = settings.index().type();
    boolean filtered = !(request.filter() instanceof Filter.All);
    int accuracy = request.accuracy().orElse(settings.index().defaultAccuracy(rows));
    try (Statement s = c.createStatement()) {
      if (type == IndexType.HNSW) {
        s.execute("SET LOCAL hnsw.ef_search = " + Math.min(1000, Math.max(accuracy, rows)));
        if (filtered) {
          s.execute("SET LOCAL hnsw.iterative_scan = strict_order");
        }
      } else if (type == IndexType.IVFFLAT) {
        s.execute("SET LOCAL ivfflat.probes = " + accuracy);
        if (filtered) {
          s.execute("SET LOCAL ivfflat.iterative_scan = relaxed_order");
        }
      }
    }
  }

  private static int hybridDepth(SearchRequest request) {
    return Math.max(request.topK() * 4, 40);
  }

  private List<Match> nearest(Connection c, SearchRequest request) throws SQLException {
    SqlFragment where = PgFilterSql.where(request.filter());
    String distance = "embedding " + operator(settings.metric()) + " ?::" + cast;
    String sql =
        "SELECT id, content, metadata::text, "
            + distance
            + " AS distance FROM "
            + table
            + " WHERE "
            + where.sql()
            + " ORDER BY "
            + distance
            + " LIMIT ?";
    String query = literal(request.vector());
    try (PreparedStatement p = c.prepareStatement(sql)) {
      int i = 1;
      p.setString(i++, query);
      i = bind(p, i, where.parameters());
      p.setString(i++, query);
      p.setInt(i, request.topK());
      return matches(p, d -> score(settings.metric(), d));
    }
  }

  private List<Match> hybrid(Connection c, SearchRequest request, String text) throws SQLException {
    SqlFragment where = PgFilterSql.where(request.filter());
    int depth = hybridDepth(request);
    String sql =
        "WITH v AS (SELECT id, row_number() OVER (ORDER BY embedding "
            + operator(settings.metric())
            + " ?::"
            + cast
            + ") AS r FROM "
            + table
            + " WHERE "
            + where.sql()
            + " ORDER BY embedding "
            + operator(settings.metric())
            + " ?::"
            + cast
            + " LIMIT ?),"
            + " f AS (SELECT t.id, row_number() OVER (ORDER BY ts_rank_cd(t.content_tsv, q) DESC) AS r"
            + " FROM "
            + table
            + " t, websearch_to_tsquery(?::regconfig, ?) q WHERE t.content_tsv @@ q AND "
            + where.sql()
            + " ORDER BY ts_rank_cd(t.content_tsv, q) DESC LIMIT ?)"
            + " SELECT d.id, d.content, d.metadata::text,"
            + " COALESCE(1.0 / ("
            + RRF_K
            + " + v.r), 0) + COALESCE(1.0 / ("
            + RRF_K
            + " + f.r), 0) AS score"
            + " FROM (SELECT id FROM v UNION SELECT id FROM f) u JOIN "
            + table
            + " d ON d.id = u.id LEFT JOIN v ON v.id = u.id LEFT JOIN f ON f.id = u.id"
            + " ORDER BY score DESC, d.id LIMIT ?";
    String query = literal(request.vector());
    try (PreparedStatement p = c.prepareStatement(sql)) {
      int i = 1;
      p.setString(i++, query);
      i = bind(p, i, where.parameters());
      p.setString(i++, query);
      p.setInt(i++, depth);
      p.setString(i++, settings.textSearchConfig());
      p.setString(i++, text);
      i = bind(p, i, where.parameters());
      p.setInt(i++, depth);
      p.setInt(i, request.topK());
      return matches(p, fused -> fused);
    }
  }

  @Override
  public List<Match> searchText(String text, int topK, Filter filter) {
    SearchRequest.checkTopK(topK);
    if (text == null || text.isBlank()) {
      return List.of();
    }
    SqlFragment where = PgFilterSql.where(filter);
    String sql =
        "SELECT t.id, t.content, t.metadata::text, ts_rank_cd(t.content_tsv, q) AS score FROM "
            + table
            + " t, websearch_to_tsquery(?::regconfig, ?) q WHERE t.content_tsv @@ q AND "
            + where.sql()
            + " ORDER BY score DESC, t.id LIMIT ?";
    return withTransaction(
        c -> {
          try (PreparedStatement p = c.prepareStatement(sql)) {
            int i = 1;
            p.setString(i++, settings.textSearchConfig());
            p.setString(i++, text);
            i = bind(p, i, where.parameters());
            p.setInt(i, topK);
            return matches(p, rank -> rank);
          }
        });
  }

  /** Runs a query of (id, content, metadata, distance or score) into matches. */
  private static List<Match> matches(PreparedStatement p, DoubleUnaryOperator score)
      throws SQLException {
    List<Match> matches = new ArrayList<>();
    try (ResultSet rs = p.executeQuery()) {
      while (rs.next()) {
        matches.add(
            new Match(
                rs.getString(1),
                score.applyAsDouble(rs.getDouble(4)),
                rs.getString(2),
                MetadataJson.read(rs.getString(3))));
      }
    }
    return matches;
  }

  // ---- schema ----

  private boolean hasIvfFlatIndex() {
    return withTransaction(
        c -> {
          try (PreparedStatement p =
              c.prepareStatement(
                  "SELECT 1 FROM pg_indexes WHERE schemaname = ? AND tablename = ?"
                      + " AND indexdef ILIKE '%USING ivfflat%'")) {
            p.setString(1, settings.schema());
            p.setString(2, settings.table());
            try (ResultSet rs = p.executeQuery()) {
              return rs.next();
            }
          }
        });
  }

  // ---- helpers ----

  @FunctionalInterface
  private interface Work<T> {
    T run(Connection connection) throws SQLException;
  }

  private <T> T withTransaction(Work<T> work) {
    try (Connection c = database.dataSource().getConnection()) {
      boolean autoCommit = c.getAutoCommit();
      c.setAutoCommit(false);
      try {
        T result = work.run(c);
        c.commit();
        return result;
      } catch (SQLException | RuntimeException e) {
        c.rollback();
        throw e;
      } finally {
        c.setAutoCommit(autoCommit);
      }
    } catch (SQLException e) {
      throw failure("table " + settings.qualifiedName(), e);
    }
  }

  private static VectorStoreException failure(String where, Exception e) {
    Throwable cause = e;
    while (cause.getCause() != null && cause.getCause() != cause) {
      if (cause instanceof SQLTransientConnectionException
          || cause instanceof java.net.ConnectException) {
        break;
      }
      cause = cause.getCause();
    }
    String state = e instanceof SQLException sql ? sql.getSQLState() : null;
    boolean connection =
        cause instanceof SQLTransientConnectionException
            || cause instanceof java.net.ConnectException
            || (state != null && state.startsWith("08"));
    String message = where + ": " + e.getMessage();
    return connection
        ? new StoreUnavailableException(message, e)
        : new VectorStoreException(message, e);
  }

  private static int bind(PreparedStatement p, int start, List<Object> values) throws SQLException {
    int i = start;
    for (Object value : values) {
      p.setObject(i++, value);
    }
    return i;
  }

  private static String operator(DistanceMetric metric) {
    return switch (metric) {
      case COSINE -> "<=>";
      case L2 -> "<->";
      case INNER_PRODUCT -> "<#>";
    };
  }

  private static double score(DistanceMetric metric, double distance) {
    return switch (metric) {
      case COSINE -> 1 - distance;
      case L2 -> 1 / (1 + distance);
      case INNER_PRODUCT -> -distance;
    };
  }

  /** pgvector's text form: {@code [0.1,0.2,...]}. */
  static String literal(float[] vector) {
    StringBuilder out = new StringBuilder(vector.length * 10 + 2).append('[');
    for (int i = 0; i < vector.length; i++) {
      if (i > 0) {
        out.append(',');
      }
      out.append(vector[i]);
    }
    return out.append(']').toString();
  }

  @Override
  public String toString() {
    return "PgVectorStore[" + settings.qualifiedName() + "]";
  }
}
