package io.cmsai.config;

import io.cmsai.config.LayeredSettings.Field;
import io.cmsai.config.LayeredSettings.Origin;
import io.cmsai.platform.ModuleStartup;
import io.cmsai.platform.StartupReport;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;
import org.eclipse.microprofile.config.Config;

/**
 * Base of a settings group an administrator can change (provider, vector store): the operations of
 * its {@link LayeredSettings} and the CDI wiring they share. Subclasses give the group's
 * descriptors. Thread-safe.
 *
 * @param <T> the settings value
 */
public abstract class LayeredConfiguration<T> {

  private final LayeredSettings<T> layers;

  /** For CDI proxies only. */
  protected LayeredConfiguration() {
    this.layers = null;
  }

  /**
   * @param group the settings' descriptors
   * @param configured MicroProfile Config lookup of full keys
   * @param saved the saved values by full key
   * @param store saves values
   */
  protected LayeredConfiguration(
      SettingGroup<T> group,
      Function<String, Optional<String>> configured,
      Supplier<Map<String, String>> saved,
      LayeredSettings.Store store) {
    this.layers = new LayeredSettings<>(group, configured, saved, store);
  }

  /**
   * The CDI wiring: MicroProfile Config, over it the values saved in the module database once the
   * module has started (before, the database may not be migrated yet).
   */
  protected LayeredConfiguration(
      SettingGroup<T> group, Config config, SettingsRepository repository, ModuleStartup startup) {
    this(
        group,
        key -> config.getOptionalValue(key, String.class),
        () ->
            startup.report().phase() == StartupReport.Phase.READY
                ? repository.findByPrefix(group.prefix())
                : Map.of(),
        repository::saveAll);
  }

  /**
   * The settings in force.
   *
   * @throws IllegalArgumentException naming the key when a value is invalid
   */
  public T current() {
    return layers.current();
  }

  /** Makes the next {@link #current()} read the layers again. */
  public void invalidate() {
    layers.invalidate();
  }

  /**
   * See {@link LayeredSettings#save}: validated as a whole, saved atomically, effective at once.
   */
  public T save(Map<String, String> changes) {
    return layers.save(changes);
  }

  /** See {@link LayeredSettings#preview}: the settings the changes would give, unsaved. */
  public T preview(Map<String, String> changes) {
    return layers.preview(changes);
  }

  /** See {@link LayeredSettings#problems}: every problem by full key, for a form. */
  public Map<String, String> problems(Map<String, String> changes) {
    return layers.problems(changes);
  }

  /** Removes every saved value, so configuration and built-in defaults apply again. */
  public T reset() {
    return layers.reset();
  }

  /** Every setting with its saved and inherited value, in form order. */
  public List<Field> settings() {
    return layers.settings();
  }

  /**
   * The text of every setting in force, by key without the prefix.
   *
   * @throws IllegalArgumentException naming the key when the settings in force are invalid
   */
  public Map<String, String> texts() {
    return layers.texts();
  }

  /** Where each setting (full key) comes from now. */
  public Map<String, Origin> origins() {
    return layers.origins();
  }
}
