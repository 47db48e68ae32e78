package io.cmsai.admin;

import io.cmsai.admin.internal.SettingsEndpoint;
import io.cmsai.admin.internal.VectorWire;
import io.cmsai.config.OutboundPolicy;
import io.cmsai.embeddings.Dimension;
import io.cmsai.embeddings.EmbeddingModel;
import io.cmsai.embeddings.EmbeddingModelSelector;
import io.cmsai.security.Roles;
import io.cmsai.vectorstore.EmbeddingFingerprint;
import io.cmsai.vectorstore.VectorStoreConfiguration;
import io.cmsai.vectorstore.VectorStoreSettings;
import io.cmsai.vectorstore.VectorStores;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.Map;
import java.util.Optional;

/**
 * The vector database page's API ({@code /api/ai/admin/vector-store}, role {@code ai-admin}):
 * {@code GET} the settings with their origins and the embedding model in use (id, dimension or why
 * it is pending); {@code PUT {"values": {...}}} validates every field and saves; {@code DELETE}
 * removes the saved values; {@code POST test {"values": {...}}} reaches the store of the unsaved
 * values, inspects its table or collection without creating it and compares it with the model.
 */
@Path("admin/vector-store")
@RolesAllowed(Roles.ADMIN)
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class VectorStoreResource {

  private final VectorStoreConfiguration configuration;
  private final VectorStores stores;
  private final EmbeddingModelSelector models;
  private final SettingsEndpoint<VectorStoreSettings> endpoint;

  /** For CDI proxies only. */
  protected VectorStoreResource() {
    this.configuration = null;
    this.stores = null;
    this.models = null;
    this.endpoint = null;
  }

  @Inject
  public VectorStoreResource(
      VectorStoreConfiguration configuration,
      VectorStores stores,
      EmbeddingModelSelector models,
      OutboundPolicy outbound) {
    this.configuration = configuration;
    this.stores = stores;
    this.models = models;
    this.endpoint =
        new SettingsEndpoint<>(
            "vector store",
            VectorStoreConfiguration.PREFIX,
            configuration,
            settings -> outboundProblems(stores, outbound, settings));
  }

  @GET
  public VectorWire.Form form() {
    return VectorWire.form(configuration, model());
  }

  @PUT
  public VectorWire.Form save(JsonObject body) {
    endpoint.save(body);
    return form();
  }

  @DELETE
  public VectorWire.Form reset() {
    endpoint.reset();
    return form();
  }

  @POST
  @Path("test")
  public VectorWire.Check test(JsonObject body) {
    VectorStoreSettings settings = endpoint.preview(body);
    EmbeddingModel model = models.current();
    Dimension dimension = model.dimensionStatus();
    Optional<EmbeddingFingerprint> fingerprint =
        dimension.isKnown()
            ? Optional.of(
                new EmbeddingFingerprint(
                    model.id(), dimension.value(), settings.metric(), model.normalized()))
            : Optional.empty();
    String pending = dimension instanceof Dimension.Pending p ? p.reason() : "";
    return VectorWire.Check.of(stores.test(settings, fingerprint, pending));
  }

  /**
   * The outbound policy's objection to the server the settings connect to, under its field ({@code
   * pg-url} or {@code milvus-uri}); none for the embedded store.
   */
  private static Map<String, String> outboundProblems(
      VectorStores stores, OutboundPolicy outbound, VectorStoreSettings settings) {
    String field =
        (settings.kind() == VectorStoreSettings.Kind.MILVUS
                ? VectorStoreConfiguration.MILVUS_URI
                : VectorStoreConfiguration.PG_URL)
            .key();
    try {
      return stores.destinations(settings).stream()
          .map(d -> outbound.problem(d.host()))
          .flatMap(Optional::stream)
          .findFirst()
          .map(why -> Map.of(field, why))
          .orElse(Map.of());
    } catch (IllegalArgumentException e) {
      return Map.of(field, String.valueOf(e.getMessage()));
    }
  }

  private VectorWire.Model model() {
    EmbeddingModel model = models.current();
    return VectorWire.Model.of(model.id(), model.dimensionStatus(), model.normalized());
  }
}
