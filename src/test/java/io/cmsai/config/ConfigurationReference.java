package io.cmsai.config;

import io.cmsai.admin.AdminSettings;
import io.cmsai.api.FacadeSettings;
import io.cmsai.content.ContentSettings;
import io.cmsai.embeddings.EmbeddingSettings;
import io.cmsai.indexing.IndexSettings;
import io.cmsai.provider.ProviderConfiguration;
import io.cmsai.search.SearchSettings;
import io.cmsai.security.SecuritySettings;
import io.cmsai.vectorstore.VectorStoreConfiguration;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Writes {@code docs/configuration.md} from the settings' descriptors: {@code ./mvnw -o -q
 * test-compile} then run this class's {@code main} from the project directory, or {@value
 * #COMMAND}. {@link ConfigurationReferenceTest} fails while the committed file differs.
 */
public final class ConfigurationReference {

  /** The command that regenerates the file. */
  static final String COMMAND =
      "./mvnw -o test -Dtest=ConfigurationReferenceTest -Dcms.ai.docs.write=true";

  /** Where the reference is written, from the project directory. */
  static final Path FILE = Path.of("docs", "configuration.md");

  /** Every settings group, in the reference's order. A new group is added here. */
  static final List<SettingGroup<?>> GROUPS =
      List.of(
          ModuleSettings.DATA,
          ProviderConfiguration.SETTINGS,
          EmbeddingSettings.SETTINGS,
          VectorStoreConfiguration.SETTINGS,
          IndexSettings.SETTINGS,
          SearchSettings.SETTINGS,
          ContentSettings.SETTINGS,
          FacadeSettings.SETTINGS,
          SecuritySettings.SETTINGS,
          AdminSettings.SETTINGS,
          ModuleSettings.SECRETS);

  private ConfigurationReference() {}

  public static void main(String[] args) throws IOException {
    Files.writeString(FILE, render(), StandardCharsets.UTF_8);
  }

  /** The reference as Markdown. */
  static String render() {
    StringBuilder out = new StringBuilder();
    out.append("# Configuration reference\n\n")
        .append("<!-- Generated from the settings' descriptors (io.cmsai.config.Setting); do not")
        .append(" edit. Regenerate with: ")
        .append(COMMAND)
        .append(" -->\n\n")
        .append("Every key is a MicroProfile Config key: a system property")
        .append(" (`-Dcms.ai.provider.base-url=…`), an environment variable")
        .append(" (`CMS_AI_PROVIDER_BASE_URL`) or any config source of the server. Keys marked")
        .append(" *admin* can also be saved in the admin console, over the configuration.")
        .append(" Durations: `500ms`, `30s`, `2m`, `1h`, `PT30S` or plain seconds. Secrets are")
        .append(
            " never settings: a *key reference* names a secret (see the key references page).\n");
    for (SettingGroup<?> group : GROUPS) {
      out.append("\n## ")
          .append(group.title())
          .append("\n\n| Key | Type | Default | Admin | Description |\n|---|---|---|---|---|\n");
      for (Setting<?> setting : group.settings()) {
        out.append("| `")
            .append(setting.key())
            .append("` | ")
            .append(cell(setting.type().name()))
            .append(" | ")
            .append(defaultCell(setting))
            .append(" | ")
            .append(setting.adminEditable() ? "admin" : "")
            .append(" | **")
            .append(cell(setting.label()))
            .append(".** ")
            .append(cell(setting.doc()))
            .append(" |\n");
      }
    }
    return out.toString();
  }

  private static String defaultCell(Setting<?> setting) {
    if (setting.defaultValue().isEmpty()) {
      return "none";
    }
    String text = setting.defaultText();
    return text.isEmpty() ? "(empty)" : "`" + cell(text) + "`";
  }

  private static String cell(String text) {
    return text.replace("|", "\\|").replace("\n", " ");
  }
}
