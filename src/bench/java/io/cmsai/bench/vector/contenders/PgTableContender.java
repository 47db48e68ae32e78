package io.cmsai.bench.vector.contenders;

import io.cmsai.bench.vector.data.Dataset;
import io.cmsai.bench.vector.data.Pg;
import java.sql.SQLException;

/** A contender writing into one PostgreSQL table at a time. */
public abstract class PgTableContender implements IngestContender {
  protected final Pg pg;
  protected String table;

  protected PgTableContender(Pg pg) {
    this.pg = pg;
  }

  @Override
  public final void create(String name, Dataset data, boolean indexed) throws Exception {
    pg.dropTable(name);
    table = name;
    createTable(data, indexed);
  }

  protected abstract void createTable(Dataset data, boolean indexed) throws Exception;

  @Override
  public long count() throws SQLException {
    return pg.count(table);
  }

  @Override
  public String describe() throws SQLException {
    return pg.describeTable(table);
  }

  @Override
  public void drop() throws SQLException {
    pg.dropTable(table);
  }
}
