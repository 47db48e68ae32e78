package io.cmsai.config;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * A group of settings under one key prefix, in three layers: values saved by an administrator
 * (module database) over MicroProfile Config over built-in defaults. The group's descriptors
 * ({@link SettingGroup}) give the keys, the defaults, the per-field validation and the form
 * metadata; the group turns the layered values into an immutable settings value {@code T},
 * validating it. The value is re-read at most once a second and at once after {@link #save}, {@link
 * #reset} or {@link #invalidate}. Thread-safe.
 *
 * @param <T> the settings value
 */
public final class LayeredSettings<T> {

  private static final long REREAD_NANOS = 1_000_000_000L;

  /**
   * The longest value an administrator may save, well below the settings column (8000 characters):
   * URLs, names and model ids are far shorter.
   */
  public static final int MAX_VALUE_LENGTH = 2000;

  /** Where a setting's value comes from. */
  public enum Origin {
    /** Saved by an administrator. */
    SAVED,
    /** Given in MicroProfile Config (system property, environment, properties file...). */
    CONFIGURED,
    /** Nowhere: the built-in default applies. */
    DEFAULT
  }

  /** Stores saved values: sets {@code values} and removes {@code removed}, atomically. */
  public interface Store {
    void save(Map<String, String> values, Set<String> removed);
  }

  /**
   * A setting as an administrator's form shows it.
   *
   * @param setting the setting's descriptor (label, documentation, default, form control)
   * @param key the key without the prefix
   * @param saved the saved value, or {@code ""}
   * @param origin where the value in force comes from
   * @param inherited the value that applies when nothing is saved (configured or built-in)
   * @param inheritedOrigin {@link Origin#CONFIGURED} or {@link Origin#DEFAULT}
   */
  public record Field(
      Setting<?> setting,
      String key,
      String saved,
      Origin origin,
      String inherited,
      Origin inheritedOrigin) {}

  private record Snapshot<T>(T value, long readAt) {}

  private final SettingGroup<T> group;
  private final String prefix;
  private final List<String> keys;
  private final Function<String, Optional<String>> configured;
  private final Supplier<Map<String, String>> saved;
  private final Store store;
  private volatile Snapshot<T> snapshot;

  /**
   * @param group the settings' descriptors (prefix ending in {@code .}) and how they build the
   *     value
   * @param configured MicroProfile Config lookup of full keys
   * @param saved the saved values by full key
   * @param store saves values
   */
  public LayeredSettings(
      SettingGroup<T> group,
      Function<String, Optional<String>> configured,
      Supplier<Map<String, String>> saved,
      Store store) {
    this.group = group;
    this.prefix = group.prefix();
    this.keys = group.keys();
    this.configured = configured;
    this.saved = saved;
    this.store = store;
  }

  /**
   * The value in force.
   *
   * @throws IllegalArgumentException naming the key when a value is invalid
   */
  public T current() {
    Snapshot<T> known = snapshot;
    long now = System.nanoTime();
    if (known != null && now - known.readAt() < REREAD_NANOS) {
      return known.value();
    }
    T value = group.read(lookup(saved.get()));
    snapshot = new Snapshot<>(value, now);
    return value;
  }

  /** Makes the next {@link #current()} read the layers again. */
  public void invalidate() {
    snapshot = null;
  }

  /**
   * Validates and saves administrator values (full keys); a blank value removes the saved value.
   * Nothing is saved when any value is invalid. Takes effect at once.
   *
   * @return the value now in force
   * @throws IllegalArgumentException for an unknown key or an invalid value
   */
  public T save(Map<String, String> changes) {
    Map<String, String> values = new TreeMap<>();
    Set<String> removed = new TreeSet<>();
    group.read(lookup(merge(changes, values, removed)));
    store.save(values, removed);
    invalidate();
    return current();
  }

  /**
   * The value {@link #save} would put in force, without saving.
   *
   * @throws IllegalArgumentException for an unknown key or an invalid value
   */
  public T preview(Map<String, String> changes) {
    return group.read(lookup(merge(changes, new TreeMap<>(), new TreeSet<>())));
  }

  /**
   * Every problem of a set of changes (full keys), by key, in words fit for a form field; empty
   * when {@link #save} would accept them. Each value is checked on its own (over the defaults), so
   * one bad field does not hide another; then the whole.
   */
  public Map<String, String> problems(Map<String, String> changes) {
    Map<String, String> tooLong = new TreeMap<>();
    Map<String, String> rest = new TreeMap<>();
    changes.forEach(
        (key, value) -> {
          if (value != null && value.strip().length() > MAX_VALUE_LENGTH) {
            tooLong.put(key, tooLong(value));
          } else {
            rest.put(key, value);
          }
        });
    Map<String, String> problems = valueProblems(rest);
    problems.putAll(tooLong);
    return problems;
  }

  private Map<String, String> valueProblems(Map<String, String> changes) {
    Map<String, String> problems = new TreeMap<>();
    Map<String, String> merged;
    try {
      merged = merge(changes, new TreeMap<>(), new TreeSet<>());
    } catch (IllegalArgumentException e) {
      changes.keySet().stream()
          .filter(key -> !isKey(key))
          .forEach(key -> problems.put(key, "unknown setting"));
      return problems;
    }
    // Each value on its own over the defaults; a value that fails alone is checked again with the
    // values that pass alone (a name valid for the chosen kind, say), so one bad field neither
    // hides another nor is blamed for a choice made in another field.
    Map<String, String> alone = new TreeMap<>();
    Map<String, String> fine = new TreeMap<>();
    merged.forEach(
        (key, value) -> {
          try {
            group.read(k -> k.equals(key) ? Optional.of(value) : Optional.<String>empty());
            fine.put(key, value);
          } catch (IllegalArgumentException e) {
            alone.put(key, fieldMessage(key, e));
          }
        });
    alone.forEach(
        (key, message) -> {
          Map<String, String> context = new TreeMap<>(fine);
          context.put(key, merged.get(key));
          try {
            group.read(k -> Optional.ofNullable(context.get(k)));
          } catch (IllegalArgumentException e) {
            problems.put(key, message);
          }
        });
    if (problems.isEmpty()) {
      try {
        group.read(lookup(merged));
      } catch (IllegalArgumentException e) {
        String message = String.valueOf(e.getMessage());
        String key =
            keys.stream()
                .map(k -> prefix + k)
                .filter(k -> message.contains(k + ":"))
                .findFirst()
                .orElse(prefix + keys.get(0));
        problems.put(key, fieldMessage(key, e));
      }
    }
    return problems;
  }

  /** Removes every saved value, so configuration and built-in defaults apply again. */
  public T reset() {
    store.save(Map.of(), new TreeSet<>(saved.get().keySet()));
    invalidate();
    return current();
  }

  /**
   * The text of every setting in force, by key without the prefix (as a form shows them).
   *
   * @throws IllegalArgumentException naming the key when the settings in force are invalid
   */
  public Map<String, String> texts() {
    Function<String, Optional<String>> values = lookup(saved.get());
    group.read(values);
    return group.texts(values);
  }

  /** Every setting, in form order. */
  public List<Field> settings() {
    Map<String, String> savedValues = saved.get();
    return group.settings().stream()
        .map(
            setting -> {
              String full = setting.key();
              String key = setting.shortKey(prefix);
              Optional<String> configuredValue =
                  configured.apply(full).map(String::strip).filter(v -> !v.isEmpty());
              Origin inheritedOrigin =
                  configuredValue.isPresent() ? Origin.CONFIGURED : Origin.DEFAULT;
              return new Field(
                  setting,
                  key,
                  savedValues.getOrDefault(full, ""),
                  savedValues.containsKey(full) ? Origin.SAVED : inheritedOrigin,
                  configuredValue.orElse(setting.defaultText()),
                  inheritedOrigin);
            })
        .toList();
  }

  /** Where each setting (full key) comes from now. */
  public Map<String, Origin> origins() {
    Map<String, Origin> origins = new TreeMap<>();
    settings().forEach(s -> origins.put(prefix + s.key(), s.origin()));
    return origins;
  }

  private Function<String, Optional<String>> lookup(Map<String, String> savedValues) {
    return key -> {
      String value = savedValues.get(key);
      return value != null ? Optional.of(value) : configured.apply(key);
    };
  }

  private Map<String, String> merge(
      Map<String, String> changes, Map<String, String> values, Set<String> removed) {
    Map<String, String> merged = new HashMap<>(saved.get());
    changes.forEach(
        (key, value) -> {
          if (!isKey(key)) {
            throw new IllegalArgumentException("unknown setting " + key);
          }
          if (value != null && value.strip().length() > MAX_VALUE_LENGTH) {
            throw new IllegalArgumentException("invalid value for " + key + ": " + tooLong(value));
          }
          if (value == null || value.isBlank()) {
            removed.add(key);
            merged.remove(key);
          } else {
            values.put(key, value.strip());
            merged.put(key, value.strip());
          }
        });
    return merged;
  }

  private static String tooLong(String value) {
    return "must be at most " + MAX_VALUE_LENGTH + " characters, got " + value.strip().length();
  }

  private boolean isKey(String key) {
    return key.startsWith(prefix) && keys.contains(key.substring(prefix.length()));
  }

  private static String fieldMessage(String key, IllegalArgumentException e) {
    String message = String.valueOf(e.getMessage());
    String start = "invalid value for " + key + ": ";
    return message.startsWith(start) ? message.substring(start.length()) : message;
  }
}
