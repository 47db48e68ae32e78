package io.cmsai.vectorstore.pgvector.internal;

import com.pgvector.PGhalfvec;
import com.pgvector.PGvector;
import io.cmsai.vectorstore.IndexSpec;
import io.cmsai.vectorstore.IndexType;
import io.cmsai.vectorstore.Match;
import io.cmsai.vectorstore.SearchRequest;
import io.cmsai.vectorstore.filter.Filter;
import io.cmsai.vectorstore.pgvector.PgVectorSettings;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.function.DoubleUnaryOperator;
import java.util.regex.Pattern;
import org.postgresql.util.PGobject;

/**
 * The read path of one pgvector table: nearest neighbours, hybrid (vector and full-text fused by
 * reciprocal rank) and full-text search, each on the caller's connection inside its transaction.
 * Stateless apart from the settings; thread-safe.
 *
 * <p>What every search does:
 *
 * <ul>
 *   <li>The query vector is bound as a typed {@code vector} / {@code halfvec} value (never text
 *       cast per row), and {@code plan_cache_mode} is {@code force_custom_plan} for the
 *       transaction, so a statement the driver prepares on the server is planned with the actual
 *       values each time and never falls back to a generic plan.
 *   <li>When the table has an ANN index (HNSW, or IVFFlat once built), a filtered search scans the
 *       index and applies the filter to what it yields (iterative index scans, so the filter does
 *       not starve the result): sequential scans are disabled for the transaction, since the
 *       planner otherwise prefers one whenever it cannot estimate the filter's selectivity (the
 *       access filter every semantic search adds). Without an index, searches are exact.
 *   <li>Equal scores are ordered by id, so a result does not depend on {@code topK} or on the
 *       instance: the nearest {@code topK + }{@value #TIE_SLACK} rows are fetched by distance and
 *       the best {@code topK} of them ordered by distance, then id.
 *   <li>Full-text search reads natural-language text with OR semantics (any of its words matches,
 *       ranked by {@code ts_rank_cd}, as BM25 does in the embedded store); text with a quoted
 *       phrase or a {@code -word} exclusion is read by {@code websearch_to_tsquery} instead.
 * </ul>
 */
public final class PgQueries {

  /** Extra nearest rows fetched so that equal distances at the cut are ordered by id. */
  public static final int TIE_SLACK = 32;

  private static final int RRF_K = 60;
  private static final Pattern OPERATORS = Pattern.compile("\"|(^|\\s)-\\w");

  private final PgVectorSettings settings;
  private final String table;
  private final PgDistance distance;
  private final BooleanSupplier annIndex;

  /**
   * @param annIndex whether the table has an ANN index now (an IVFFlat index is built late)
   */
  public PgQueries(PgVectorSettings settings, BooleanSupplier annIndex) {
    this.settings = settings;
    this.table = PgSchema.quote(settings.schema()) + "." + PgSchema.quote(settings.table());
    this.distance = PgDistance.of(settings.metric());
    this.annIndex = annIndex;
  }

  /** The matches of a request whose vector has been checked, before {@code minScore}. */
  public List<Match> search(Connection c, SearchRequest request) throws SQLException {
    boolean hybrid = request.hybridText().isPresent();
    tune(c, request, hybrid ? hybridDepth(request) : request.topK() + TIE_SLACK);
    return hybrid ? hybrid(c, request, request.hybridText().get()) : nearest(c, request);
  }

  /** Records ranked by the full-text relevance of {@code text}; {@code text} is not blank. */
  public List<Match> searchText(Connection c, String text, int topK, Filter filter)
      throws SQLException {
    SqlFragment where = PgFilterSql.where(filter);
    String sql =
        "SELECT t.id, t.content, t.metadata::text, ts_rank_cd(t.content_tsv, q) AS score FROM "
            + table
            + " t, "
            + tsquery(text)
            + " q WHERE t.content_tsv @@ q AND "
            + where.sql()
            + " ORDER BY score DESC, t.id LIMIT ?";
    customPlans(c);
    try (PreparedStatement p = c.prepareStatement(sql)) {
      int i = 1;
      p.setString(i++, settings.textSearchConfig());
      p.setString(i++, text);
      i = PgJdbc.bind(p, i, where.parameters());
      p.setInt(i, topK);
      return matches(p, rank -> rank, Match.Found.TEXT);
    }
  }

  /**
   * The SQL of the text search query of {@code text} (two parameters: the configuration and the
   * text): OR of its lexemes for natural-language text, {@code websearch_to_tsquery} when it holds
   * a quoted phrase or a {@code -word} exclusion.
   */
  public static String tsquery(String text) {
    if (OPERATORS.matcher(text).find()) {
      return "websearch_to_tsquery(?::regconfig, ?)";
    }
    // plainto_tsquery's text form joins the lexemes with ' & ' (lexemes are quoted and never hold
    // a space); phrase parts of compound words keep their <-> (which binds tighter than |).
    return "replace(plainto_tsquery(?::regconfig, ?)::text, ' & ', ' | ')::tsquery";
  }

  /**
   * Sets the index's per-query knobs for this transaction: the request's accuracy, else the
   * module's default ({@link IndexSpec#defaultAccuracy}); HNSW's ef_search is raised to the rows
   * the scan must yield (an HNSW scan returns at most ef_search rows) and capped at pgvector's
   * maximum of 1000. Filtered searches on an ANN index scan it iteratively, sequential scans off.
   */
  private void tune(Connection c, SearchRequest request, int rows) throws SQLException {
    customPlans(c);
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
      if (filtered && type != IndexType.NONE && annIndex.getAsBoolean()) {
        s.execute("SET LOCAL enable_seqscan = off");
      }
    }
  }

  private static void customPlans(Connection c) throws SQLException {
    try (Statement s = c.createStatement()) {
      s.execute("SET LOCAL plan_cache_mode = force_custom_plan");
    }
  }

  private static int hybridDepth(SearchRequest request) {
    return Math.max(request.topK() * 4, 40);
  }

  /**
   * The nearest {@code limit} rows by distance (served by the ANN index) as {@code (id, distance)}:
   * two parameters, the vector and the limit, after the filter's.
   */
  private String nearestSql(SqlFragment where) {
    return "SELECT id, embedding "
        + distance.operator()
        + " ? AS distance FROM "
        + table
        + " WHERE "
        + where.sql()
        + " ORDER BY distance LIMIT ?";
  }

  private List<Match> nearest(Connection c, SearchRequest request) throws SQLException {
    SqlFragment where = PgFilterSql.where(request.filter());
    String sql =
        "SELECT d.id, d.content, d.metadata::text, n.distance FROM ("
            + nearestSql(where)
            + ") n JOIN "
            + table
            + " d ON d.id = n.id ORDER BY n.distance, n.id LIMIT ?";
    try (PreparedStatement p = c.prepareStatement(sql)) {
      int i = bindNearest(p, 1, request, where, request.topK() + TIE_SLACK);
      p.setInt(i, request.topK());
      return matches(p, distance::score, Match.Found.VECTOR);
    }
  }

  private List<Match> hybrid(Connection c, SearchRequest request, String text) throws SQLException {
    SqlFragment where = PgFilterSql.where(request.filter());
    int depth = hybridDepth(request);
    String sql =
        "WITH v AS (SELECT id, row_number() OVER (ORDER BY distance, id) AS r FROM ("
            + nearestSql(where)
            + ") n),"
            + " f AS (SELECT t.id, row_number() OVER (ORDER BY ts_rank_cd(t.content_tsv, q) DESC,"
            + " t.id) AS r FROM "
            + table
            + " t, "
            + tsquery(text)
            + " q WHERE t.content_tsv @@ q AND "
            + where.sql()
            + " ORDER BY ts_rank_cd(t.content_tsv, q) DESC, t.id LIMIT ?)"
            + " SELECT d.id, d.content, d.metadata::text,"
            + " COALESCE(1.0 / ("
            + RRF_K
            + " + v.r), 0) + COALESCE(1.0 / ("
            + RRF_K
            + " + f.r), 0) AS score, v.r IS NOT NULL, f.r IS NOT NULL"
            + " FROM (SELECT id FROM v UNION SELECT id FROM f) u JOIN "
            + table
            + " d ON d.id = u.id LEFT JOIN v ON v.id = u.id LEFT JOIN f ON f.id = u.id"
            + " ORDER BY score DESC, d.id LIMIT ?";
    try (PreparedStatement p = c.prepareStatement(sql)) {
      int i = bindNearest(p, 1, request, where, depth);
      p.setString(i++, settings.textSearchConfig());
      p.setString(i++, text);
      i = PgJdbc.bind(p, i, where.parameters());
      p.setInt(i++, depth);
      p.setInt(i, request.topK());
      return matches(p, fused -> fused, null);
    }
  }

  private int bindNearest(
      PreparedStatement p, int start, SearchRequest request, SqlFragment where, int limit)
      throws SQLException {
    int i = start;
    p.setObject(i++, vector(request.vector()));
    i = PgJdbc.bind(p, i, where.parameters());
    p.setInt(i++, limit);
    return i;
  }

  /** The query vector as a typed value of the column's type. */
  private PGobject vector(float[] values) throws SQLException {
    return settings.halfPrecision() ? new PGhalfvec(values) : new PGvector(values);
  }

  /**
   * Runs a query of (id, content, metadata, distance or score[, by vector, by text]) into matches;
   * {@code found} null: read from the last two columns.
   */
  private static List<Match> matches(
      PreparedStatement p, DoubleUnaryOperator score, Match.Found found) throws SQLException {
    List<Match> matches = new ArrayList<>();
    try (ResultSet rs = p.executeQuery()) {
      while (rs.next()) {
        matches.add(
            new Match(
                rs.getString(1),
                score.applyAsDouble(rs.getDouble(4)),
                rs.getString(2),
                MetadataJson.read(rs.getString(3)),
                found != null ? found : Match.Found.of(rs.getBoolean(5), rs.getBoolean(6))));
      }
    }
    return matches;
  }
}
