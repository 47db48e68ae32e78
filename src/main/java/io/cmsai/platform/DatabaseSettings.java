package io.cmsai.platform;

import java.util.Locale;

/**
 * How to reach the module database. {@link #toString()} never shows the password.
 *
 * @param url JDBC URL, {@code jdbc:h2:...} or {@code jdbc:postgresql://...}
 * @param user user name (may be empty)
 * @param password password (may be empty)
 * @param poolSize maximum pooled connections, 2 to 200 (a schema migration holds two at once)
 */
public record DatabaseSettings(String url, String user, String password, int poolSize) {

  public DatabaseSettings {
    if (url == null || !url.startsWith("jdbc:")) {
      throw new IllegalArgumentException(
          "cms.ai.db.url must be a JDBC URL such as jdbc:postgresql://host:5432/db, got: " + url);
    }
    if (poolSize < 2 || poolSize > 200) {
      throw new IllegalArgumentException(
          "cms.ai.db.pool-size must be 2..200 (schema migrations hold two connections at once), got "
              + poolSize);
    }
    user = user == null ? "" : user;
    password = password == null ? "" : password;
  }

  /** The database product the URL names, e.g. {@code H2} or {@code PostgreSQL}. */
  public String productName() {
    String kind = url.substring(5, Math.max(5, url.indexOf(':', 5))).toLowerCase(Locale.ROOT);
    return switch (kind) {
      case "h2" -> "H2";
      case "postgresql" -> "PostgreSQL";
      default -> kind;
    };
  }

  @Override
  public String toString() {
    return "DatabaseSettings[url=" + url + ", user=" + user + ", poolSize=" + poolSize + "]";
  }
}
