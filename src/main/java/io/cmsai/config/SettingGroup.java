package io.cmsai.config;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * A group of settings under one key prefix, declared once as descriptors, and how they build the
 * group's settings value. Immutable and thread-safe.
 *
 * @param title the group's heading in the configuration reference
 * @param prefix the common prefix of the keys, ending in {@code .} ({@code ""} for mixed keys)
 * @param settings every setting, in form order
 * @param build makes (and validates) the value from the settings' values; throws {@link
 *     IllegalArgumentException} for a combination it refuses
 * @param <T> the settings value
 */
public record SettingGroup<T>(
    String title, String prefix, List<Setting<?>> settings, Function<Values, T> build) {

  /** The settings' values while building. */
  @FunctionalInterface
  public interface Values {
    /** The value of {@code setting}: given or default. */
    <V> V get(Setting<V> setting);
  }

  public SettingGroup {
    settings = List.copyOf(settings);
    for (Setting<?> setting : settings) {
      if (!setting.key().startsWith(prefix)) {
        throw new IllegalArgumentException(setting.key() + " is not under " + prefix);
      }
    }
  }

  /** A group that only documents its settings (their users read them one by one). */
  public static SettingGroup<Void> documented(String title, String prefix, Setting<?>... settings) {
    return new SettingGroup<>(title, prefix, List.of(settings), values -> null);
  }

  /**
   * Builds the value from a lookup of full keys.
   *
   * @throws IllegalArgumentException "invalid value for KEY: why", or the value's own refusal
   */
  public T read(Function<String, Optional<String>> values) {
    return build.apply(
        new Values() {
          @Override
          public <V> V get(Setting<V> setting) {
            return setting.read(values);
          }
        });
  }

  /**
   * Every setting's value in a lookup of full keys as text, by key without the prefix: formatted as
   * the setting writes it, or as given when it does not parse (a setting the chosen variant does
   * not read, say).
   */
  public Map<String, String> texts(Function<String, Optional<String>> values) {
    Map<String, String> texts = new TreeMap<>();
    settings.forEach(s -> texts.put(s.shortKey(prefix), text(s, values)));
    return texts;
  }

  /** Every key without the prefix, in form order. */
  public List<String> keys() {
    return settings.stream().map(s -> s.shortKey(prefix)).toList();
  }

  private static <V> String text(Setting<V> setting, Function<String, Optional<String>> values) {
    try {
      return setting.find(values).map(setting::format).orElse("");
    } catch (IllegalArgumentException e) {
      return values.apply(setting.key()).map(String::strip).orElse("");
    }
  }
}
