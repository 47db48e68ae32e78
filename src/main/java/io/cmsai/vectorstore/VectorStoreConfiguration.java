package io.cmsai.vectorstore;

import io.cmsai.config.KeyResolver;
import io.cmsai.config.LayeredConfiguration;
import io.cmsai.config.LayeredSettings;
import io.cmsai.config.SettingsRepository;
import io.cmsai.platform.ModuleStartup;
import io.cmsai.platform.StartupReport;
import io.cmsai.vectorstore.VectorStoreSettings.Kind;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.function.Supplier;
import org.eclipse.microprofile.config.Config;

/**
 * The vector store settings in force: keys {@code cms.ai.vector.*}, saved by an administrator over
 * MicroProfile Config over built-in defaults (the embedded store, cosine, HNSW 16/64). Passwords
 * and tokens are key references, never values. Thread-safe.
 */
@ApplicationScoped
public class VectorStoreConfiguration extends LayeredConfiguration<VectorStoreSettings> {

  /** Prefix of every key. */
  public static final String PREFIX = "cms.ai.vector.";

  /** Every key without the prefix, in form order. */
  public static final List<String> KEYS =
      List.of(
          "kind",
          "name",
          "metric",
          "index",
          "hnsw-m",
          "hnsw-ef-construction",
          "ivfflat-lists",
          "pg-url",
          "pg-user",
          "pg-password-ref",
          "pg-schema",
          "text-search-config",
          "milvus-uri",
          "milvus-token-ref",
          "milvus-database",
          "milvus-consistency");

  /** For CDI proxies only. */
  protected VectorStoreConfiguration() {
    super();
  }

  @Inject
  public VectorStoreConfiguration(
      Config config, SettingsRepository repository, ModuleStartup startup) {
    this(
        key -> config.getOptionalValue(key, String.class),
        () ->
            startup.report().phase() == StartupReport.Phase.READY
                ? repository.findByPrefix(PREFIX)
                : Map.of(),
        repository::saveAll);
  }

  public VectorStoreConfiguration(
      Function<String, Optional<String>> configured,
      Supplier<Map<String, String>> saved,
      LayeredSettings.Store store) {
    super(
        new LayeredSettings<>(
            PREFIX,
            KEYS,
            VectorStoreConfiguration::read,
            VectorStoreConfiguration::texts,
            configured,
            saved,
            store));
  }

  private static VectorStoreSettings read(Function<String, Optional<String>> values) {
    Kind kind = value(values, "kind", Kind::parse, Kind.EMBEDDED);
    IndexType type = value(values, "index", IndexType::parse, IndexType.HNSW);
    IndexSpec index =
        switch (type) {
          case HNSW ->
              IndexSpec.hnsw(
                  value(values, "hnsw-m", Integer::parseInt, IndexSpec.DEFAULT_M),
                  value(
                      values,
                      "hnsw-ef-construction",
                      Integer::parseInt,
                      IndexSpec.DEFAULT_EF_CONSTRUCTION));
          case IVFFLAT ->
              IndexSpec.ivfFlat(
                  value(values, "ivfflat-lists", Integer::parseInt, IndexSpec.DEFAULT_LISTS));
          case AUTOINDEX -> IndexSpec.auto();
          case NONE -> IndexSpec.none();
        };
    return new VectorStoreSettings(
        kind,
        value(values, "name", s -> s, "cms_ai_content"),
        value(values, "metric", DistanceMetric::parse, DistanceMetric.COSINE),
        index,
        new VectorStoreSettings.Postgres(
            value(values, "pg-url", s -> s, ""),
            value(values, "pg-user", VectorStoreConfiguration::userName, ""),
            value(values, "pg-password-ref", KeyResolver::checkReference, ""),
            value(values, "pg-schema", s -> s, "public"),
            value(
                values,
                "text-search-config",
                VectorStoreConfiguration::textSearchConfiguration,
                "simple")),
        new VectorStoreSettings.Milvus(
            value(values, "milvus-uri", URI::create, URI.create("http://localhost:19530")),
            value(values, "milvus-token-ref", KeyResolver::checkReference, ""),
            value(values, "milvus-database", VectorStoreConfiguration::milvusDatabase, ""),
            value(values, "milvus-consistency", s -> s, "strong")));
  }

  /** A PostgreSQL text search configuration ({@code regconfig}): a lower-case identifier. */
  private static final java.util.regex.Pattern TEXT_SEARCH_CONFIG =
      java.util.regex.Pattern.compile("[a-z_][a-z0-9_]{0,62}");

  private static String textSearchConfiguration(String text) {
    if (!TEXT_SEARCH_CONFIG.matcher(text).matches()) {
      throw new IllegalArgumentException(
          "not a text search configuration: use a name such as simple, english or german"
              + " (lower-case letters, digits and _)");
    }
    return text;
  }

  /** Milvus's rule for database names (as {@code MilvusSettings.checkName}). */
  private static final java.util.regex.Pattern MILVUS_NAME =
      java.util.regex.Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,254}");

  private static String milvusDatabase(String text) {
    if (!MILVUS_NAME.matcher(text).matches()) {
      throw new IllegalArgumentException(
          "not a Milvus database name: use letters, digits and '_', starting with a letter or"
              + " '_' (up to 255 characters)");
    }
    return text;
  }

  /** A PostgreSQL role name: at most 63 characters, no control characters. */
  private static String userName(String text) {
    if (text.length() > 63 || text.chars().anyMatch(Character::isISOControl)) {
      throw new IllegalArgumentException(
          "not a PostgreSQL user name: at most 63 characters, no control characters");
    }
    return text;
  }

  /** The settings as text by key without the prefix (as {@link #read} reads them back). */
  public static Map<String, String> texts(VectorStoreSettings s) {
    Map<String, String> texts = new TreeMap<>();
    texts.put("kind", s.kind().id());
    texts.put("name", s.name());
    texts.put("metric", s.metric().id());
    texts.put("index", s.index().type().name().toLowerCase(java.util.Locale.ROOT));
    IndexSpec.Hnsw hnsw =
        s.index() instanceof IndexSpec.Hnsw h ? h : (IndexSpec.Hnsw) IndexSpec.hnsw();
    texts.put("hnsw-m", Integer.toString(hnsw.m()));
    texts.put("hnsw-ef-construction", Integer.toString(hnsw.efConstruction()));
    texts.put(
        "ivfflat-lists",
        Integer.toString(
            s.index() instanceof IndexSpec.IvfFlat ivf ? ivf.lists() : IndexSpec.DEFAULT_LISTS));
    texts.put("pg-url", s.postgres().url());
    texts.put("pg-user", s.postgres().user());
    texts.put("pg-password-ref", s.postgres().passwordRef());
    texts.put("pg-schema", s.postgres().schema());
    texts.put("text-search-config", s.postgres().textSearchConfig());
    texts.put("milvus-uri", s.milvus().uri().toString());
    texts.put("milvus-token-ref", s.milvus().tokenRef());
    texts.put("milvus-database", s.milvus().database());
    texts.put("milvus-consistency", s.milvus().consistency().toLowerCase(java.util.Locale.ROOT));
    return texts;
  }

  private static <V> V value(
      Function<String, Optional<String>> values,
      String key,
      Function<String, V> parse,
      V fallback) {
    return LayeredSettings.read(values, PREFIX + key, parse, fallback);
  }
}
