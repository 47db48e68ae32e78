package io.cmsai.vectorstore;

import io.cmsai.config.LayeredConfiguration;
import io.cmsai.config.LayeredSettings;
import io.cmsai.config.Setting;
import io.cmsai.config.Setting.Option;
import io.cmsai.config.SettingGroup;
import io.cmsai.config.SettingType;
import io.cmsai.config.SettingsRepository;
import io.cmsai.platform.ModuleStartup;
import io.cmsai.vectorstore.VectorStoreSettings.Kind;
import io.cmsai.vectorstore.milvus.MilvusConsistency;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;
import org.eclipse.microprofile.config.Config;

/**
 * The vector store settings in force: keys {@code cms.ai.vector.*}, each declared once below as a
 * {@link Setting}, saved by an administrator over MicroProfile Config over built-in defaults (the
 * embedded store, cosine, HNSW). Passwords and tokens are key references, never values.
 * Thread-safe.
 */
@ApplicationScoped
public class VectorStoreConfiguration extends LayeredConfiguration<VectorStoreSettings> {

  /** Prefix of every key. */
  public static final String PREFIX = "cms.ai.vector.";

  private static final String STORE = "store";
  private static final String POSTGRES = "postgres";
  private static final String MILVUS = "milvus";

  /** A PostgreSQL text search configuration ({@code regconfig}): a lower-case identifier. */
  public static final Setting<Kind> KIND =
      Setting.of(
              PREFIX + "kind",
              new SettingType<>("embedded, pgvector or milvus", Kind::parse, Kind::id),
              Kind.EMBEDDED,
              "Kind",
              "The embedded index needs no server; pgvector and Milvus scale further.")
          .editable(
              STORE,
              "select",
              new Option("embedded", "Embedded (Lucene, under the data directory)"),
              new Option("pgvector", "PostgreSQL with pgvector"),
              new Option("milvus", "Milvus / Zilliz Cloud"));

  public static final Setting<String> NAME =
      Setting.of(
              PREFIX + "name",
              SettingType.TEXT,
              "cms_ai_content",
              "Table / collection",
              "Letters, digits and _ (pgvector and embedded: lower case).")
          .editable(STORE, "text");

  public static final Setting<DistanceMetric> METRIC =
      Setting.of(
              PREFIX + "metric",
              new SettingType<>(
                  "cosine, l2 or inner-product", DistanceMetric::parse, DistanceMetric::id),
              DistanceMetric.COSINE,
              "Metric",
              "Cosine suits most text embedding models.")
          .editable(
              STORE,
              "select",
              new Option("cosine", "Cosine"),
              new Option("l2", "Euclidean (L2)"),
              new Option("inner-product", "Inner product"));

  public static final Setting<IndexType> INDEX =
      Setting.of(
              PREFIX + "index",
              new SettingType<>(
                  "hnsw, ivfflat, none or autoindex",
                  IndexType::parse,
                  t -> t.name().toLowerCase(Locale.ROOT)),
              IndexType.HNSW,
              "Index",
              "HNSW: fast and accurate. IVFFlat on pgvector is built once enough rows exist.")
          .editable(
              STORE,
              "select",
              new Option("hnsw", "HNSW"),
              new Option("ivfflat", "IVFFlat"),
              new Option("none", "None (exact search)"),
              new Option("autoindex", "AUTOINDEX (Milvus)"));

  public static final Setting<Integer> HNSW_M =
      Setting.of(
              PREFIX + "hnsw-m",
              SettingType.atLeast(1),
              IndexSpec.DEFAULT_M,
              "HNSW m",
              "Links per node.")
          .editable(STORE, "number");

  public static final Setting<Integer> HNSW_EF_CONSTRUCTION =
      Setting.of(
              PREFIX + "hnsw-ef-construction",
              SettingType.atLeast(1),
              IndexSpec.DEFAULT_EF_CONSTRUCTION,
              "HNSW ef_construction",
              "Build-time candidate list.")
          .editable(STORE, "number");

  public static final Setting<Integer> IVFFLAT_LISTS =
      Setting.of(
              PREFIX + "ivfflat-lists",
              SettingType.atLeast(1),
              IndexSpec.DEFAULT_LISTS,
              "IVFFlat lists",
              "About rows / 1000.")
          .editable(STORE, "number");

  public static final Setting<String> PG_URL =
      Setting.of(
              PREFIX + "pg-url",
              SettingType.TEXT,
              "",
              "JDBC URL",
              "jdbc:postgresql://host:5432/database (empty: the module database, if PostgreSQL).")
          .editable(POSTGRES, "text");

  public static final Setting<String> PG_USER =
      Setting.of(
              PREFIX + "pg-user",
              new SettingType<>("PostgreSQL role name", VectorStoreConfiguration::userName, s -> s),
              "",
              "User",
              "The PostgreSQL user.")
          .editable(POSTGRES, "text");

  public static final Setting<String> PG_PASSWORD_REF =
      Setting.of(
              PREFIX + "pg-password-ref",
              SettingType.KEY_REFERENCE,
              "",
              "Password key reference",
              "The name of the secret holding the password (Key references page).")
          .editable(POSTGRES, "keyref");

  public static final Setting<String> PG_SCHEMA =
      Setting.of(
              PREFIX + "pg-schema",
              SettingType.TEXT,
              "public",
              "Schema",
              "The schema of the table.")
          .editable(POSTGRES, "text");

  public static final Setting<String> TEXT_SEARCH_CONFIGURATION =
      Setting.of(
              PREFIX + "text-search-config",
              new SettingType<>(
                  "text search configuration",
                  VectorStoreConfiguration::textSearchConfiguration,
                  s -> s),
              "simple",
              "Text search configuration",
              "For hybrid search: simple, english, german…")
          .editable(POSTGRES, "text");

  public static final Setting<URI> MILVUS_URI =
      Setting.of(
              PREFIX + "milvus-uri",
              SettingType.URI_TYPE,
              URI.create("http://localhost:19530"),
              "URI",
              "http://host:19530 or the Zilliz Cloud endpoint.")
          .editable(MILVUS, "url");

  public static final Setting<String> MILVUS_TOKEN_REF =
      Setting.of(
              PREFIX + "milvus-token-ref",
              SettingType.KEY_REFERENCE,
              "",
              "Token key reference",
              "The secret holding user:password or an API key.")
          .editable(MILVUS, "keyref");

  public static final Setting<String> MILVUS_DATABASE =
      Setting.of(
              PREFIX + "milvus-database",
              new SettingType<>(
                  "Milvus database name", text -> Names.milvus("database", text), s -> s),
              "",
              "Database",
              "Empty: default.")
          .editable(MILVUS, "text");

  public static final Setting<MilvusConsistency> MILVUS_CONSISTENCY =
      Setting.of(
              PREFIX + "milvus-consistency",
              new SettingType<>(
                  "strong, bounded, session or eventually",
                  MilvusConsistency::parse,
                  c -> c.name().toLowerCase(Locale.ROOT)),
              MilvusConsistency.STRONG,
              "Consistency",
              "Strong makes writes visible to the next search; the others trade that for"
                  + " latency.")
          .editable(
              MILVUS,
              "select",
              new Option("strong", "Strong (writes visible at once)"),
              new Option("bounded", "Bounded"),
              new Option("session", "Session"),
              new Option("eventually", "Eventually"));

  /** Every vector store setting, in form order, and how they make {@link VectorStoreSettings}. */
  public static final SettingGroup<VectorStoreSettings> SETTINGS =
      new SettingGroup<>(
          "Vector store",
          PREFIX,
          List.of(
              KIND,
              NAME,
              METRIC,
              INDEX,
              HNSW_M,
              HNSW_EF_CONSTRUCTION,
              IVFFLAT_LISTS,
              PG_URL,
              PG_USER,
              PG_PASSWORD_REF,
              PG_SCHEMA,
              TEXT_SEARCH_CONFIGURATION,
              MILVUS_URI,
              MILVUS_TOKEN_REF,
              MILVUS_DATABASE,
              MILVUS_CONSISTENCY),
          VectorStoreConfiguration::read);

  /** Every key without the prefix, in form order. */
  public static final List<String> KEYS = SETTINGS.keys();

  /** For CDI proxies only. */
  protected VectorStoreConfiguration() {
    super();
  }

  @Inject
  public VectorStoreConfiguration(
      Config config, SettingsRepository repository, ModuleStartup startup) {
    super(SETTINGS, config, repository, startup);
  }

  /**
   * @param configured MicroProfile Config lookup of full keys
   * @param saved the saved values by full key
   * @param store saves values
   */
  public VectorStoreConfiguration(
      Function<String, Optional<String>> configured,
      Supplier<Map<String, String>> saved,
      LayeredSettings.Store store) {
    super(SETTINGS, configured, saved, store);
  }

  private static VectorStoreSettings read(SettingGroup.Values v) {
    return new VectorStoreSettings(
        v.get(KIND),
        v.get(NAME),
        v.get(METRIC),
        index(v),
        new VectorStoreSettings.Postgres(
            v.get(PG_URL),
            v.get(PG_USER),
            v.get(PG_PASSWORD_REF),
            v.get(PG_SCHEMA),
            v.get(TEXT_SEARCH_CONFIGURATION)),
        new VectorStoreSettings.Milvus(
            v.get(MILVUS_URI),
            v.get(MILVUS_TOKEN_REF),
            v.get(MILVUS_DATABASE),
            v.get(MILVUS_CONSISTENCY)));
  }

  /** The index specification; only the chosen type's parameters are read. */
  private static IndexSpec index(SettingGroup.Values v) {
    return switch (v.get(INDEX)) {
      case HNSW -> IndexSpec.hnsw(v.get(HNSW_M), v.get(HNSW_EF_CONSTRUCTION));
      case IVFFLAT -> IndexSpec.ivfFlat(v.get(IVFFLAT_LISTS));
      case AUTOINDEX -> IndexSpec.auto();
      case NONE -> IndexSpec.none();
    };
  }

  private static String textSearchConfiguration(String text) {
    try {
      return Names.lowerIdentifier("text search configuration", text);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "not a text search configuration: use a name such as simple, english or german"
              + " (lower-case letters, digits and _)",
          e);
    }
  }

  /** A PostgreSQL role name: at most 63 characters, no control characters. */
  private static String userName(String text) {
    if (text.length() > 63 || text.chars().anyMatch(Character::isISOControl)) {
      throw new IllegalArgumentException(
          "not a PostgreSQL user name: at most 63 characters, no control characters");
    }
    return text;
  }
}
