package io.cmsai.vectorstore;

import java.net.URI;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Which vector database holds the site's vectors, and how. The dimension is not a setting: it comes
 * from the embedding model in use.
 *
 * @param kind embedded (Lucene under the data directory), pgvector or milvus
 * @param name the table, collection or index name (checked for the kind's naming rules)
 * @param metric how vectors are compared
 * @param index the index type and its build parameters
 * @param postgres the pgvector connection (used when {@code kind} is pgvector)
 * @param milvus the Milvus connection (used when {@code kind} is milvus)
 */
public record VectorStoreSettings(
    Kind kind,
    String name,
    DistanceMetric metric,
    IndexSpec index,
    Postgres postgres,
    Milvus milvus) {

  private static final Pattern LOWER_IDENTIFIER = Pattern.compile("[a-z_][a-z0-9_]{0,62}");
  private static final Pattern MILVUS_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,254}");

  /** The kind of store. */
  public enum Kind {
    EMBEDDED,
    PGVECTOR,
    MILVUS;

    public static Kind parse(String text) {
      return switch (text.strip().toLowerCase(Locale.ROOT)) {
        case "embedded", "lucene" -> EMBEDDED;
        case "pgvector", "postgres", "postgresql" -> PGVECTOR;
        case "milvus", "zilliz" -> MILVUS;
        default ->
            throw new IllegalArgumentException(
                "unknown vector store '" + text + "': use embedded, pgvector or milvus");
      };
    }

    public String id() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /**
   * A PostgreSQL database with pgvector.
   *
   * @param url the JDBC URL ({@code ""}: the module database, which must then be PostgreSQL)
   * @param user the user
   * @param passwordRef the key reference holding the password ({@code ""}: none)
   * @param schema the schema of the table
   * @param textSearchConfig the text search configuration of hybrid search
   */
  public record Postgres(
      String url, String user, String passwordRef, String schema, String textSearchConfig) {
    public Postgres {
      if (!url.isEmpty() && !url.startsWith("jdbc:postgresql:")) {
        throw new IllegalArgumentException(
            "the pgvector URL must start with jdbc:postgresql:, got '" + shorten(url) + "'");
      }
      if (!schema.isEmpty() && !LOWER_IDENTIFIER.matcher(schema).matches()) {
        throw new IllegalArgumentException(
            "invalid schema name '" + schema + "': lower-case letters, digits and '_'");
      }
    }
  }

  /**
   * A Milvus server or Zilliz Cloud cluster.
   *
   * @param uri e.g. {@code http://localhost:19530}
   * @param tokenRef the key reference holding the token ({@code user:password} or an API key)
   * @param database the database ({@code ""}: default)
   * @param consistency Strong, Bounded, Session or Eventually
   */
  public record Milvus(URI uri, String tokenRef, String database, String consistency) {
    public Milvus {
      String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
      if (!scheme.equals("http") && !scheme.equals("https") || uri.getHost() == null) {
        throw new IllegalArgumentException(
            "the Milvus URI must be http:// or https:// with a host, got '" + uri + "'");
      }
      consistency =
          switch (consistency.strip().toLowerCase(Locale.ROOT)) {
            case "strong" -> "Strong";
            case "bounded" -> "Bounded";
            case "session" -> "Session";
            case "eventually" -> "Eventually";
            default ->
                throw new IllegalArgumentException(
                    "unknown consistency level '"
                        + consistency
                        + "': use strong, bounded, session or eventually");
          };
    }
  }

  public VectorStoreSettings {
    if (kind == null || metric == null || index == null || postgres == null || milvus == null) {
      throw new IllegalArgumentException("every part of the vector store settings is required");
    }
    boolean valid =
        kind == Kind.MILVUS
            ? MILVUS_NAME.matcher(name).matches()
            : LOWER_IDENTIFIER.matcher(name).matches();
    if (!valid) {
      throw new IllegalArgumentException(
          "invalid "
              + (kind == Kind.PGVECTOR ? "table" : kind == Kind.MILVUS ? "collection" : "index")
              + " name '"
              + shorten(name)
              + "': use "
              + (kind == Kind.MILVUS ? "letters" : "lower-case letters")
              + ", digits and '_', starting with a letter or '_'");
    }
    if (index.type() == IndexType.AUTOINDEX && kind != Kind.MILVUS) {
      throw new IllegalArgumentException("autoindex is available with Milvus only");
    }
  }

  private static String shorten(String text) {
    return text.length() > 60 ? text.substring(0, 60) + "…" : text;
  }
}
