package io.cmsai.config;

import io.cmsai.config.internal.SecretFiles;
import io.cmsai.platform.DataDirectory;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.logging.Logger;
import java.util.regex.Pattern;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigValue;

/**
 * Resolves key references: names of secrets, never the secrets themselves. A reference {@code
 * <name>} is looked up at call time <b>only</b> in the places meant for secrets, in this order:
 *
 * <ol>
 *   <li>the MicroProfile Config key {@code cms.ai.secret.<name>}: a system property of that name,
 *       the environment variable {@code CMS_AI_SECRET_<NAME>} ({@link #environmentName}: {@code .}
 *       and {@code -} become {@code _}, upper case), or a Payara password alias of that name;
 *   <li>the file {@code <name>} in the secrets directory ({@code cms.ai.secrets-dir}, default
 *       {@code <data-dir>/secrets}; one secret per file, surrounding whitespace ignored, symbolic
 *       links followed only inside the directory: the Kubernetes secret-volume layout), which is
 *       also where the admin console writes values ({@link KeyReferences#setValue}).
 * </ol>
 *
 * <p>No other configuration value resolves: not {@code <name>} itself as a system property or
 * environment variable, nor a module setting. So a reference cannot read out the database password
 * or the environment, and registering a name tells nothing about them.
 *
 * <p>The optional key {@code cms.ai.secret.<name>.hosts} (comma-separated {@code host} or {@code
 * host:port}, IPv6 in brackets) binds the secret to those destinations: {@link #resolveFor} refuses
 * any other before the value leaves this class.
 *
 * <p>Values are returned only to the code that sends them; {@link #describe} tells where a
 * reference resolves without revealing the value. Thread-safe.
 */
@ApplicationScoped
public class KeyResolver {

  /** MicroProfile Config key of the secrets directory. */
  public static final String SECRETS_DIR_KEY = "cms.ai.secrets-dir";

  /** Prefix of the configuration keys that hold secrets: {@code cms.ai.secret.<name>}. */
  public static final String SECRET_PREFIX = "cms.ai.secret.";

  /** Suffix of a reference's allowed hosts: {@code cms.ai.secret.<name>.hosts}. */
  public static final String HOSTS_SUFFIX = ".hosts";

  private static final Logger LOG = Logger.getLogger(KeyResolver.class.getName());
  private static final Pattern VALID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");
  private static final int MAX_WARNED = 256;

  /**
   * Whether and where a reference resolves, without its value.
   *
   * @param reference the name
   * @param resolved whether it resolves now
   * @param source where from ("secrets file", "environment variable", ...), or why not
   * @param hint what to do when it does not resolve ({@code ""} when it does)
   */
  public record Resolution(String reference, boolean resolved, String source, String hint) {}

  /** A value found in a configuration source. */
  public record Found(String value, String sourceName) {
    @Override
    public String toString() {
      return "Found[value=***, sourceName=" + sourceName + "]";
    }
  }

  private final Function<String, Optional<Found>> secrets;
  private final Function<String, Optional<String>> hosts;
  private final Predicate<String> oldStyle;
  private final SecretFiles files;
  private final Set<String> migrationWarned = ConcurrentHashMap.newKeySet();

  /** For CDI proxies only. */
  protected KeyResolver() {
    this.secrets = null;
    this.hosts = null;
    this.oldStyle = null;
    this.files = null;
  }

  @Inject
  public KeyResolver(Config config, DataDirectory dataDirectory) {
    this(
        name -> fromConfig(config, SECRET_PREFIX + name),
        name -> config.getOptionalValue(SECRET_PREFIX + name + HOSTS_SUFFIX, String.class),
        name -> fromConfig(config, name).isPresent(),
        ModuleSettings.SECRETS_DIR
            .find(config)
            .map(Path::of)
            .orElse(dataDirectory.root().resolve("secrets")));
  }

  /**
   * A resolver over an explicit lookup of {@code cms.ai.secret.<name>} (given {@code <name>}) and a
   * secrets directory, with no host bindings (tests, tools).
   */
  public KeyResolver(Function<String, Optional<Found>> secrets, Path secretsDir) {
    this(secrets, name -> Optional.empty(), name -> false, secretsDir);
  }

  /**
   * A resolver over explicit parts.
   *
   * @param secrets the value of {@code cms.ai.secret.<name>}, given {@code <name>}
   * @param hosts the value of {@code cms.ai.secret.<name>.hosts}, given {@code <name>}
   * @param oldStyle whether {@code <name>} itself has a configuration value (the places references
   *     resolved from before: only for a one-time migration warning in the server log)
   * @param secretsDir the secrets directory
   */
  public KeyResolver(
      Function<String, Optional<Found>> secrets,
      Function<String, Optional<String>> hosts,
      Predicate<String> oldStyle,
      Path secretsDir) {
    this.secrets = secrets;
    this.hosts = hosts;
    this.oldStyle = oldStyle;
    this.files = new SecretFiles(secretsDir);
  }

  /**
   * The secret a reference names, if it resolves now, <b>whatever the destination</b>: for masking
   * it in text only. Code that sends a secret uses {@link #resolveFor}.
   *
   * @throws IllegalArgumentException when {@code reference} is not a valid reference name
   */
  public Optional<String> resolve(String reference) {
    return find(reference).map(Found::value);
  }

  /**
   * The secret a reference names, for sending to {@code destinations} (every host the connection
   * may reach, e.g. each host of a multi-host JDBC URL); empty when it does not resolve (then
   * {@link #unresolvedMessage} says where to put it).
   *
   * @throws DestinationRefusedException when {@code cms.ai.secret.<name>.hosts} is set and a
   *     destination is not among them; nothing is resolved then
   * @throws IllegalArgumentException when {@code reference} is not a valid reference name
   */
  public Optional<String> resolveFor(String reference, Collection<Destination> destinations) {
    checkReference(reference);
    List<String> allowed = allowedHosts(reference);
    if (!allowed.isEmpty()) {
      for (Destination destination : destinations) {
        if (allowed.stream().noneMatch(entry -> matches(entry, destination))) {
          throw new DestinationRefusedException(
              "the key reference '"
                  + reference
                  + "' may only be sent to "
                  + String.join(", ", allowed)
                  + " ("
                  + SECRET_PREFIX
                  + reference
                  + HOSTS_SUFFIX
                  + "), not to "
                  + destination
                  + ": correct the host, or add it to that setting");
        }
      }
    }
    Optional<Found> found = find(reference);
    if (found.isEmpty()) {
      warnIfOldStyle(reference);
    }
    return found.map(Found::value);
  }

  /**
   * The hosts a reference may be sent to ({@code cms.ai.secret.<name>.hosts}, normalised); empty
   * when it is not bound.
   */
  public List<String> allowedHosts(String reference) {
    return hosts
        .apply(reference)
        .map(v -> Arrays.stream(v.split(",")).map(Destination::normalise))
        .orElse(java.util.stream.Stream.empty())
        .filter(h -> !h.isEmpty())
        .toList();
  }

  /** Whether and where {@code reference} resolves; never includes the value. */
  public Resolution describe(String reference) {
    if (!isValidReference(reference)) {
      return new Resolution(reference, false, "invalid reference name", "");
    }
    return find(reference)
        .map(found -> new Resolution(reference, true, found.sourceName(), ""))
        .orElse(new Resolution(reference, false, "not found", places(reference)));
  }

  /**
   * Whether {@code cms.ai.secret.<name>} has a value in the server's configuration (which takes
   * precedence over the secrets file); never the value.
   */
  public Optional<String> configuredSource(String reference) {
    return secrets
        .apply(checkReference(reference))
        .filter(f -> !f.value().isBlank())
        .map(Found::sourceName);
  }

  /**
   * The message for a reference that does not resolve: where its value may be put. Tells nothing
   * about other configuration values.
   */
  public String unresolvedMessage(String reference) {
    return "the key reference '" + reference + "' does not resolve: " + places(reference);
  }

  /** The directory searched for secret files. */
  public Path secretsDirectory() {
    return files.directory();
  }

  /** The secrets directory's files (package-internal: {@link KeyReferences} writes through it). */
  SecretFiles files() {
    return files;
  }

  /**
   * The environment variable MicroProfile Config reads for {@code cms.ai.secret.<reference>}:
   * {@code CMS_AI_SECRET_} + the name with every character other than a letter or digit replaced by
   * {@code _}, in upper case ({@code llm.api-key} → {@code CMS_AI_SECRET_LLM_API_KEY}).
   */
  public static String environmentName(String reference) {
    return (SECRET_PREFIX + reference).replaceAll("[^A-Za-z0-9]", "_").toUpperCase(Locale.ROOT);
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
              + " 128, starting with a letter or digit, not ending in '"
              + HOSTS_SUFFIX
              + "'; the name of a secret, never the key itself)");
    }
    return reference;
  }

  /**
   * Letters, digits, {@code .}, {@code _} and {@code -}, up to 128 characters, not ending in {@code
   * .hosts} (reserved for the allowed hosts of a reference).
   */
  public static boolean isValidReference(String reference) {
    return reference != null
        && VALID.matcher(reference).matches()
        && !reference.endsWith(HOSTS_SUFFIX);
  }

  private String places(String reference) {
    return "set its value on the admin console's Key references page, write it to the file "
        + files.file(reference)
        + ", or set "
        + SECRET_PREFIX
        + reference
        + " (environment variable "
        + environmentName(reference)
        + ", a system property or a Payara password alias of that name)";
  }

  private Optional<Found> find(String reference) {
    if (!isValidReference(reference)) {
      throw new IllegalArgumentException(
          "invalid key reference name: use letters, digits, '.', '_' and '-' (up to 128)");
    }
    Optional<Found> fromConfig = secrets.apply(reference).filter(f -> !f.value().isBlank());
    return fromConfig.isPresent()
        ? fromConfig
        : files.read(reference).map(value -> new Found(value, "secrets file"));
  }

  /**
   * Logs once per reference, for the operator, when a reference used for a call resolves nowhere
   * but its bare name has a configuration value (where references resolved from before): the server
   * log is the operator's, who can read the environment anyway; the admin console and the error
   * message never tell.
   */
  private void warnIfOldStyle(String reference) {
    if (migrationWarned.size() < MAX_WARNED
        && !migrationWarned.contains(reference)
        && oldStyle.test(reference)
        && migrationWarned.add(reference)) {
      LOG.warning(
          () ->
              "the key reference '"
                  + reference
                  + "' no longer resolves from the configuration value of the same name (a"
                  + " system property, environment variable or alias): key references now"
                  + " resolve only from "
                  + SECRET_PREFIX
                  + reference
                  + " (environment variable "
                  + environmentName(reference)
                  + ") or the file "
                  + files.file(reference)
                  + "; move the value there (see the README, Key references)");
    }
  }

  private static boolean matches(String entry, Destination destination) {
    Destination allowed = parseHostEntry(entry);
    return allowed.host().equals(destination.host())
        && (allowed.port() < 0 || allowed.port() == destination.port());
  }

  /**
   * {@code host}, {@code host:port}, {@code [v6]} or {@code [v6]:port}; a bare IPv6 has no port.
   */
  static Destination parseHostEntry(String entry) {
    if (entry.startsWith("[")) {
      int close = entry.indexOf(']');
      String host = entry.substring(1, close < 0 ? entry.length() : close);
      String rest = close < 0 ? "" : entry.substring(close + 1);
      return new Destination(host, rest.startsWith(":") ? port(rest.substring(1)) : -1);
    }
    int colon = entry.indexOf(':');
    if (colon < 0 || entry.indexOf(':', colon + 1) >= 0) {
      return new Destination(entry, -1);
    }
    return new Destination(entry.substring(0, colon), port(entry.substring(colon + 1)));
  }

  private static int port(String text) {
    try {
      return Integer.parseInt(text.strip());
    } catch (NumberFormatException e) {
      return -2; // matches no port: a typo refuses rather than allows
    }
  }

  private static Optional<Found> fromConfig(Config config, String key) {
    ConfigValue value = config.getConfigValue(key);
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
