package io.cmsai.platform;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The one directory under which the module persists its embedded state (H2 settings database,
 * embedded vector index, model caches). Configured by {@code cms.ai.data-dir}.
 *
 * <p>Thread-safe and immutable after construction.
 */
@ApplicationScoped
public class DataDirectory {

  /** MicroProfile Config key of the data directory. */
  public static final String CONFIG_KEY = "cms.ai.data-dir";

  private final Path root;

  /** For CDI proxies only. */
  protected DataDirectory() {
    this.root = null;
  }

  @Inject
  public DataDirectory(@ConfigProperty(name = CONFIG_KEY) String root) {
    this.root = Path.of(root).toAbsolutePath().normalize();
  }

  /** The absolute root directory (may not exist yet; see {@link #ensureWritable()}). */
  public Path root() {
    return root;
  }

  /**
   * Creates the directory if needed and checks that it is writable.
   *
   * @throws UncheckedIOException naming the directory and the config key when it cannot be used
   */
  public Path ensureWritable() {
    try {
      Files.createDirectories(root);
    } catch (IOException e) {
      throw new UncheckedIOException(unusable("cannot be created (" + e + ")"), e);
    }
    if (!Files.isWritable(root)) {
      throw new UncheckedIOException(new IOException(unusable("is not writable")));
    }
    return root;
  }

  private String unusable(String why) {
    return "Data directory "
        + root
        + " "
        + why
        + "; set "
        + CONFIG_KEY
        + " (system property or environment variable CMS_AI_DATA_DIR) to a writable directory";
  }
}
