package io.cmsai.admin;

import io.cmsai.admin.internal.AdminWire.Key;
import io.cmsai.admin.internal.AdminWire.Keys;
import io.cmsai.config.KeyReferences;
import io.cmsai.config.KeyResolver;
import io.cmsai.provider.ProviderConfiguration;
import io.cmsai.security.Roles;
import io.cmsai.web.ApiError;
import io.cmsai.web.ApiException;
import io.cmsai.web.ErrorType;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.logging.Logger;

/**
 * The key store's API ({@code /api/ai/admin/keys}, role {@code ai-admin}): {@code GET} lists the
 * key references and whether each resolves now (never a value, not even partly); {@code POST
 * {"name", "note"}} registers a reference name; {@code DELETE /{name}} removes a registration;
 * {@code PUT /{name}/value {"value"}} sets a reference's value (kept in the secrets directory,
 * never shown again); {@code DELETE /{name}/value} deletes it.
 */
@Path("admin/keys")
@RolesAllowed(Roles.ADMIN)
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
public class KeyReferencesResource {

  private static final Logger LOG = Logger.getLogger(KeyReferencesResource.class.getName());

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
            .map(k -> key(k, inUse))
            .toList());
  }

  @POST
  @Consumes(MediaType.APPLICATION_JSON)
  public Response register(JsonObject body) {
    String name = body == null ? "" : body.getString("name", "");
    String note = body == null ? "" : body.getString("note", "");
    try {
      Key created = key(references.register(name, note), providerReference());
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

  /**
   * Sets a reference's value: 200 with the reference (never the value); 400 for an invalid name or
   * value, 409 when the server's configuration sets {@code cms.ai.secret.<name>} (which takes
   * precedence). The value is not logged.
   */
  @PUT
  @Path("{name}/value")
  @Consumes(MediaType.APPLICATION_JSON)
  public Key setValue(@PathParam("name") String name, JsonObject body) {
    JsonValue value = body == null ? null : body.get("value");
    if (!(value instanceof JsonString text)) {
      throw invalidValue("give the value as a JSON string: {\"value\": \"...\"}");
    }
    try {
      Key key = key(references.setValue(name, text.getString()), providerReference());
      LOG.info(() -> "the value of the key reference '" + name + "' was set from the console");
      return key;
    } catch (IllegalArgumentException e) {
      throw KeyResolver.isValidReference(name)
          ? invalidValue(e.getMessage())
          : new ApiError(
                  400,
                  ErrorType.INVALID_REQUEST,
                  "The value was not set.",
                  Map.of("name", e.getMessage()))
              .exception();
    } catch (IllegalStateException e) {
      throw ApiError.of(ErrorType.CONFLICT, e.getMessage()).exception();
    } catch (UncheckedIOException e) {
      LOG.warning(e.getMessage());
      throw ApiError.of(ErrorType.SERVER_ERROR, "The value was not set: " + e.getMessage())
          .exception(e);
    }
  }

  /** Deletes the value kept in the secrets directory: 204, or 404 when there is none. */
  @DELETE
  @Path("{name}/value")
  public Response removeValue(@PathParam("name") String name) {
    if (!KeyResolver.isValidReference(name)) {
      throw new ApiError(
              400,
              ErrorType.INVALID_REQUEST,
              "The value was not deleted.",
              Map.of("name", "not a key reference name"))
          .exception();
    }
    if (!references.removeValue(name)) {
      throw ApiError.of(ErrorType.NOT_FOUND, "'" + name + "' has no value in the secrets directory")
          .exception();
    }
    LOG.info(() -> "the value of the key reference '" + name + "' was deleted from the console");
    return Response.noContent().build();
  }

  private Key key(KeyReferences.KeyReference reference, String providerRef) {
    return Key.of(reference, providerRef, resolver.allowedHosts(reference.name()));
  }

  private static ApiException invalidValue(String message) {
    return new ApiError(
            400, ErrorType.INVALID_REQUEST, "The value was not set.", Map.of("value", message))
        .exception();
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
