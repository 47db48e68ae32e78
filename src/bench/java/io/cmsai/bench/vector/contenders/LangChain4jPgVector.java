package io.cmsai.bench.vector.contenders;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.langchain4j.data.document.Metadata;
import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.store.embedding.pgvector.PgVectorEmbeddingStore;
import io.cmsai.bench.vector.data.Dataset;
import io.cmsai.bench.vector.data.Pg;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * LangChain4j's PgVectorEmbeddingStore with its default settings, on a pooled data source of one
 * connection (as the adapter has). Its only index option is IVFFlat (useIndex, off by default), so
 * for the HNSW variant the bench adds the same HNSW index to its table before the rows.
 */
public final class LangChain4jPgVector extends PgTableContender {
  private final HikariDataSource pool;
  private PgVectorEmbeddingStore store;

  public LangChain4jPgVector(Pg pg) {
    super(pg);
    HikariConfig config = new HikariConfig();
    config.setPoolName("bench-lc4j");
    config.setJdbcUrl(pg.url);
    config.setUsername(pg.user);
    config.setPassword(pg.password);
    config.setMaximumPoolSize(1);
    config.setMinimumIdle(1);
    this.pool = new HikariDataSource(config);
  }

  @Override
  public String key() {
    return "lc4j";
  }

  @Override
  public String name() {
    return "LangChain4j PgVectorEmbeddingStore.addAll";
  }

  @Override
  protected void createTable(Dataset data, boolean indexed) throws SQLException {
    store =
        PgVectorEmbeddingStore.datasourceBuilder()
            .datasource(pool)
            .table(table)
            .dimension(data.dims())
            .build();
    if (indexed) {
      try (Connection c = pg.connect();
          Statement s = c.createStatement()) {
        s.execute(
            "CREATE INDEX "
                + table
                + "_hnsw ON "
                + table
                + " USING hnsw (embedding"
                + " vector_cosine_ops) WITH (m = "
                + Hnsw.M
                + ", ef_construction = "
                + Hnsw.EF_CONSTRUCTION
                + ")");
      }
    }
  }

  @Override
  public void ingest(Dataset data, int batch) {
    for (int from = 0; from < data.rows(); from += batch) {
      int to = Math.min(data.rows(), from + batch);
      List<String> ids = new ArrayList<>(to - from);
      List<Embedding> embeddings = new ArrayList<>(to - from);
      List<TextSegment> segments = new ArrayList<>(to - from);
      for (int i = from; i < to; i++) {
        ids.add(data.id(i));
        embeddings.add(Embedding.from(data.vectors()[i]));
        segments.add(TextSegment.from(data.text(i), Metadata.from(data.metadata(i))));
      }
      store.addAll(ids, embeddings, segments);
    }
  }

  @Override
  public long serverPid() throws SQLException {
    try (Connection c = pool.getConnection()) {
      return Pg.backendPid(c);
    }
  }

  @Override
  public void close() {
    pool.close();
  }
}
