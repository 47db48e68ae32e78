package io.cmsai.config;

import io.cmsai.config.KeyResolver.Resolution;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.eclipse.microprofile.config.Config;

/**
 * The key store: the key references an administrator can pick from, each with whether it resolves
 * now. A reference is known when it is registered by an administrator (a name and a note, kept in
 * the module database; never a value), listed in the configuration key {@value #DECLARED_KEY}
 * (comma-separated), or a file in the secrets directory. An administrator may also set or delete a
 * reference's value ({@link #setValue}, kept as a file in the secrets directory). Values are never
 * read out, only whether and where they resolve ({@link KeyResolver#describe}). Thread-safe.
 */
@ApplicationScoped
public class KeyReferences {

  /** Configuration key listing reference names (comma-separated). */
  public static final String DECLARED_KEY = "cms.ai.keys";

  static final String REGISTERED_PREFIX = "cms.ai.key-ref.";

  /** The longest value {@link #setValue} accepts, in characters. */
  public static final int MAX_VALUE_CHARS = 16 * 1024;

  /** Why a reference is listed. */
  public enum Declaration {
    /** Registered by an administrator. */
    REGISTERED,
    /** Listed in {@value KeyReferences#DECLARED_KEY}. */
    CONFIGURED,
    /** A file in the secrets directory. */
    SECRETS_FILE,
    /** Used by a setting. */
    IN_USE
  }

  /**
   * A reference and its state.
   *
   * @param name the reference name
   * @param note the administrator's note, or {@code ""}
   * @param declarations why it is listed
   * @param resolution whether and where it resolves now (never the value)
   */
  public record KeyReference(
      String name, String note, Set<Declaration> declarations, Resolution resolution) {
    public KeyReference {
      declarations = Set.copyOf(declarations);
    }
  }

  private final SettingsRepository repository;
  private final KeyResolver resolver;
  private final Supplier<List<String>> declared;

  /** For CDI proxies only. */
  protected KeyReferences() {
    this.repository = null;
    this.resolver = null;
    this.declared = null;
  }

  @Inject
  public KeyReferences(SettingsRepository repository, KeyResolver resolver, Config config) {
    this(
        repository,
        resolver,
        () ->
            ModuleSettings.KEYS
                .find(config)
                .map(v -> Arrays.stream(v.split(",")).map(String::strip).toList())
                .orElse(List.of()));
  }

  /** Over explicit parts (tests, tools). */
  public KeyReferences(
      SettingsRepository repository, KeyResolver resolver, Supplier<List<String>> declared) {
    this.repository = repository;
    this.resolver = resolver;
    this.declared = declared;
  }

  /**
   * Every known reference by name, plus {@code inUse} (references that settings name, listed even
   * when nothing else declares them), each described now.
   */
  public List<KeyReference> list(Collection<String> inUse) {
    Map<String, Set<Declaration>> names = new TreeMap<>();
    Map<String, String> notes = new TreeMap<>();
    repository
        .findByPrefix(REGISTERED_PREFIX)
        .forEach(
            (key, note) -> {
              String name = key.substring(REGISTERED_PREFIX.length());
              notes.put(name, note);
              add(names, name, Declaration.REGISTERED);
            });
    declared.get().forEach(name -> add(names, name.strip(), Declaration.CONFIGURED));
    secretFiles().forEach(name -> add(names, name, Declaration.SECRETS_FILE));
    inUse.forEach(name -> add(names, name, Declaration.IN_USE));
    return names.entrySet().stream()
        .map(
            e ->
                new KeyReference(
                    e.getKey(),
                    notes.getOrDefault(e.getKey(), ""),
                    e.getValue(),
                    resolver.describe(e.getKey())))
        .toList();
  }

  /** One reference, described now, if it is known or in use. */
  public Optional<KeyReference> find(String name, Collection<String> inUse) {
    return list(inUse).stream().filter(k -> k.name().equals(name)).findFirst();
  }

  /**
   * Registers a reference name with a note (replacing an earlier note).
   *
   * @throws IllegalArgumentException when the name is not a valid reference name
   */
  public KeyReference register(String name, String note) {
    String trimmed = KeyResolver.checkReference(name == null ? "" : name.strip());
    String cleanNote = note == null ? "" : note.strip();
    if (cleanNote.length() > 500) {
      throw new IllegalArgumentException("the note is longer than 500 characters");
    }
    repository.put(REGISTERED_PREFIX + trimmed, cleanNote);
    return find(trimmed, List.of()).orElseThrow();
  }

  /** Removes a registration; returns whether there was one. Files and configuration stay. */
  public boolean unregister(String name) {
    String key = REGISTERED_PREFIX + name;
    if (repository.find(key).isEmpty()) {
      return false;
    }
    repository.saveAll(Map.of(), Set.of(key));
    return true;
  }

  /**
   * Sets the value of {@code name}: written atomically to the file {@code name} in the secrets
   * directory (mode {@code 0600}, the directory {@code 0700}), replacing an earlier value, used
   * from the next call on. The value is never read back out, logged or shown.
   *
   * @return the reference, described now
   * @throws IllegalArgumentException when the name is not a valid reference name, or the value is
   *     blank, longer than {@value #MAX_VALUE_CHARS} characters or not one line of text (the
   *     message never contains the value)
   * @throws IllegalStateException when {@code cms.ai.secret.<name>} is set in the server's
   *     configuration, which would take precedence over the file
   * @throws java.io.UncheckedIOException when the file cannot be written
   */
  public KeyReference setValue(String name, String value) {
    KeyResolver.checkReference(name);
    checkValue(value);
    Optional<String> configured = resolver.configuredSource(name);
    if (configured.isPresent()) {
      throw new IllegalStateException(
          "'"
              + name
              + "' is set in the server's configuration ("
              + configured.get()
              + " "
              + KeyResolver.SECRET_PREFIX
              + name
              + "), which takes precedence over a value set here: change it there, or remove it"
              + " there first");
    }
    resolver.files().write(name, value.strip());
    return find(name, List.of()).orElseThrow();
  }

  /**
   * Deletes the value of {@code name} kept in the secrets directory (a file or link of that name;
   * configuration values stay). Returns whether there was one.
   *
   * @throws IllegalArgumentException when the name is not a valid reference name
   */
  public boolean removeValue(String name) {
    return resolver.files().delete(KeyResolver.checkReference(name));
  }

  private static void checkValue(String value) {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException("the value is empty");
    }
    if (value.length() > MAX_VALUE_CHARS) {
      throw new IllegalArgumentException(
          "the value is longer than " + MAX_VALUE_CHARS + " characters");
    }
    if (value.strip().chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
      throw new IllegalArgumentException(
          "the value must be one line of text (no line breaks or control characters)");
    }
  }

  private Stream<String> secretFiles() {
    return resolver.files().names(KeyResolver::isValidReference).stream();
  }

  private static void add(Map<String, Set<Declaration>> names, String name, Declaration why) {
    if (KeyResolver.isValidReference(name)) {
      names.computeIfAbsent(name, n -> new TreeSet<>()).add(why);
    }
  }
}
