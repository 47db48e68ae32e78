package io.cmsai.search;

import io.cmsai.config.Setting;
import io.cmsai.config.SettingGroup;
import io.cmsai.config.SettingType;

/**
 * The search settings, declared for the configuration reference; {@link SemanticSearch} reads the
 * keys itself.
 */
public final class SearchSettings {

  private SearchSettings() {}

  public static final Setting<Integer> QUERY_CACHE_SIZE =
      Setting.of(
          "cms.ai.search.query-cache.size",
          SettingType.atLeast(0),
          1000,
          "Query cache size",
          "How many query embeddings are kept for repeated searches.");

  public static final Setting<Integer> QUERY_CACHE_TTL_SECONDS =
      Setting.of(
          "cms.ai.search.query-cache.ttl-seconds",
          SettingType.atLeast(0),
          600,
          "Query cache time",
          "How long, in seconds, a cached query embedding is reused.");

  /** Every search setting. */
  public static final SettingGroup<Void> SETTINGS =
      SettingGroup.documented(
          "Search", "cms.ai.search.", QUERY_CACHE_SIZE, QUERY_CACHE_TTL_SECONDS);
}
