package io.cmsai.bench.vector.contenders;

import io.cmsai.bench.vector.data.Dataset;
import io.cmsai.bench.vector.data.Pg;
import io.cmsai.platform.Database;
import io.cmsai.vectorstore.pgvector.PgVectorStoreFactory;
import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;

/**
 * Diagnostic: the adapter's write SQL for batches above 256 rows (per batch, in one transaction:
 * temp staging table, binary COPY into it, INSERT ... SELECT ... ON CONFLICT into the table),
 * issued by hand so each phase can be timed.
 */
public final class StagedCopy extends PgTableContender {
  private final Database registry;
  private Connection connection;
  private final long[] phases = new long[4];

  public StagedCopy(Pg pg, Database registry) {
    super(pg);
    this.registry = registry;
  }

  @Override
  public String key() {
    return "staged";
  }

  @Override
  public String name() {
    return "diagnostic: the adapter's staged COPY SQL by hand";
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
    Arrays.fill(phases, 0);
    String name = "public.\"" + table + "\"";
    String vector = "vector(" + data.dims() + ")";
    connection.setAutoCommit(false);
    for (int from = 0; from < data.rows(); from += batch) {
      int to = Math.min(data.rows(), from + batch);
      long t0 = System.nanoTime();
      try (Statement s = connection.createStatement()) {
        s.execute(
            "CREATE TEMP TABLE cms_ai_stage (id varchar(255), embedding "
                + vector
                + ", content text, metadata jsonb) ON COMMIT DROP");
      }
      long t1 = System.nanoTime();
      CopyIn copy =
          connection
              .unwrap(PGConnection.class)
              .getCopyAPI()
              .copyIn(
                  "COPY cms_ai_stage (id, embedding, content, metadata) FROM STDIN (FORMAT binary)");
      try {
        CopyWriter out = new CopyWriter(copy);
        out.header();
        for (int i = from; i < to; i++) {
          out.row(data, i);
        }
        out.trailer();
        copy.endCopy();
      } finally {
        if (copy.isActive()) {
          copy.cancelCopy();
        }
      }
      long t2 = System.nanoTime();
      try (Statement s = connection.createStatement()) {
        s.execute(
            "INSERT INTO "
                + name
                + " (id, embedding, content, metadata) SELECT id,"
                + " embedding::"
                + vector
                + ", content, metadata FROM cms_ai_stage ON CONFLICT (id)"
                + " DO UPDATE SET embedding = EXCLUDED.embedding, content = EXCLUDED.content,"
                + " metadata = EXCLUDED.metadata");
      }
      long t3 = System.nanoTime();
      connection.commit();
      long t4 = System.nanoTime();
      phases[0] += t1 - t0;
      phases[1] += t2 - t1;
      phases[2] += t3 - t2;
      phases[3] += t4 - t3;
    }
  }

  @Override
  public String details() {
    long total = Arrays.stream(phases).sum();
    if (total == 0) {
      return "";
    }
    String[] names = {
      "CREATE TEMP TABLE",
      "COPY into the staging table",
      "INSERT ... SELECT ... ON CONFLICT",
      "COMMIT"
    };
    List<String> parts = new ArrayList<>();
    for (int i = 0; i < phases.length; i++) {
      parts.add(
          String.format(
              Locale.ROOT,
              "%s %.1f s (%.0f %%)",
              names[i],
              phases[i] / 1e9,
              100.0 * phases[i] / total));
    }
    return "time per phase, summed over the batches: " + String.join(", ", parts);
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
