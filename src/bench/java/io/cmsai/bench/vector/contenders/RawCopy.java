package io.cmsai.bench.vector.contenders;

import io.cmsai.bench.vector.data.Dataset;
import io.cmsai.bench.vector.data.Pg;
import io.cmsai.platform.Database;
import io.cmsai.vectorstore.pgvector.PgVectorStoreFactory;
import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;

/**
 * Baseline: binary COPY straight into the adapter's table definition; one COPY of all rows, or
 * (rowsPerCopy &gt; 0) one COPY and commit per that many rows.
 */
public final class RawCopy extends PgTableContender {
  private final Database registry;
  private final int rowsPerCopy;
  private Connection connection;

  public RawCopy(Pg pg, Database registry, int rowsPerCopy) {
    super(pg);
    this.registry = registry;
    this.rowsPerCopy = rowsPerCopy;
  }

  @Override
  public String key() {
    return "raw";
  }

  @Override
  public String name() {
    return rowsPerCopy > 0
        ? "raw JDBC binary COPY (one per " + rowsPerCopy + " rows)"
        : "raw JDBC binary COPY (one COPY, all rows)";
  }

  @Override
  protected void createTable(Dataset data, boolean indexed) throws SQLException {
    PgVectorStoreFactory.openTable(registry, Hnsw.pgSettings(table, data.dims(), indexed));
    if (connection == null) {
      connection = pg.connect();
    }
  }

  @Override
  public void ingest(Dataset data, int batch) throws SQLException, IOException {
    connection.setAutoCommit(false);
    int step = rowsPerCopy > 0 ? rowsPerCopy : data.rows();
    for (int from = 0; from < data.rows(); from += step) {
      CopyIn copy =
          connection
              .unwrap(PGConnection.class)
              .getCopyAPI()
              .copyIn(
                  "COPY public.\""
                      + table
                      + "\" (id, embedding, content, metadata) FROM STDIN (FORMAT binary)");
      try {
        CopyWriter out = new CopyWriter(copy);
        out.header();
        for (int i = from; i < Math.min(data.rows(), from + step); i++) {
          out.row(data, i);
        }
        out.trailer();
        copy.endCopy();
      } finally {
        if (copy.isActive()) {
          copy.cancelCopy();
        }
      }
      connection.commit();
    }
  }

  @Override
  public long serverPid() throws SQLException {
    return Pg.backendPid(connection);
  }

  @Override
  public void close() throws SQLException {
    if (connection != null) {
      connection.close();
    }
  }
}
