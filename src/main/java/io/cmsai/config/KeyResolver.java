package io.cmsai.config;

import io.cmsai.platform.DataDirectory;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigValue;

/**
 * Resolves key references: names of secrets, never the secrets themselves. A reference is looked up
 * at call time, first in MicroProfile Config (environment variables — {@code llmd.key} also matches
 * {@code LLMD_KEY} —, system properties, Payara password aliases, and any other config source of
 * the server), then as a file named like the reference in the secrets directory ({@code
 * cms.ai.secrets-dir}, default {@code <data-dir>/secrets}; one secret per file, surrounding
 * whitespace ignored, the Kubernetes secret-volume layout).
 *
 * <p>Values are returned only to the code that sends them; {@link #describe} tells where a
 * reference resolves without revealing the value. Thread-safe.
 */
@ApplicationScoped
public class KeyResolver {

  /** MicroProfile Config key of the secrets directory. */
  public static final String SECRETS_DIR_KEY = "cms.ai.secrets-dir";

  private static final Pattern VALID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");
  private static final long MAX_SECRET_FILE_BYTES = 64 * 1024;

  /** Where a reference resolved, without its value. */
  public record Resolution(String reference, boolean resolved, String source) {}

  /** A value found in a configuration source. */
  public record Found(String value, String sourceName) {
    @Override
    public String toString() {
      return "Found[value=***, sourceName=" + sourceName + "]";
    }
  }

  private final Function<String, Optional<Found>> config;
  private final Path secretsDir;

  /** For CDI proxies only. */
  protected KeyResolver() {
    this.config = null;
    this.secretsDir = null;
  }

  @Inject
  public KeyResolver(Config config, DataDirectory dataDirectory) {
    this(
        name -> fromConfig(config, name),
        config
            .getOptionalValue(SECRETS_DIR_KEY, String.class)
            .map(Path::of)
            .orElse(dataDirectory.root().resolve("secrets")));
  }

  /** A resolver over an explicit lookup and secrets directory (tests, tools). */
  public KeyResolver(Function<String, Optional<Found>> config, Path secretsDir) {
    this.config = config;
    this.secretsDir = secretsDir.toAbsolutePath().normalize();
  }

  /**
   * The secret a reference names, if it resolves now.
   *
   * @throws IllegalArgumentException when {@code reference} is not a valid reference name
   */
  public Optional<String> resolve(String reference) {
    return find(reference).map(Found::value);
  }

  /** Whether and where {@code reference} resolves; never includes the value. */
  public Resolution describe(String reference) {
    if (!isValidReference(reference)) {
      return new Resolution(reference, false, "invalid reference name");
    }
    return find(reference)
        .map(found -> new Resolution(reference, true, found.sourceName()))
        .orElse(new Resolution(reference, false, "not found"));
  }

  /** The directory searched for secret files. */
  public Path secretsDirectory() {
    return secretsDir;
  }

  /**
   * {@code reference}, checked.
   *
   * @throws IllegalArgumentException saying what a reference name looks like
   */
  public static String checkReference(String reference) {
    if (!isValidReference(reference)) {
      throw new IllegalArgumentException(
          "'"
              + reference
              + "' is not a key reference name: use letters, digits, '.', '_' and '-' (up to"
              + " 128, starting with a letter or digit; the name of a secret, never the key"
              + " itself)");
    }
    return reference;
  }

  /** Letters, digits, {@code .}, {@code _} and {@code -}, up to 128 characters. */
  public static boolean isValidReference(String reference) {
    return reference != null && VALID.matcher(reference).matches();
  }

  private Optional<Found> find(String reference) {
    if (!isValidReference(reference)) {
      throw new IllegalArgumentException(
          "invalid key reference name: use letters, digits, '.', '_' and '-' (up to 128)");
    }
    Optional<Found> fromConfig = config.apply(reference).filter(f -> !f.value().isBlank());
    return fromConfig.isPresent() ? fromConfig : fromFile(reference);
  }

  private Optional<Found> fromFile(String reference) {
    Path file = secretsDir.resolve(reference);
    try {
      if (!Files.isRegularFile(file) || Files.size(file) > MAX_SECRET_FILE_BYTES) {
        return Optional.empty();
      }
      String value = Files.readString(file, StandardCharsets.UTF_8).strip();
      return value.isEmpty() ? Optional.empty() : Optional.of(new Found(value, "secrets file"));
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  private static Optional<Found> fromConfig(Config config, String name) {
    ConfigValue value = config.getConfigValue(name);
    if (value == null || value.getValue() == null) {
      return Optional.empty();
    }
    return Optional.of(new Found(value.getValue(), describeSource(value.getSourceName())));
  }

  static String describeSource(String sourceName) {
    String name = sourceName == null ? "" : sourceName.toLowerCase(Locale.ROOT);
    if (name.contains("env")) {
      return "environment variable";
    }
    if (name.contains("system")) {
      return "system property";
    }
    if (name.contains("password") || name.contains("alias")) {
      return "Payara password alias";
    }
    if (name.contains("director") || name.contains("secret")) {
      return "secrets directory";
    }
    return sourceName == null || sourceName.isBlank() ? "configuration" : sourceName;
  }
}
