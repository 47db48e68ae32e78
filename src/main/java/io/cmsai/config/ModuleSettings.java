package io.cmsai.config;

import java.util.List;

/**
 * The module-wide settings, declared for the configuration reference: the data directory and the
 * module database (read by {@code platform}, which depends on no capability, so they are declared
 * here), secrets and outbound connections. Their users read the keys themselves.
 */
public final class ModuleSettings {

  private ModuleSettings() {}

  public static final Setting<String> DATA_DIR =
      Setting.of(
          "cms.ai.data-dir",
          SettingType.TEXT,
          "${user.home}/.cms-ai",
          "Data directory",
          "The one directory everything the embedded defaults persist goes to (settings database,"
              + " indexes, caches).");

  public static final Setting<String> DB_URL =
      Setting.of(
          "cms.ai.db.url",
          SettingType.TEXT,
          "jdbc:h2:${cms.ai.data-dir}/db/cms-ai",
          "Database URL",
          "The module database: an H2 or PostgreSQL JDBC URL (config/postgresql.properties has an"
              + " example).");

  public static final Setting<String> DB_USER =
      Setting.of("cms.ai.db.user", SettingType.TEXT, "sa", "Database user", "The database user.");

  public static final Setting<String> DB_PASSWORD =
      Setting.withoutDefault(
          "cms.ai.db.password",
          SettingType.TEXT,
          "Database password",
          "Give it as a secret (environment variable CMS_AI_DB_PASSWORD), never in a file in the"
              + " repository.");

  public static final Setting<Integer> DB_POOL_SIZE =
      Setting.of(
          "cms.ai.db.pool-size",
          SettingType.integer(2, 200),
          10,
          "Connection pool",
          "The most pooled connections (a schema migration holds two).");

  public static final Setting<String> SECRETS_DIR =
      Setting.withoutDefault(
          KeyResolver.SECRETS_DIR_KEY,
          SettingType.TEXT,
          "Secrets directory",
          "Where key references are looked up as files; default: secrets under the data"
              + " directory.");

  public static final Setting<String> KEYS =
      Setting.withoutDefault(
          KeyReferences.DECLARED_KEY,
          SettingType.TEXT,
          "Listed key references",
          "Reference names to list on the Key references page, comma-separated.");

  public static final Setting<String> ALLOWED_HOSTS =
      Setting.withoutDefault(
          OutboundPolicy.ALLOWED_HOSTS_KEY,
          SettingType.TEXT,
          "Allowed hosts",
          "Host names or IP addresses, comma-separated, that are exempt from the outbound policy"
              + " (which refuses link-local and cloud metadata addresses); read at start.");

  /** The data directory and the module database. */
  public static final SettingGroup<Void> DATA =
      new SettingGroup<>(
          "Data directory and module database",
          "cms.ai.",
          List.of(DATA_DIR, DB_URL, DB_USER, DB_PASSWORD, DB_POOL_SIZE),
          values -> null);

  /** Secrets and outbound connections. */
  public static final SettingGroup<Void> SECRETS =
      new SettingGroup<>(
          "Secrets and outbound connections",
          "cms.ai.",
          List.of(SECRETS_DIR, KEYS, ALLOWED_HOSTS),
          values -> null);
}
