package io.cmsai.admin.internal;

import io.cmsai.config.KeyReferences;
import io.cmsai.config.KeyReferences.KeyReference;
import io.cmsai.config.LayeredSettings;
import io.cmsai.config.Setting;
import io.cmsai.provider.ConnectionCheck;
import io.cmsai.provider.ModelInfo;
import io.cmsai.provider.ProviderConfiguration;
import io.cmsai.web.ApiError;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/** The admin API's JSON shapes (serialized by JSON-B) and their conversions. */
public final class AdminWire {

  private AdminWire() {}

  /** The signed-in administrator and the session's CSRF token. */
  public record Session(String user, String csrfToken, String version) {}

  /**
   * One field of a settings form: its state and, from the setting's descriptor, how to show it.
   *
   * @param key the key without the group's prefix
   * @param saved the saved value, or {@code ""}
   * @param origin {@code saved}, {@code configured} or {@code default}
   * @param inherited the value that applies when nothing is saved
   * @param inheritedOrigin {@code configured} or {@code default}
   * @param label the field's label
   * @param hint what the setting does
   * @param defaultValue the built-in default as text
   * @param group the form section
   * @param control how the value is entered (text, url, number, duration, select, keyref, model)
   * @param options the choices of a select
   */
  public record Field(
      String key,
      String saved,
      String origin,
      String inherited,
      String inheritedOrigin,
      String label,
      String hint,
      String defaultValue,
      String group,
      String control,
      List<Setting.Option> options) {
    public static Field of(LayeredSettings.Field s) {
      Setting<?> setting = s.setting();
      Setting.Form form = setting.form().orElse(new Setting.Form("", "text", List.of()));
      return new Field(
          s.key(),
          s.saved(),
          lower(s.origin().name()),
          s.inherited(),
          lower(s.inheritedOrigin().name()),
          setting.label(),
          setting.doc(),
          setting.defaultText(),
          form.group(),
          form.control(),
          form.options());
    }
  }

  /**
   * The provider form.
   *
   * @param fields every setting with its saved and inherited value
   * @param effective the values in force (empty when the configuration is invalid)
   * @param problem why the configuration in force is invalid, or {@code ""}
   */
  public record ProviderForm(List<Field> fields, Map<String, String> effective, String problem) {}

  /** Builds the form from the configuration. */
  public static ProviderForm form(ProviderConfiguration configuration) {
    List<Field> fields = configuration.settings().stream().map(Field::of).toList();
    try {
      return new ProviderForm(fields, configuration.texts(), "");
    } catch (IllegalArgumentException e) {
      return new ProviderForm(fields, Map.of(), String.valueOf(e.getMessage()));
    }
  }

  /**
   * The {@code values} object of a request body as full setting keys; values that are not strings
   * become their JSON text. Missing or null {@code values} is an empty change.
   *
   * @throws io.cmsai.web.ApiException 400 when {@code values} is not an object
   */
  public static Map<String, String> changes(JsonObject body) {
    return changes(body, ProviderConfiguration.PREFIX);
  }

  /** Same, for the settings under {@code prefix}. */
  public static Map<String, String> changes(JsonObject body, String prefix) {
    Map<String, String> changes = new TreeMap<>();
    if (body == null || !body.containsKey("values") || body.isNull("values")) {
      return changes;
    }
    if (!(body.get("values") instanceof JsonObject values)) {
      throw ApiError.invalidParameter(
              "values", "'values' must be an object of setting names and their texts")
          .exception();
    }
    values.forEach(
        (key, value) ->
            changes.put(
                prefix + key,
                value.getValueType() == JsonValue.ValueType.NULL
                    ? ""
                    : value instanceof JsonString text ? text.getString() : value.toString()));
    return changes;
  }

  /** Field problems by key without the prefix. */
  public static Map<String, String> shortKeys(Map<String, String> problems) {
    return shortKeys(problems, ProviderConfiguration.PREFIX);
  }

  /** Same, for the settings under {@code prefix}. */
  public static Map<String, String> shortKeys(Map<String, String> problems, String prefix) {
    Map<String, String> fields = new TreeMap<>();
    problems.forEach(
        (key, message) ->
            fields.put(key.startsWith(prefix) ? key.substring(prefix.length()) : key, message));
    return fields;
  }

  /** A model as listed. */
  public record Model(String id, String ownedBy, Integer maxModelLen) {
    public static Model of(ModelInfo m) {
      return new Model(
          m.id(), m.ownedBy(), m.maxModelLen().isPresent() ? m.maxModelLen().getAsInt() : null);
    }
  }

  /** The models of the form's server. */
  public record Models(List<Model> models) {}

  /** One step of a connection test. */
  public record Step(
      String name, String status, long latencyMillis, String result, String cause, String detail) {}

  /** A connection test's outcome. */
  public record Check(boolean ok, List<Step> steps, List<Model> models) {
    public static Check of(ConnectionCheck check) {
      return new Check(
          check.ok(),
          check.steps().stream()
              .map(
                  s ->
                      new Step(
                          s.name(),
                          lower(s.status().name()),
                          s.latency().toMillis(),
                          s.result(),
                          s.cause(),
                          s.detail()))
              .toList(),
          check.models().stream().map(Model::of).toList());
    }
  }

  /**
   * A key reference as the key page shows it; never a value.
   *
   * @param hint what to do when it does not resolve ({@code ""} when it does)
   * @param hosts the only hosts its value is sent to ({@code cms.ai.secret.<name>.hosts}; empty:
   *     any)
   * @param valueSetHere whether a value is kept in the secrets directory (set on this page or put
   *     there as a file), i.e. whether there is a value to delete
   */
  public record Key(
      String name,
      String note,
      List<String> declarations,
      boolean resolved,
      String source,
      String hint,
      List<String> hosts,
      boolean valueSetHere,
      boolean usedByProvider) {
    public static Key of(KeyReference k, String providerRef, List<String> hosts) {
      return new Key(
          k.name(),
          k.note(),
          k.declarations().stream().map(d -> lower(d.name()).replace('_', '-')).sorted().toList(),
          k.resolution().resolved(),
          k.resolution().source(),
          k.resolution().hint(),
          List.copyOf(hosts),
          k.declarations().contains(KeyReferences.Declaration.SECRETS_FILE),
          k.name().equals(providerRef));
    }
  }

  /** The key page. */
  public record Keys(String secretsDirectory, List<Key> references) {}

  /** The request log page. */
  public record Log(boolean debug, int capacity, long maxAgeSeconds, List<?> entries) {}

  private static String lower(String name) {
    return name.toLowerCase(Locale.ROOT);
  }
}
