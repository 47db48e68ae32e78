package io.cmsai.platform;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/** Build facts of this module, read once from {@code cms-ai-build.properties}. */
public final class ModuleInfo {

  /** The module's name. */
  public static final String NAME = "cms-ai";

  private static final String VERSION = load().getProperty("version", "unknown");

  private ModuleInfo() {}

  /** The Maven version this build was made from. */
  public static String version() {
    return VERSION;
  }

  private static Properties load() {
    Properties properties = new Properties();
    try (InputStream in = ModuleInfo.class.getResourceAsStream("/cms-ai-build.properties")) {
      if (in != null) {
        properties.load(in);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return properties;
  }
}
