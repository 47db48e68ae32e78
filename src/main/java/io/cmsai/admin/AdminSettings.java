package io.cmsai.admin;

import io.cmsai.config.Setting;
import io.cmsai.config.SettingGroup;
import io.cmsai.config.SettingType;
import java.time.Duration;

/**
 * The admin console's settings, declared for the configuration reference; {@link RequestLog} reads
 * the keys itself.
 */
public final class AdminSettings {

  private AdminSettings() {}

  public static final Setting<Integer> REQUEST_LOG_SIZE =
      Setting.of(
          RequestLog.SIZE_KEY,
          SettingType.integer(1, 100_000),
          200,
          "Request log size",
          "How many calls the request log keeps (with Debug on).");

  public static final Setting<Duration> REQUEST_LOG_MAX_AGE =
      Setting.of(
          RequestLog.MAX_AGE_KEY,
          SettingType.DURATION,
          Duration.ofHours(1),
          "Request log age",
          "How long the request log keeps a call.");

  /** Every admin console setting. */
  public static final SettingGroup<Void> SETTINGS =
      SettingGroup.documented(
          "Admin console", "cms.ai.admin.", REQUEST_LOG_SIZE, REQUEST_LOG_MAX_AGE);
}
