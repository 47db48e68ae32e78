package io.cmsai.bench.vector.contenders;

import io.cmsai.bench.vector.data.Pg;
import io.cmsai.vectorstore.IndexSpec;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;

/**
 * The adapter's query, by hand, on one JDBC connection: in autocommit mode with ef_search set on
 * the session when it changes (the baseline), or ({@code transactional}, a diagnostic) in the
 * adapter's round trips: a transaction per query, {@code SET LOCAL hnsw.ef_search}, the query,
 * COMMIT. The ef_search is the adapter's: the asked one, or the module's default, never below top
 * k.
 */
public final class PlainSql implements SearchContender, AutoCloseable {
  public final String sql;
  private final boolean transactional;
  private final Connection connection;
  private final PreparedStatement statement;
  private int currentEf = -1;

  public PlainSql(Pg pg, String table, int dims, boolean transactional) throws SQLException {
    String distance = "embedding <=> ?::vector(" + dims + ")";
    this.sql =
        "SELECT id, content, metadata::text, "
            + distance
            + " AS distance FROM public.\""
            + table
            + "\" ORDER BY "
            + distance
            + " LIMIT ?";
    this.transactional = transactional;
    this.connection = pg.connect();
    this.statement = connection.prepareStatement(sql);
  }

  @Override
  public String name() {
    return transactional ? "diagnostic: plain SQL, a transaction per query" : "plain SQL over JDBC";
  }

  @Override
  public long serverPid() throws SQLException {
    return Pg.backendPid(connection);
  }

  @Override
  public List<String> search(float[] query, int topK, OptionalInt ef) throws SQLException {
    int effective =
        Math.min(1000, Math.max(topK, ef.orElse(IndexSpec.hnsw().defaultAccuracy(topK))));
    if (transactional) {
      connection.setAutoCommit(false);
      try (Statement s = connection.createStatement()) {
        s.execute("SET LOCAL hnsw.ef_search = " + effective);
      }
      List<String> ids = query(query, topK);
      connection.commit();
      return ids;
    }
    if (effective != currentEf) {
      try (Statement s = connection.createStatement()) {
        s.execute("SET hnsw.ef_search = " + effective);
      }
      currentEf = effective;
    }
    return query(query, topK);
  }

  private List<String> query(float[] query, int topK) throws SQLException {
    String literal = literal(query);
    statement.setString(1, literal);
    statement.setString(2, literal);
    statement.setInt(3, topK);
    List<String> ids = new ArrayList<>(topK);
    try (ResultSet rs = statement.executeQuery()) {
      while (rs.next()) {
        ids.add(rs.getString(1));
        rs.getString(2);
        rs.getString(3);
        rs.getDouble(4);
      }
    }
    return ids;
  }

  @Override
  public String plan(float[] query, int topK, OptionalInt ef) throws SQLException {
    connection.setAutoCommit(true);
    try (Statement s = connection.createStatement()) {
      s.execute(
          "SET hnsw.ef_search = "
              + Math.min(1000, Math.max(topK, ef.orElse(IndexSpec.hnsw().defaultAccuracy(topK)))));
    }
    currentEf = -1;
    return plan(query);
  }

  /** The plan's scan line for one query, e.g. "Index Scan using ... on ...". */
  public String plan(float[] query) throws SQLException {
    try (PreparedStatement p = connection.prepareStatement("EXPLAIN " + sql)) {
      String literal = literal(query);
      p.setString(1, literal);
      p.setString(2, literal);
      p.setInt(3, 10);
      List<String> lines = new ArrayList<>();
      try (ResultSet rs = p.executeQuery()) {
        while (rs.next()) {
          lines.add(
              rs.getString(1).trim().replaceAll("\\s+\\(cost=.*", "").replaceFirst("^->\\s*", ""));
        }
      }
      return lines.stream()
          .filter(l -> l.contains("Scan"))
          .findFirst()
          .orElse(String.join(" / ", lines));
    }
  }

  public String show(String setting) {
    try (Statement s = connection.createStatement()) {
      s.execute("RESET " + setting);
      currentEf = -1;
      try (ResultSet rs = s.executeQuery("SHOW " + setting)) {
        rs.next();
        return rs.getString(1);
      }
    } catch (SQLException e) {
      return "unknown (" + e.getMessage() + ")";
    }
  }

  @Override
  public void close() throws SQLException {
    connection.close();
  }

  /** pgvector's text form, as the adapter writes it. */
  private static String literal(float[] vector) {
    StringBuilder out = new StringBuilder(vector.length * 12).append('[');
    for (int i = 0; i < vector.length; i++) {
      if (i > 0) {
        out.append(',');
      }
      out.append(vector[i]);
    }
    return out.append(']').toString();
  }
}
