package io.cmsai.bench.vector.contenders;

import io.cmsai.bench.vector.data.Dataset;
import io.cmsai.bench.vector.data.Pg;
import io.cmsai.platform.Database;
import io.cmsai.vectorstore.VectorRecord;
import io.cmsai.vectorstore.pgvector.PgVectorStore;
import io.cmsai.vectorstore.pgvector.PgVectorStoreFactory;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/** The module's adapter: PgVectorStore.upsert in batches. */
public final class OursPgVector extends PgTableContender {
  private final Database database;
  private PgVectorStore store;

  public OursPgVector(Pg pg, Database database) {
    super(pg);
    this.database = database;
  }

  @Override
  public String key() {
    return "ours";
  }

  @Override
  public String name() {
    return "ours: PgVectorStore.upsert";
  }

  @Override
  protected void createTable(Dataset data, boolean indexed) {
    store = PgVectorStoreFactory.openTable(database, Hnsw.pgSettings(table, data.dims(), indexed));
  }

  @Override
  public void ingest(Dataset data, int batch) {
    for (int from = 0; from < data.rows(); from += batch) {
      int to = Math.min(data.rows(), from + batch);
      List<VectorRecord> records = new ArrayList<>(to - from);
      for (int i = from; i < to; i++) {
        records.add(
            new VectorRecord(data.id(i), data.vectors()[i], data.text(i), data.metadata(i)));
      }
      store.upsert(records);
    }
  }

  @Override
  public long serverPid() throws SQLException {
    try (Connection c = database.dataSource().getConnection()) {
      return Pg.backendPid(c);
    }
  }

  @Override
  public void drop() {
    store.drop();
  }
}
