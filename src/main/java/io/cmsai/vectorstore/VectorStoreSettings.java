package io.cmsai.vectorstore;

import io.cmsai.vectorstore.milvus.MilvusConsistency;
import java.net.URI;
import java.util.Locale;

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
            "the pgvector URL must start with jdbc:postgresql:, got '"
                + (url.length() > 60 ? url.substring(0, 60) + "…" : url)
                + "'");
      }
      if (!schema.isEmpty()) {
        Names.lowerIdentifier("schema", schema);
      }
    }
  }

  /**
   * A Milvus server or Zilliz Cloud cluster.
   *
   * @param uri e.g. {@code http://localhost:19530}
   * @param tokenRef the key reference holding the token ({@code user:password} or an API key)
   * @param database the database ({@code ""}: default)
   * @param consistency how fresh the data a search sees is
   */
  public record Milvus(URI uri, String tokenRef, String database, MilvusConsistency consistency) {
    public Milvus {
      String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
      if (!scheme.equals("http") && !scheme.equals("https") || uri.getHost() == null) {
        throw new IllegalArgumentException(
            "the Milvus URI must be http:// or https:// with a host, got '" + uri + "'");
      }
      if (consistency == null) {
        throw new IllegalArgumentException("the Milvus consistency level is required");
      }
      if (!database.isEmpty()) {
        Names.milvus("database", database);
      }
    }
  }

  public VectorStoreSettings {
    if (kind == null || metric == null || index == null || postgres == null || milvus == null) {
      throw new IllegalArgumentException("every part of the vector store settings is required");
    }
    switch (kind) {
      case MILVUS -> Names.milvus("collection", name);
      case PGVECTOR -> Names.lowerIdentifier("table", name);
      case EMBEDDED -> Names.lowerIdentifier("index", name);
    }
    if (index.type() == IndexType.AUTOINDEX && kind != Kind.MILVUS) {
      throw new IllegalArgumentException("autoindex is available with Milvus only");
    }
  }
}
