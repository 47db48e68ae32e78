package io.cmsai.content;

import io.cmsai.config.Setting;
import io.cmsai.config.SettingGroup;
import io.cmsai.config.SettingType;
import java.util.List;

/**
 * The content settings, declared for the configuration reference; {@link ContentResource} and
 * {@link DemoContent} read the keys themselves.
 */
public final class ContentSettings {

  private ContentSettings() {}

  public static final Setting<Long> MAX_REQUEST_BYTES =
      Setting.of(
          "cms.ai.content.max-request-bytes",
          SettingType.longInteger(1, Long.MAX_VALUE),
          8L * 1024 * 1024,
          "Push request size limit",
          "The largest request body of the content push API, in bytes.");

  public static final Setting<String> DEMO =
      Setting.of(
          "cms.ai.demo.enabled",
          new SettingType<String>("auto, true or false", s -> s, s -> s),
          "auto",
          "Demo content",
          "Index the demo site's content (a Debian handbook): auto only while the application has"
              + " no content source of its own, true always, false never.");

  /** Every content setting. */
  public static final SettingGroup<Void> SETTINGS =
      new SettingGroup<>("Content", "cms.ai.", List.of(MAX_REQUEST_BYTES, DEMO), values -> null);
}
