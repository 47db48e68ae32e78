package io.cmsai.embeddings.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.UnaryOperator;

/**
 * Where DJL unpacks the tokenizer's native library. By default DJL writes to {@code ~/.djl.ai};
 * this points it at the module's data directory instead, unless the operator chose a place ({@code
 * DJL_CACHE_DIR} or {@code ENGINE_CACHE_DIR} as environment variable or system property). It also
 * puts DJL in offline mode (unless {@code DJL_OFFLINE} or {@code ai.djl.offline} says otherwise),
 * so it never tries to download a GPU build of the library: the CPU build inside the jar is used.
 *
 * <p>DJL reads these as JVM-wide system properties, so the choice applies to the whole server.
 */
public final class DjlCache {

  static final String CACHE_DIR = "DJL_CACHE_DIR";
  static final String ENGINE_CACHE_DIR = "ENGINE_CACHE_DIR";
  static final String OFFLINE_ENV = "DJL_OFFLINE";
  static final String OFFLINE_PROPERTY = "ai.djl.offline";

  private DjlCache() {}

  /**
   * Points DJL at {@code dir} (created if needed) unless the operator chose another directory.
   *
   * @param env the environment ({@code System::getenv})
   * @return the directory DJL's native-library cache now uses
   * @throws UncheckedIOException when {@code dir} is used and cannot be created
   */
  public static synchronized Path relocate(Path dir, UnaryOperator<String> env) {
    if (isBlank(env.apply(OFFLINE_ENV)) && isBlank(System.getProperty(OFFLINE_PROPERTY))) {
      System.setProperty(OFFLINE_PROPERTY, "true");
    }
    String engine = chosen(ENGINE_CACHE_DIR, env);
    if (engine != null) {
      return Path.of(engine);
    }
    String cache = chosen(CACHE_DIR, env);
    if (cache != null) {
      return Path.of(cache);
    }
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create the native-library cache " + dir, e);
    }
    System.setProperty(CACHE_DIR, dir.toString());
    return dir;
  }

  private static String chosen(String name, UnaryOperator<String> env) {
    String value = env.apply(name);
    if (isBlank(value)) {
      value = System.getProperty(name);
    }
    return isBlank(value) ? null : value;
  }

  private static boolean isBlank(String value) {
    return value == null || value.isBlank();
  }
}
