package io.cmsai.config;

import io.cmsai.config.LayeredSettings.Origin;
import io.cmsai.config.LayeredSettings.Setting;
import java.util.List;
import java.util.Map;

/**
 * Base of a settings group an administrator can change (provider, vector store): the operations of
 * its {@link LayeredSettings}. Subclasses add the keys, the reader and the CDI wiring. Thread-safe.
 *
 * @param <T> the settings value
 */
public abstract class LayeredConfiguration<T> {

  private final LayeredSettings<T> layers;

  /** For CDI proxies only. */
  protected LayeredConfiguration() {
    this.layers = null;
  }

  protected LayeredConfiguration(LayeredSettings<T> layers) {
    this.layers = layers;
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
  public List<Setting> settings() {
    return layers.settings();
  }

  /** Where each setting (full key) comes from now. */
  public Map<String, Origin> origins() {
    return layers.origins();
  }
}
