package io.cmsai.admin.internal;

import io.cmsai.embeddings.Dimension;
import io.cmsai.vectorstore.StoreCheck;
import io.cmsai.vectorstore.StoreDescription;
import io.cmsai.vectorstore.VectorStoreConfiguration;
import jakarta.json.JsonObject;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The vector database page's JSON shapes (serialized by JSON-B). */
public final class VectorWire {

  private VectorWire() {}

  /**
   * The embedding model in use.
   *
   * @param id its id
   * @param dimension its dimension, or {@code null} while pending
   * @param source where the dimension comes from (registry, probe, local model) or "pending"
   * @param pendingReason why the dimension is not known yet, or {@code ""}
   * @param normalized whether its vectors have unit length
   */
  public record Model(
      String id, Integer dimension, String source, String pendingReason, boolean normalized) {
    public static Model of(String id, Dimension dimension, boolean normalized) {
      if (dimension instanceof Dimension.Known known) {
        return new Model(id, known.value(), known.source().label(), "", normalized);
      }
      return new Model(id, null, "pending", ((Dimension.Pending) dimension).reason(), normalized);
    }
  }

  /** The form: settings, the values in force, a problem with them, the embedding model. */
  public record Form(
      List<AdminWire.Field> fields, Map<String, String> effective, String problem, Model model) {}

  public static Form form(VectorStoreConfiguration configuration, Model model) {
    List<AdminWire.Field> fields =
        configuration.settings().stream().map(AdminWire.Field::of).toList();
    try {
      return new Form(fields, configuration.texts(), "", model);
    } catch (IllegalArgumentException e) {
      return new Form(fields, Map.of(), String.valueOf(e.getMessage()), model);
    }
  }

  public static Map<String, String> changes(JsonObject body) {
    return AdminWire.changes(body, VectorStoreConfiguration.PREFIX);
  }

  public static Map<String, String> shortKeys(Map<String, String> problems) {
    return AdminWire.shortKeys(problems, VectorStoreConfiguration.PREFIX);
  }

  /** A store connection test. */
  public record Check(
      boolean ok,
      long latencyMillis,
      String server,
      boolean exists,
      String name,
      Integer dimension,
      String metric,
      String index,
      String fingerprint,
      String notes,
      long count,
      String dimensionCheck,
      String problem) {

    public static Check of(StoreCheck check) {
      StoreDescription d = check.description().orElse(null);
      return new Check(
          check.ok(),
          check.latencyMillis(),
          check.server(),
          d != null,
          d == null ? "" : d.name(),
          d == null ? null : d.dimension(),
          d == null ? "" : d.metric().id(),
          d == null
              ? ""
              : d.index().type().name().toLowerCase(Locale.ROOT)
                  + (d.index().parameters().isEmpty() ? "" : " " + d.index().parameters()),
          d == null ? "" : d.fingerprint().map(f -> f.model()).orElse("not recorded"),
          d == null ? "" : d.notes(),
          check.count(),
          check.dimensionCheck(),
          check.problem());
    }
  }
}
