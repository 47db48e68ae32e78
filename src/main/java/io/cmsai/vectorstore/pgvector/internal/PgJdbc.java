package io.cmsai.vectorstore.pgvector.internal;

import io.cmsai.platform.Database;
import io.cmsai.vectorstore.StoreUnavailableException;
import io.cmsai.vectorstore.VectorStoreException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.util.List;

/**
 * Transactions on one pgvector table's database and the mapping of their failures: connection
 * problems become {@link StoreUnavailableException}, everything else {@link VectorStoreException},
 * each message prefixed with what was being done. Thread-safe.
 */
public final class PgJdbc {

  /** Work on a connection inside a transaction. */
  @FunctionalInterface
  public interface Work<T> {
    T run(Connection connection) throws SQLException;
  }

  private final Database database;
  private final String label;

  /**
   * @param label names the table in messages, e.g. {@code table public.docs}
   */
  public PgJdbc(Database database, String label) {
    this.database = database;
    this.label = label;
  }

  /** Runs {@code work} in one transaction: committed when it returns, rolled back when it fails. */
  public <T> T inTransaction(Work<T> work) {
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
      throw failure(label, e);
    }
  }

  /** The exception for a failure while doing {@code where}. */
  public static VectorStoreException failure(String where, Exception e) {
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

  /** Binds {@code values} from parameter {@code start} on; returns the next parameter index. */
  public static int bind(PreparedStatement p, int start, List<Object> values) throws SQLException {
    int i = start;
    for (Object value : values) {
      p.setObject(i++, value);
    }
    return i;
  }
}
