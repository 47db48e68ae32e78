package io.cmsai.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cmsai.api.FacadeSettings;
import io.cmsai.provider.ProviderConfiguration;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The configuration reference and the defaults file agree with the settings' descriptors. */
class ConfigurationReferenceTest {

  /** {@code key=value} (a value set) or {@code #key=value} (a default shown, commented out). */
  private static final Pattern DEFAULT_LINE = Pattern.compile("#?(cms\\.ai\\.[a-z0-9.-]+)=(.*)");

  @Test
  void docs_configuration_md_is_what_the_descriptors_generate() throws IOException {
    String expected = ConfigurationReference.render();
    if (Boolean.getBoolean("cms.ai.docs.write")) {
      Files.writeString(ConfigurationReference.FILE, expected, StandardCharsets.UTF_8);
    }
    String committed =
        Files.exists(ConfigurationReference.FILE)
            ? Files.readString(ConfigurationReference.FILE, StandardCharsets.UTF_8)
            : "";

    assertEquals(
        expected,
        committed,
        ConfigurationReference.FILE
            + " differs from the settings' descriptors; regenerate it with: "
            + ConfigurationReference.COMMAND);
  }

  @Test
  void no_key_is_declared_twice() {
    Set<String> keys = new HashSet<>();
    List<String> twice = new ArrayList<>();
    for (SettingGroup<?> group : ConfigurationReference.GROUPS) {
      for (Setting<?> setting : group.settings()) {
        if (!keys.add(setting.key())) {
          twice.add(setting.key());
        }
      }
    }

    assertEquals(List.of(), twice);
  }

  @Test
  void every_config_property_injection_is_a_declared_setting_at_its_default() throws Exception {
    Map<String, Setting<?>> declared = new HashMap<>();
    ConfigurationReference.GROUPS.forEach(g -> g.settings().forEach(s -> declared.put(s.key(), s)));
    List<String> wrong = new ArrayList<>();
    int checked = 0;
    for (com.tngtech.archunit.core.domain.JavaClass type :
        new com.tngtech.archunit.core.importer.ClassFileImporter()
            .withImportOption(
                com.tngtech.archunit.core.importer.ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.cmsai")) {
      for (java.lang.reflect.Constructor<?> constructor :
          Class.forName(type.getName(), false, getClass().getClassLoader())
              .getDeclaredConstructors()) {
        for (java.lang.reflect.Parameter parameter : constructor.getParameters()) {
          var property =
              parameter.getAnnotation(org.eclipse.microprofile.config.inject.ConfigProperty.class);
          if (property == null) {
            continue;
          }
          checked++;
          Setting<?> setting = declared.get(property.name());
          String where = type.getSimpleName() + ": " + property.name();
          if (setting == null) {
            wrong.add(where + " is not declared");
          } else if (!property
                  .defaultValue()
                  .equals(org.eclipse.microprofile.config.inject.ConfigProperty.UNCONFIGURED_VALUE)
              && !isDefault(setting, property.defaultValue())) {
            wrong.add(
                where
                    + " defaults to '"
                    + property.defaultValue()
                    + "', declared '"
                    + setting.defaultText()
                    + "'");
          }
        }
      }
    }

    assertEquals(List.of(), wrong, "@ConfigProperty injections");
    assertTrue(checked >= 1, "the injections were found: " + checked);
  }

  @Test
  void every_value_in_the_defaults_file_is_a_declared_setting_at_its_default() throws IOException {
    Map<String, Setting<?>> declared = new HashMap<>();
    ConfigurationReference.GROUPS.forEach(g -> g.settings().forEach(s -> declared.put(s.key(), s)));
    List<String> wrong = new ArrayList<>();
    int checked = 0;
    for (String line : defaultsFile()) {
      Matcher m = DEFAULT_LINE.matcher(line.strip());
      if (!m.matches()) {
        continue;
      }
      checked++;
      Setting<?> setting = declared.get(m.group(1));
      if (setting == null) {
        wrong.add(m.group(1) + " is not declared");
      } else if (!isDefault(setting, m.group(2).strip())) {
        wrong.add(line + " (the default is '" + setting.defaultText() + "')");
      }
    }

    assertEquals(List.of(), wrong, "META-INF/microprofile-config.properties");
    assertTrue(checked >= 20, "the file's defaults were found: " + checked);
  }

  @Test
  void every_provider_and_facade_default_is_shown_in_the_defaults_file() throws IOException {
    String file = String.join("\n", defaultsFile());
    List<String> missing = new ArrayList<>();
    java.util.stream.Stream.of(ProviderConfiguration.SETTINGS, FacadeSettings.SETTINGS)
        .flatMap(g -> g.settings().stream())
        .forEach(
            s -> {
              if (s.defaultValue().isPresent()
                  && !s.defaultText().isEmpty()
                  && !file.contains(s.key() + "=")) {
                missing.add(s.key());
              }
            });

    assertEquals(List.of(), missing);
  }

  /** Whether {@code text} means the setting's default ({@code 120s} means {@code 2m}). */
  private static <T> boolean isDefault(Setting<T> setting, String text) {
    if (setting.defaultText().equals(text)) {
      return true;
    }
    try {
      return setting.defaultValue().equals(java.util.Optional.of(setting.parse(text)));
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  private static List<String> defaultsFile() throws IOException {
    try (InputStream in =
        ConfigurationReferenceTest.class.getResourceAsStream(
            "/META-INF/microprofile-config.properties")) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList();
    }
  }
}
