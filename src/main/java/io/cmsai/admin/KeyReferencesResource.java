package io.cmsai.admin;

import io.cmsai.admin.internal.AdminWire.Key;
import io.cmsai.admin.internal.AdminWire.Keys;
import io.cmsai.config.KeyReferences;
import io.cmsai.config.KeyResolver;
import io.cmsai.provider.ProviderConfiguration;
import io.cmsai.security.Roles;
import io.cmsai.web.ApiError;
import io.cmsai.web.ErrorType;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.Map;

/**
 * The key store's API ({@code /api/ai/admin/keys}, role {@code ai-admin}): {@code GET} lists the
 * key references and whether each resolves now (never a value, not even partly); {@code POST
 * {"name", "note"}} registers a reference name; {@code DELETE /{name}} removes a registration.
 */
@Path("admin/keys")
@RolesAllowed(Roles.ADMIN)
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
public class KeyReferencesResource {

  private final KeyReferences references;
  private final KeyResolver resolver;
  private final ProviderConfiguration provider;

  /** For CDI proxies only. */
  protected KeyReferencesResource() {
    this.references = null;
    this.resolver = null;
    this.provider = null;
  }

  @Inject
  public KeyReferencesResource(
      KeyReferences references, KeyResolver resolver, ProviderConfiguration provider) {
    this.references = references;
    this.resolver = resolver;
    this.provider = provider;
  }

  @GET
  public Keys list() {
    String inUse = providerReference();
    return new Keys(
        resolver.secretsDirectory().toString(),
        references.list(inUse.isEmpty() ? List.of() : List.of(inUse)).stream()
            .map(k -> Key.of(k, inUse))
            .toList());
  }

  @POST
  @Consumes(MediaType.APPLICATION_JSON)
  public Response register(JsonObject body) {
    String name = body == null ? "" : body.getString("name", "");
    String note = body == null ? "" : body.getString("note", "");
    try {
      Key created = Key.of(references.register(name, note), providerReference());
      return Response.status(Response.Status.CREATED).entity(created).build();
    } catch (IllegalArgumentException e) {
      String field = e.getMessage().startsWith("the note") ? "note" : "name";
      throw new ApiError(
              400,
              ErrorType.INVALID_REQUEST,
              "The key reference was not registered.",
              Map.of(field, e.getMessage()))
          .exception();
    }
  }

  @DELETE
  @Path("{name}")
  public Response unregister(@PathParam("name") String name) {
    if (!references.unregister(name)) {
      throw ApiError.of(ErrorType.NOT_FOUND, "'" + name + "' is not a registered key reference")
          .exception();
    }
    return Response.noContent().build();
  }

  /** The provider's key reference, or "" when none is set (or the configuration is invalid). */
  private String providerReference() {
    return provider.settings().stream()
        .filter(s -> s.key().equals("api-key-ref"))
        .map(s -> s.saved().isEmpty() ? s.inherited() : s.saved())
        .findFirst()
        .orElse("");
  }
}
