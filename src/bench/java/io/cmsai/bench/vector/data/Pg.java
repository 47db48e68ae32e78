package io.cmsai.bench.vector.data;

import io.cmsai.bench.vector.report.Log;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/** Where the PostgreSQL server is (from the environment) and small admin queries. */
public final class Pg {
  public final String url;
  public final String user;
  public final String password;
  private final Set<String> touched = new LinkedHashSet<>();

  private Pg(String url, String user, String password) {
    this.url = url;
    this.user = user;
    this.password = password;
  }

  public static Pg fromEnvironment() {
    String url = System.getenv("AI_TEST_PG_URL");
    if (url == null || !url.startsWith("jdbc:postgresql:")) {
      throw new IllegalStateException(
          "AI_TEST_PG_URL is not set to a jdbc:postgresql: URL"
              + " (with AI_TEST_PG_USER and AI_TEST_PG_PASSWORD): point it at a PostgreSQL with"
              + " pgvector, e.g. eval \"$(scripts/services/postgres.sh env)\"");
    }
    return new Pg(
        url,
        System.getenv().getOrDefault("AI_TEST_PG_USER", ""),
        System.getenv().getOrDefault("AI_TEST_PG_PASSWORD", ""));
  }

  public Connection connect() throws SQLException {
    return DriverManager.getConnection(url, user, password);
  }

  public static long backendPid(Connection c) throws SQLException {
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT pg_backend_pid()")) {
      rs.next();
      long pid = rs.getLong(1);
      if (!c.getAutoCommit()) {
        c.commit();
      }
      return pid;
    }
  }

  public String serverVersion() throws SQLException {
    return single("SHOW server_version").replaceAll(" .*", "");
  }

  public String extensionVersion() throws SQLException {
    return single(
        "SELECT coalesce((SELECT extversion FROM pg_extension WHERE extname ="
            + " 'vector'), 'not installed')");
  }

  /** "name value, ..." of server settings. */
  public String settings(String... names) throws SQLException {
    List<String> values = new ArrayList<>();
    for (String name : names) {
      values.add(name + " " + single("SELECT current_setting('" + name + "')"));
    }
    return String.join(", ", values);
  }

  private String single(String sql) throws SQLException {
    try (Connection c = connect();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getString(1);
    }
  }

  public long count(String table) throws SQLException {
    return Long.parseLong(single("SELECT count(*) FROM public.\"" + table + "\""));
  }

  /** Drops a bench table and its entry in the adapter's registry (when there is one). */
  public void dropTable(String table) throws SQLException {
    if (!table.startsWith("bench_")) {
      throw new IllegalArgumentException("not a bench table: " + table);
    }
    touched.add(table);
    try (Connection c = connect();
        Statement s = c.createStatement()) {
      s.execute("DROP TABLE IF EXISTS public.\"" + table + "\"");
      try (ResultSet rs =
          s.executeQuery("SELECT to_regclass('public.ai_vector_collection')" + " IS NOT NULL")) {
        rs.next();
        if (!rs.getBoolean(1)) {
          return;
        }
      }
      try (PreparedStatement p =
          c.prepareStatement("DELETE FROM ai_vector_collection WHERE table_name = ?")) {
        p.setString(1, "public." + table);
        p.executeUpdate();
      }
    }
  }

  /** Drops every table {@link #dropTable} was asked about (all the run may have created). */
  public void dropTouched() {
    for (String t : List.copyOf(touched)) {
      try {
        dropTable(t);
      } catch (SQLException e) {
        Log.log("could not drop %s: %s", t, e.getMessage());
      }
    }
    touched.clear();
  }

  public void vacuumAnalyze(String table) throws SQLException {
    try (Connection c = connect();
        Statement s = c.createStatement()) {
      s.execute("VACUUM ANALYZE public.\"" + table + "\"");
    }
  }

  /** Columns and indexes of a table, in one line. */
  public String describeTable(String table) throws SQLException {
    List<String> columns = new ArrayList<>();
    List<String> indexes = new ArrayList<>();
    try (Connection c = connect()) {
      try (PreparedStatement p =
          c.prepareStatement(
              "SELECT a.attname || ' ' ||"
                  + " format_type(a.atttypid, a.atttypmod) || CASE WHEN a.attgenerated = 's' THEN"
                  + " ' (generated)' ELSE '' END FROM pg_attribute a WHERE a.attrelid = ?::regclass"
                  + " AND a.attnum > 0 AND NOT a.attisdropped ORDER BY a.attnum")) {
        p.setString(1, "public." + table);
        try (ResultSet rs = p.executeQuery()) {
          while (rs.next()) {
            columns.add(rs.getString(1));
          }
        }
      }
      try (PreparedStatement p =
          c.prepareStatement(
              "SELECT regexp_replace(indexdef,"
                  + " '^.* USING ', '') FROM pg_indexes WHERE schemaname = 'public' AND tablename = ?"
                  + " ORDER BY indexname")) {
        p.setString(1, table);
        try (ResultSet rs = p.executeQuery()) {
          while (rs.next()) {
            indexes.add(rs.getString(1));
          }
        }
      }
    }
    return "`"
        + String.join(", ", columns)
        + "`; indexes: "
        + indexes.stream().map(i -> "`" + i + "`").collect(Collectors.joining(", "));
  }
}
