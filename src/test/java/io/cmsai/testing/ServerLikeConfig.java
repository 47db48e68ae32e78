package io.cmsai.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigValue;
import org.eclipse.microprofile.config.spi.ConfigSource;
import org.eclipse.microprofile.config.spi.Converter;

/**
 * A MicroProfile {@link Config} that looks values up the way Payara does, for unit tests: system
 * properties, then the process environment with Payara's mapping (exact name, then every
 * non-alphanumeric character as {@code _}, then that in upper case), then the given extra values
 * (standing for password aliases or the module's properties file). String values only.
 */
public final class ServerLikeConfig implements Config {

  /** A value of the extra source and the name of that source. */
  public record Extra(String value, String sourceName) {}

  private final Map<String, Extra> extra;

  public ServerLikeConfig(Map<String, Extra> extra) {
    this.extra = Map.copyOf(extra);
  }

  @Override
  public ConfigValue getConfigValue(String name) {
    String property = System.getProperty(name);
    if (property != null) {
      return value(name, property, "SystemPropertyConfigSource");
    }
    String env = environment(name);
    if (env != null) {
      return value(name, env, "Environment");
    }
    Extra found = extra.get(name);
    return found != null ? value(name, found.value(), found.sourceName()) : value(name, null, null);
  }

  /** Payara's EnvironmentConfigSource lookup. */
  private static String environment(String name) {
    String value = System.getenv(name);
    if (value == null) {
      String mapped = name.replaceAll("[^A-Za-z0-9]", "_");
      value = System.getenv(mapped);
      if (value == null) {
        value = System.getenv(mapped.toUpperCase(java.util.Locale.ROOT));
      }
    }
    return value;
  }

  @Override
  public <T> T getValue(String name, Class<T> type) {
    return getOptionalValue(name, type).orElseThrow(() -> new NoSuchElementException(name));
  }

  @Override
  public <T> Optional<T> getOptionalValue(String name, Class<T> type) {
    if (type != String.class) {
      throw new UnsupportedOperationException("string values only");
    }
    return Optional.ofNullable(getConfigValue(name).getValue()).map(type::cast);
  }

  @Override
  public Iterable<String> getPropertyNames() {
    List<String> names = new ArrayList<>(extra.keySet());
    names.addAll(System.getProperties().stringPropertyNames());
    names.addAll(System.getenv().keySet());
    return names;
  }

  @Override
  public Iterable<ConfigSource> getConfigSources() {
    return List.of();
  }

  @Override
  public <T> Optional<Converter<T>> getConverter(Class<T> type) {
    return Optional.empty();
  }

  @Override
  public <T> T unwrap(Class<T> type) {
    throw new IllegalArgumentException("cannot unwrap to " + type);
  }

  private static ConfigValue value(String name, String value, String source) {
    return new ConfigValue() {
      @Override
      public String getName() {
        return name;
      }

      @Override
      public String getValue() {
        return value;
      }

      @Override
      public String getRawValue() {
        return value;
      }

      @Override
      public String getSourceName() {
        return source;
      }

      @Override
      public int getSourceOrdinal() {
        return 0;
      }
    };
  }
}
