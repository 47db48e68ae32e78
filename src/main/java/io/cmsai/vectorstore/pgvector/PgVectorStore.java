package io.cmsai.vectorstore.pgvector;

import io.cmsai.platform.Database;
import io.cmsai.vectorstore.EmbeddingFingerprint;
import io.cmsai.vectorstore.IndexType;
import io.cmsai.vectorstore.Match;
import io.cmsai.vectorstore.SearchRequest;
import io.cmsai.vectorstore.StoreDescription;
import io.cmsai.vectorstore.VectorRecord;
import io.cmsai.vectorstore.VectorStore;
import io.cmsai.vectorstore.Vectors;
import io.cmsai.vectorstore.filter.Filter;
import io.cmsai.vectorstore.pgvector.internal.PgFilterSql;
import io.cmsai.vectorstore.pgvector.internal.PgJdbc;
import io.cmsai.vectorstore.pgvector.internal.PgQueries;
import io.cmsai.vectorstore.pgvector.internal.PgSchema;
import io.cmsai.vectorstore.pgvector.internal.PgWriter;
import io.cmsai.vectorstore.pgvector.internal.SqlFragment;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * A {@link VectorStore} on one PostgreSQL table with pgvector, opened by {@link
 * PgVectorStoreFactory}. Columns: {@code id varchar(255)} primary key, {@code embedding vector(n)}
 * ({@code halfvec(n)} above 2000 dimensions), {@code content text}, {@code metadata jsonb} (GIN
 * index), {@code content_tsv tsvector} generated from the content (GIN index, for hybrid search).
 *
 * <p>Writes go through {@link PgWriter} (batched {@code INSERT} or binary {@code COPY}, one
 * transaction per batch, so a failure writes nothing; deferred IVFFlat index), searches through
 * {@link PgQueries} (the ANN index with filters applied on its scan, typed query vectors, ties
 * ordered by id, OR semantics for natural-language keyword queries). Thread-safe.
 */
public final class PgVectorStore implements VectorStore {

  /** Batches of more records than this are written with binary COPY. */
  public static final int COPY_THRESHOLD = PgWriter.COPY_THRESHOLD;

  private final Database database;
  private final PgVectorSettings settings;
  private final String table;
  private final Optional<EmbeddingFingerprint> fingerprint;
  private final PgJdbc jdbc;
  private final PgWriter writer;
  private final PgQueries queries;

  /**
   * A store over an existing table.
   *
   * @param recorded the fingerprint recorded for the table
   * @param ivfFlatBuilt whether its IVFFlat index exists already
   */
  PgVectorStore(
      Database database,
      PgVectorSettings settings,
      Optional<EmbeddingFingerprint> recorded,
      boolean ivfFlatBuilt) {
    this.database = database;
    this.settings = settings;
    this.table = PgSchema.quote(settings.schema()) + "." + PgSchema.quote(settings.table());
    this.fingerprint = recorded;
    this.jdbc = new PgJdbc(database, "table " + settings.qualifiedName());
    this.writer = new PgWriter(jdbc, settings, ivfFlatBuilt);
    this.queries = new PgQueries(settings, this::hasAnnIndex);
  }

  /** Drops the table and its registry entry (irreversible). */
  public void drop() {
    PgVectorStoreFactory.dropTable(database, settings.schema(), settings.table());
  }

  @Override
  public StoreDescription describe() {
    String notes = "";
    if (settings.index().type() == IndexType.IVFFLAT && !writer.ivfFlatBuilt()) {
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
    if (!records.isEmpty()) {
      writer.upsert(records);
    }
  }

  @Override
  public void delete(Collection<String> ids) {
    if (ids.isEmpty()) {
      return;
    }
    jdbc.inTransaction(
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
    jdbc.inTransaction(
        c -> {
          try (PreparedStatement p =
              c.prepareStatement("DELETE FROM " + table + " WHERE " + where.sql())) {
            PgJdbc.bind(p, 1, where.parameters());
            p.executeUpdate();
          }
          return null;
        });
  }

  @Override
  public long count() {
    return writer.count();
  }

  @Override
  public boolean supportsHybridSearch() {
    return true;
  }

  /** {@code ANALYZE}s the table, so the planner knows its new size and value distribution. */
  @Override
  public void optimize() {
    jdbc.inTransaction(
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
    List<Match> matches = jdbc.inTransaction(c -> queries.search(c, request));
    if (request.minScore().isEmpty()) {
      return matches;
    }
    double min = request.minScore().getAsDouble();
    return matches.stream().filter(m -> m.score() >= min).toList();
  }

  @Override
  public List<Match> searchText(String text, int topK, Filter filter) {
    SearchRequest.checkTopK(topK);
    if (text == null || text.isBlank()) {
      return List.of();
    }
    return jdbc.inTransaction(c -> queries.searchText(c, text, topK, filter));
  }

  /**
   * The plan PostgreSQL chooses for {@link #search} of {@code request}, one line per row of {@code
   * EXPLAIN} (diagnostics: whether a filtered search scans the ANN index).
   */
  public List<String> explain(SearchRequest request) {
    Vectors.check(
        request.vector(), settings.dimension(), "table " + settings.qualifiedName(), "the query");
    return jdbc.inTransaction(c -> queries.explain(c, request));
  }

  private boolean hasAnnIndex() {
    return switch (settings.index().type()) {
      case HNSW -> true;
      case IVFFLAT -> writer.ivfFlatBuilt();
      case NONE, AUTOINDEX -> false;
    };
  }

  @Override
  public String toString() {
    return "PgVectorStore[" + settings.qualifiedName() + "]";
  }
}
