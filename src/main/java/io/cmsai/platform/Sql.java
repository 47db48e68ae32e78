package io.cmsai.platform;

import java.sql.Connection;
import java.sql.SQLException;
import org.jdbi.v3.core.ConnectionFactory;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.HandleCallback;
import org.jdbi.v3.core.Handles;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.JdbiException;

/**
 * Jdbi on the caller's connection: the way the module's bookkeeping tables are read and written
 * (see the package documentation for which tables those are).
 *
 * <p>A {@link Handle} opened by {@link #on} wraps the connection that {@link
 * Database#withConnection} handed out and leaves it to its owner: closing the handle neither
 * commits, rolls back nor closes the connection, so the work joins the caller's transaction and
 * {@code withConnection} still decides commit or rollback. A statement that fails throws the
 * driver's {@link SQLException} (unwrapped from Jdbi's exception), which {@code withConnection}
 * translates as it does for plain JDBC.
 *
 * <p>Thread-safe: the Jdbi configuration (mappers, parsed-SQL cache) is shared; each call opens its
 * own handle on the calling thread. Handles must not escape {@code work}.
 */
public final class Sql {

  private static final ThreadLocal<Connection> CALLERS = new ThreadLocal<>();
  private static final Jdbi JDBI = jdbi();

  private Sql() {}

  /** Work on a handle that returns a value. */
  @FunctionalInterface
  public interface Work<T> {
    T run(Handle handle) throws SQLException;
  }

  /**
   * Runs {@code work} on a handle over {@code connection}, in the connection's current transaction.
   *
   * @throws SQLException when a statement fails (the driver's exception)
   */
  public static <T> T on(Connection connection, Work<T> work) throws SQLException {
    Connection outer = CALLERS.get();
    CALLERS.set(connection);
    try {
      return JDBI.withHandle((HandleCallback<T, SQLException>) work::run);
    } catch (JdbiException e) {
      if (e.getCause() instanceof SQLException cause) {
        throw cause;
      }
      throw e;
    } finally {
      restore(outer);
    }
  }

  private static void restore(Connection outer) {
    if (outer == null) {
      CALLERS.remove();
    } else {
      CALLERS.set(outer);
    }
  }

  private static Jdbi jdbi() {
    Jdbi jdbi = Jdbi.create(new CallerConnection());
    // The transaction belongs to Database.withConnection, not to the handle: a handle closed with
    // the caller's transaction open is the normal case here, not a leak to roll back.
    jdbi.getConfig(Handles.class).setForceEndTransactions(false);
    return jdbi;
  }

  /** Hands Jdbi the connection of the current {@link #on} call and never closes it. */
  private static final class CallerConnection implements ConnectionFactory {

    @Override
    public Connection openConnection() {
      Connection connection = CALLERS.get();
      if (connection == null) {
        throw new IllegalStateException("Sql handles exist only inside Sql.on(connection, …)");
      }
      return connection;
    }

    @Override
    public void closeConnection(Connection connection) {
      // The caller (Database.withConnection) owns the connection and its transaction.
    }
  }
}
