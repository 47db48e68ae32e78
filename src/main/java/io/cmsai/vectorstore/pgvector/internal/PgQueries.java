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

  /** Keeps each search planned for its own vector (a generic plan converts it per row). */
  private static final String CUSTOM_PLANS = "SET LOCAL plan_cache_mode = force_custom_plan";

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
    tune(c, request);
    try (PreparedStatement p = statement(c, request, "")) {
      return hybrid
          ? matches(p, fused -> fused, null)
          : matches(p, distance::score, Match.Found.VECTOR);
    }
  }

  /**
   * The plan PostgreSQL chooses for {@link #search} of {@code request}, one line per row of {@code
   * EXPLAIN} (diagnostics: which index a search scans). Sets the same transaction settings.
   */
  public List<String> explain(Connection c, SearchRequest request) throws SQLException {
    tune(c, request);
    List<String> plan = new ArrayList<>();
    try (PreparedStatement p = statement(c, request, "EXPLAIN ");
        ResultSet rs = p.executeQuery()) {
      while (rs.next()) {
        plan.add(rs.getString(1));
      }
    }
    return plan;
  }

  private PreparedStatement statement(Connection c, SearchRequest request, String prefix)
      throws SQLException {
    SqlFragment where = PgFilterSql.where(request.filter());
    if (request.hybridText().isEmpty()) {
      PreparedStatement p = c.prepareStatement(prefix + nearestSql(where));
      int i = bindNearest(p, 1, request, where, request.topK() + TIE_SLACK);
      p.setInt(i, request.topK());
      return p;
    }
    String text = request.hybridText().get();
    PreparedStatement p = c.prepareStatement(prefix + hybridSql(where, text));
    int i = bindNearest(p, 1, request, where, hybridDepth(request));
    p.setString(i++, settings.textSearchConfig());
    p.setString(i++, text);
    i = PgJdbc.bind(p, i, where.parameters());
    p.setInt(i++, hybridDepth(request));
    p.setInt(i, request.topK());
    return p;
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
            + " WHERE t.content_tsv @@ q AND "
            + where.sql()
            + " ORDER BY score DESC, t.id LIMIT ?";
    execute(c, CUSTOM_PLANS);
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
   * A {@code FROM} item with one column {@code q}, the text search query of {@code text} (two
   * parameters: the configuration and the text): OR of its lexemes for natural-language text,
   * {@code websearch_to_tsquery} when it holds a quoted phrase or a {@code -word} exclusion.
   */
  public static String tsquery(String text) {
    if (OPERATORS.matcher(text).find()) {
      return "(SELECT websearch_to_tsquery(?::regconfig, ?) AS q) k";
    }
    // plainto_tsquery's text form joins the lexemes with ' & ' (lexemes are quoted and never hold
    // a space); phrase parts of compound words keep their <-> (which binds tighter than |).
    return "(SELECT replace(plainto_tsquery(?::regconfig, ?)::text, ' & ', ' | ')::tsquery AS q) k";
  }

  /**
   * Sets the index's per-query knobs for this transaction: the request's accuracy, else the
   * module's default ({@link IndexSpec#defaultAccuracy}); HNSW's ef_search is raised to the rows
   * the scan must yield (an HNSW scan returns at most ef_search rows) and capped at pgvector's
   * maximum of 1000. Filtered searches on an ANN index scan it iteratively, sequential scans off.
   */
  private void tune(Connection c, SearchRequest request) throws SQLException {
    int rows = request.hybridText().isPresent() ? hybridDepth(request) : request.topK() + TIE_SLACK;
    IndexType type = settings.index().type();
    boolean filtered = !(request.filter() instanceof Filter.All);
    int accuracy = request.accuracy().orElse(settings.index().defaultAccuracy(rows));
    List<String> set = new ArrayList<>(List.of(CUSTOM_PLANS));
    if (type == IndexType.HNSW) {
      set.add("SET LOCAL hnsw.ef_search = " + Math.min(1000, Math.max(accuracy, rows)));
      if (filtered) {
        set.add("SET LOCAL hnsw.iterative_scan = strict_order");
      }
    } else if (type == IndexType.IVFFLAT) {
      set.add("SET LOCAL ivfflat.probes = " + accuracy);
      if (filtered) {
        set.add("SET LOCAL ivfflat.iterative_scan = relaxed_order");
      }
    }
    if (filtered && type != IndexType.NONE && annIndex.getAsBoolean()) {
      set.add("SET LOCAL enable_seqscan = off");
    }
    execute(c, String.join("; ", set));
  }

  /** Runs {@code sql} (one or more statements, sent in one round trip). */
  private static void execute(Connection c, String sql) throws SQLException {
    try (Statement s = c.createStatement()) {
      s.execute(sql);
    }
  }

  private static int hybridDepth(SearchRequest request) {
    return Math.max(request.topK() * 4, 40);
  }

  /**
   * The nearest {@code limit} rows by distance (served by the ANN index) as {@code (id[, content,
   * metadata], distance)}: parameters the vector, the filter's, the limit.
   */
  private String candidatesSql(SqlFragment where, boolean withRecord) {
    return "SELECT id, "
        + (withRecord ? "content, metadata::text AS metadata, " : "")
        + "embedding "
        + distance.operator()
        + " ? AS distance FROM "
        + table
        + " WHERE "
        + where.sql()
        + " ORDER BY distance LIMIT ?";
  }

  /** The nearest rows, ties by id: parameters those of the candidates, then topK. */
  private String nearestSql(SqlFragment where) {
    return "SELECT id, content, metadata, distance FROM ("
        + candidatesSql(where, true)
        + ") n ORDER BY distance, id LIMIT ?";
  }

  /**
   * Reciprocal rank fusion of the nearest candidates and the full-text ranking: parameters those of
   * the candidates, the text search configuration, the text, the filter's, the keyword depth, topK.
   */
  private String hybridSql(SqlFragment where, String text) {
    return "WITH v AS (SELECT id, row_number() OVER (ORDER BY distance, id) AS r FROM ("
        + candidatesSql(where, false)
        + ") n),"
        + " f AS (SELECT t.id, row_number() OVER (ORDER BY ts_rank_cd(t.content_tsv, q) DESC,"
        + " t.id) AS r FROM "
        + table
        + " t, "
        + tsquery(text)
        + " WHERE t.content_tsv @@ q AND "
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
