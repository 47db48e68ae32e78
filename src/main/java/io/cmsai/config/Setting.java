package io.cmsai.config;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import org.eclipse.microprofile.config.Config;

/**
 * One setting, declared once in the capability that owns it: its key, type, default and
 * documentation, and how the admin console shows it when an administrator may change it. The
 * layered settings, the admin forms, the defaults file and {@code docs/configuration.md} are all
 * derived from these descriptors. Immutable and thread-safe.
 *
 * @param key the full MicroProfile Config key, e.g. {@code cms.ai.provider.base-url}
 * @param type parses (and validates) and formats the value
 * @param defaultValue the built-in default; empty when the setting has none (a secret, say)
 * @param label a short name (form label, reference table)
 * @param doc what the setting does, a sentence or two (form hint, reference table)
 * @param form how the admin console shows the setting; empty when only configuration sets it
 * @param <T> the value
 */
public record Setting<T>(
    String key,
    SettingType<T> type,
    Optional<T> defaultValue,
    String label,
    String doc,
    Optional<Form> form) {

  /**
   * How an admin form shows a setting.
   *
   * @param group the form section ({@code #group-<group>} on the page)
   * @param control {@code text}, {@code url}, {@code number}, {@code duration}, {@code select},
   *     {@code keyref} or {@code model}
   * @param options the choices of a {@code select}, in order
   */
  public record Form(String group, String control, List<Option> options) {
    public Form {
      Objects.requireNonNull(group, "group");
      Objects.requireNonNull(control, "control");
      options = List.copyOf(options);
    }
  }

  /**
   * One choice of a {@code select}.
   *
   * @param value the setting's text
   * @param label what the form shows
   */
  public record Option(String value, String label) {}

  public Setting {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(defaultValue, "defaultValue");
    Objects.requireNonNull(label, "label");
    Objects.requireNonNull(doc, "doc");
    Objects.requireNonNull(form, "form");
  }

  /** A setting that only configuration sets, with a default. */
  public static <T> Setting<T> of(
      String key, SettingType<T> type, T defaultValue, String label, String doc) {
    return new Setting<>(key, type, Optional.of(defaultValue), label, doc, Optional.<Form>empty());
  }

  /** A setting that only configuration sets, without a default. */
  public static <T> Setting<T> withoutDefault(
      String key, SettingType<T> type, String label, String doc) {
    return new Setting<>(key, type, Optional.empty(), label, doc, Optional.<Form>empty());
  }

  /** This setting, editable in the admin console's form {@code group} with {@code control}. */
  public Setting<T> editable(String group, String control, Option... options) {
    return new Setting<>(
        key,
        type,
        defaultValue,
        label,
        doc,
        Optional.of(new Form(group, control, List.of(options))));
  }

  /** Whether an administrator may change the setting in the admin console. */
  public boolean adminEditable() {
    return form.isPresent();
  }

  /**
   * Parses a text given for this setting.
   *
   * @throws IllegalArgumentException "invalid value for KEY: why"
   */
  public T parse(String text) {
    try {
      return type.parse().apply(text.strip());
    } catch (RuntimeException e) {
      throw new IllegalArgumentException("invalid value for " + key + ": " + e.getMessage(), e);
    }
  }

  /**
   * The value in {@code values} (full keys), or the default when it is absent or blank.
   *
   * @throws IllegalArgumentException "invalid value for KEY: why" for a bad value
   * @throws java.util.NoSuchElementException when absent and there is no default
   */
  public T read(Function<String, Optional<String>> values) {
    Optional<String> text = values.apply(key).map(String::strip).filter(v -> !v.isEmpty());
    return text.isPresent() ? parse(text.get()) : defaultValue.orElseThrow();
  }

  /**
   * The value in MicroProfile Config, or the default.
   *
   * @throws IllegalArgumentException "invalid value for KEY: why" for a bad value
   */
  public T read(Config config) {
    return read(key -> config.getOptionalValue(key, String.class));
  }

  /** The value in MicroProfile Config, or the default, or empty when neither exists. */
  public Optional<T> find(Config config) {
    return find(key -> config.getOptionalValue(key, String.class));
  }

  /** The value in {@code values}, or the default, or empty when neither exists. */
  public Optional<T> find(Function<String, Optional<String>> values) {
    Optional<String> text = values.apply(key).map(String::strip).filter(v -> !v.isEmpty());
    return text.isPresent() ? Optional.of(parse(text.get())) : defaultValue;
  }

  /** {@code value} as text, the way {@link #parse} reads it back. */
  public String format(T value) {
    return type.format().apply(value);
  }

  /** The default as text, or {@code ""} when there is none. */
  public String defaultText() {
    return defaultValue.map(this::format).orElse("");
  }

  /** The key without {@code prefix}. */
  public String shortKey(String prefix) {
    return key.startsWith(prefix) ? key.substring(prefix.length()) : key;
  }
}
