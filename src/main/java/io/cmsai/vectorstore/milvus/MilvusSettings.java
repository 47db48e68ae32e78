package io.cmsai.vectorstore.milvus;

import io.cmsai.config.Destination;
import io.cmsai.config.KeyResolver;
import io.cmsai.vectorstore.DistanceMetric;
import io.cmsai.vectorstore.EmbeddingFingerprint;
import io.cmsai.vectorstore.IndexSpec;
import io.cmsai.vectorstore.IndexType;
import io.cmsai.vectorstore.Names;
import io.cmsai.vectorstore.Vectors;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Where a Milvus collection lives and how it is built. Validated as a whole when constructed, so a
 * bad name or URI is refused before any connection is made.
 *
 * @param uri {@code http://host:19530} or {@code https://host:port} (Zilliz Cloud); no user
 *     information, path or query: credentials come from {@code tokenReference}, the database from
 *     {@code database}
 * @param tokenReference the name of the secret holding the token ({@code user:password} or an API
 *     key), resolved through {@link KeyResolver} when the store is opened; empty for a server
 *     without authentication
 * @param database the database, empty for Milvus's {@code default}
 * @param collection the collection: letters, digits and {@code _}, starting with a letter or {@code
 *     _}, up to 255 characters
 * @param dimension the vectors' length
 * @param metric how vectors are compared (the index's metric)
 * @param index the vector index built when the collection is created ({@link IndexType#NONE} is
 *     Milvus's {@code FLAT}, exact search)
 * @param consistency the consistency level of the collection, its searches and counts
 * @param connectTimeout how long opening the connection may take
 * @param requestTimeout how long one call may take (a call to a server that went away waits this
 *     long for it to come back before failing)
 * @param loadTimeout how long loading the collection into memory may take
 * @param fingerprint the embedding model recorded when the collection is created, and checked
 *     against the one recorded when an existing collection is opened
 */
public record MilvusSettings(
    String uri,
    Optional<String> tokenReference,
    Optional<String> database,
    String collection,
    int dimension,
    DistanceMetric metric,
    IndexSpec index,
    MilvusConsistency consistency,
    Duration connectTimeout,
    Duration requestTimeout,
    Duration loadTimeout,
    Optional<EmbeddingFingerprint> fingerprint) {

  /** The port Milvus listens on unless the URI says otherwise. */
  public static final int DEFAULT_PORT = 19530;

  public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(10);
  public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(30);
  public static final Duration DEFAULT_LOAD_TIMEOUT = Duration.ofMinutes(2);

  private static final Set<String> HNSW_PARAMETERS = Set.of("m", "ef_construction");
  private static final Set<String> IVF_PARAMETERS = Set.of("lists");

  public MilvusSettings {
    uri = checkUri(uri);
    tokenReference = tokenReference.map(KeyResolver::checkReference);
    database = database.map(d -> Names.milvus("database", d));
    collection = Names.milvus("collection", collection);
    Vectors.checkDimension(dimension);
    require(metric, "the metric");
    checkIndex(require(index, "the index"));
    require(consistency, "the consistency level");
    checkPositive(connectTimeout, "connectTimeout");
    checkPositive(requestTimeout, "requestTimeout");
    checkPositive(loadTimeout, "loadTimeout");
    fingerprint.ifPresent(f -> f.checkAgrees(dimension, metric, "the collection settings"));
  }

  /**
   * Settings for {@code collection} on the server at {@code uri}, with the defaults: cosine, HNSW
   * (m 16, ef_construction 64), strong consistency, no token, the default database.
   */
  public static Builder builder(String uri, String collection, int dimension) {
    return new Builder(uri, collection, dimension);
  }

  /** A copy of these settings for another collection (same server, dimension, metric, index). */
  public MilvusSettings withCollection(String otherCollection) {
    return new MilvusSettings(
        uri,
        tokenReference,
        database,
        otherCollection,
        dimension,
        metric,
        index,
        consistency,
        connectTimeout,
        requestTimeout,
        loadTimeout,
        fingerprint);
  }

  /** The server's host and port (the key reference's token is only sent there). */
  public Destination destination() {
    URI parsed = URI.create(uri);
    return new Destination(
        parsed.getHost(), parsed.getPort() > 0 ? parsed.getPort() : DEFAULT_PORT);
  }

  /** {@code host:port}, for messages. */
  public String address() {
    URI parsed = URI.create(uri);
    return parsed.getHost() + ":" + (parsed.getPort() > 0 ? parsed.getPort() : DEFAULT_PORT);
  }

  private static String checkUri(String uri) {
    if (uri == null || uri.isBlank()) {
      throw new IllegalArgumentException("the Milvus URI is required, e.g. http://localhost:19530");
    }
    URI parsed;
    try {
      parsed = new URI(uri.strip());
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException("invalid Milvus URI " + quote(hideUserInfo(uri)), e);
    }
    if (parsed.getRawUserInfo() != null) {
      throw new IllegalArgumentException(
          "the Milvus URI must not carry credentials: put the token in a secret and name its key"
              + " reference instead");
    }
    String scheme = parsed.getScheme() == null ? "" : parsed.getScheme().toLowerCase(Locale.ROOT);
    boolean pathless = parsed.getRawPath() == null || parsed.getRawPath().matches("/?");
    if (!Set.of("http", "https").contains(scheme)
        || parsed.getHost() == null
        || !pathless
        || parsed.getRawQuery() != null
        || parsed.getRawFragment() != null) {
      throw new IllegalArgumentException(
          "invalid Milvus URI "
              + quote(uri)
              + ": use http://host:port or https://host:port (the database is a setting of its"
              + " own)");
    }
    return scheme + "://" + parsed.getRawAuthority();
  }

  private static void checkIndex(IndexSpec index) {
    Set<String> allowed =
        switch (index.type()) {
          case HNSW -> HNSW_PARAMETERS;
          case IVFFLAT -> IVF_PARAMETERS;
          case NONE, AUTOINDEX -> Set.of();
        };
    for (String name : index.parameters().keySet()) {
      if (!allowed.contains(name)) {
        throw new IllegalArgumentException(
            "index parameter '"
                + name
                + "' does not apply to "
                + index.type()
                + (allowed.isEmpty() ? " (it takes none)" : ": use " + String.join(", ", allowed)));
      }
    }
    if (index instanceof IndexSpec.Hnsw hnsw && (hnsw.m() < 2 || hnsw.m() > 2048)) {
      throw new IllegalArgumentException("HNSW m must be 2..2048 in Milvus, got " + hnsw.m());
    }
    if (index instanceof IndexSpec.IvfFlat ivf && ivf.lists() > 65_536) {
      throw new IllegalArgumentException(
          "IVFFlat lists (nlist) must be 1..65536, got " + ivf.lists());
    }
  }

  private static void checkPositive(Duration duration, String name) {
    if (duration == null || duration.isZero() || duration.isNegative()) {
      throw new IllegalArgumentException(name + " must be a positive duration, got " + duration);
    }
  }

  private static <T> T require(T value, String what) {
    if (value == null) {
      throw new IllegalArgumentException(what + " is required");
    }
    return value;
  }

  private static String hideUserInfo(String uri) {
    return uri.replaceAll("//[^/@]*@", "//***@");
  }

  private static String quote(String value) {
    if (value == null) {
      return "(none)";
    }
    String shown = value.length() > 60 ? value.substring(0, 60) + "…" : value;
    return "'" + shown.replaceAll("\\p{Cntrl}", "?") + "'";
  }

  /** Builds {@link MilvusSettings}; not thread-safe. */
  public static final class Builder {
    private final String uri;
    private final String collection;
    private final int dimension;
    private Optional<String> tokenReference = Optional.empty();
    private Optional<String> database = Optional.empty();
    private DistanceMetric metric = DistanceMetric.COSINE;
    private IndexSpec index = IndexSpec.hnsw();
    private MilvusConsistency consistency = MilvusConsistency.STRONG;
    private Duration connectTimeout = DEFAULT_CONNECT_TIMEOUT;
    private Duration requestTimeout = DEFAULT_REQUEST_TIMEOUT;
    private Duration loadTimeout = DEFAULT_LOAD_TIMEOUT;
    private Optional<EmbeddingFingerprint> fingerprint = Optional.empty();

    private Builder(String uri, String collection, int dimension) {
      this.uri = uri;
      this.collection = collection;
      this.dimension = dimension;
    }

    /** The key reference of the token ({@code null} or blank: none). */
    public Builder tokenReference(String reference) {
      this.tokenReference = Optional.ofNullable(reference).filter(r -> !r.isBlank());
      return this;
    }

    /** The database ({@code null} or blank: {@code default}). */
    public Builder database(String name) {
      this.database = Optional.ofNullable(name).filter(d -> !d.isBlank());
      return this;
    }

    public Builder metric(DistanceMetric metric) {
      this.metric = metric;
      return this;
    }

    public Builder index(IndexSpec index) {
      this.index = index;
      return this;
    }

    public Builder consistency(MilvusConsistency consistency) {
      this.consistency = consistency;
      return this;
    }

    public Builder connectTimeout(Duration timeout) {
      this.connectTimeout = timeout;
      return this;
    }

    public Builder requestTimeout(Duration timeout) {
      this.requestTimeout = timeout;
      return this;
    }

    public Builder loadTimeout(Duration timeout) {
      this.loadTimeout = timeout;
      return this;
    }

    public Builder fingerprint(EmbeddingFingerprint fingerprint) {
      this.fingerprint = Optional.ofNullable(fingerprint);
      return this;
    }

    /**
     * The settings.
     *
     * @throws IllegalArgumentException naming the first invalid value
     */
    public MilvusSettings build() {
      return new MilvusSettings(
          uri,
          tokenReference,
          database,
          collection,
          dimension,
          metric,
          index,
          consistency,
          connectTimeout,
          requestTimeout,
          loadTimeout,
          fingerprint);
    }
  }
}
