package io.cmsai.admin.internal;

import io.cmsai.config.LayeredConfiguration;
import io.cmsai.web.ApiError;
import jakarta.json.JsonObject;
import java.util.Map;
import java.util.function.Function;
import java.util.logging.Logger;

/**
 * What the settings pages' resources share: reading the changes of a request body, refusing invalid
 * ones with a message per field (400), saving and resetting. Thread-safe as its configuration is.
 *
 * @param <T> the settings value
 */
public final class SettingsEndpoint<T> {

  private static final Logger LOG = Logger.getLogger(SettingsEndpoint.class.getName());

  private final String name;
  private final String prefix;
  private final LayeredConfiguration<T> configuration;
  private final Function<T, Map<String, String>> connectionProblems;

  /**
   * @param name the settings' name in log lines ({@code provider})
   * @param prefix the settings' key prefix
   * @param configuration the layered settings
   * @param connectionProblems the problems of valid settings that only the whole shows (an address
   *     the outbound policy refuses), by full key; empty when there are none
   */
  public SettingsEndpoint(
      String name,
      String prefix,
      LayeredConfiguration<T> configuration,
      Function<T, Map<String, String>> connectionProblems) {
    this.name = name;
    this.prefix = prefix;
    this.configuration = configuration;
    this.connectionProblems = connectionProblems;
  }

  /**
   * The settings the body's {@code values} would give, unsaved.
   *
   * @throws io.cmsai.web.ApiException 400 with a message per field when they are invalid
   */
  public T preview(JsonObject body) {
    return configuration.preview(validChanges(body));
  }

  /**
   * Saves the body's {@code values} atomically (a blank value removes the saved one).
   *
   * @throws io.cmsai.web.ApiException 400 with a message per field when they are invalid
   */
  public void save(JsonObject body) {
    Map<String, String> changes = validChanges(body);
    configuration.save(changes);
    LOG.info(
        () ->
            name
                + " settings saved (values of "
                + AdminWire.shortKeys(changes, prefix).entrySet().stream()
                    .filter(e -> !e.getValue().isBlank())
                    .map(Map.Entry::getKey)
                    .toList()
                + "; the others inherited)");
  }

  /** Removes every saved value. */
  public void reset() {
    configuration.reset();
    LOG.info(() -> name + " settings reset to configuration and defaults");
  }

  private Map<String, String> validChanges(JsonObject body) {
    Map<String, String> changes = AdminWire.changes(body, prefix);
    Map<String, String> problems = configuration.problems(changes);
    if (problems.isEmpty()) {
      problems = connectionProblems.apply(configuration.preview(changes));
    }
    if (!problems.isEmpty()) {
      throw ApiError.invalidSettings(AdminWire.shortKeys(problems, prefix)).exception();
    }
    return changes;
  }
}
