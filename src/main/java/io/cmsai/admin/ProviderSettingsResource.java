package io.cmsai.admin;

import io.cmsai.admin.internal.AdminWire;
import io.cmsai.admin.internal.AdminWire.Check;
import io.cmsai.admin.internal.AdminWire.Model;
import io.cmsai.admin.internal.AdminWire.Models;
import io.cmsai.admin.internal.AdminWire.ProviderForm;
import io.cmsai.admin.internal.SettingsEndpoint;
import io.cmsai.config.OutboundPolicy;
import io.cmsai.provider.AiProviderException;
import io.cmsai.provider.ConnectionDiagnostics;
import io.cmsai.provider.ProviderConfiguration;
import io.cmsai.provider.ProviderSettings;
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
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.Map;

/**
 * The provider settings form's API ({@code /api/ai/admin/provider}, role {@code ai-admin}):
 *
 * <ul>
 *   <li>{@code GET}: every setting with its saved value, where the value in force comes from and
 *       the value that applies when nothing is saved;
 *   <li>{@code PUT {"values": {...}}}: validates every field, then saves atomically (a blank value
 *       removes the saved one); 400 with a message per field otherwise. Effective at once;
 *   <li>{@code DELETE}: removes every saved value;
 *   <li>{@code POST test {"values": {...}}}: the connection test of the unsaved values;
 *   <li>{@code POST models {"values": {...}}}: the model list of the unsaved values' server.
 * </ul>
 */
@Path("admin/provider")
@RolesAllowed(Roles.ADMIN)
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class ProviderSettingsResource {

  private final ProviderConfiguration configuration;
  private final ConnectionDiagnostics tester;
  private final SettingsEndpoint<ProviderSettings> endpoint;

  /** For CDI proxies only. */
  protected ProviderSettingsResource() {
    this.configuration = null;
    this.tester = null;
    this.endpoint = null;
  }

  @Inject
  public ProviderSettingsResource(
      ProviderConfiguration configuration, ConnectionDiagnostics tester, OutboundPolicy outbound) {
    this.configuration = configuration;
    this.tester = tester;
    this.endpoint =
        new SettingsEndpoint<>(
            "provider",
            ProviderConfiguration.PREFIX,
            configuration,
            settings ->
                outbound
                    .problem(settings.baseUrl().getHost())
                    .map(why -> Map.of(ProviderConfiguration.BASE_URL.key(), why))
                    .orElse(Map.of()));
  }

  @GET
  public ProviderForm form() {
    return AdminWire.form(configuration);
  }

  @PUT
  public ProviderForm save(JsonObject body) {
    endpoint.save(body);
    return form();
  }

  @DELETE
  public ProviderForm reset() {
    endpoint.reset();
    return form();
  }

  @POST
  @Path("test")
  public Check test(JsonObject body) {
    return Check.of(tester.test(endpoint.preview(body)));
  }

  @POST
  @Path("models")
  public Models models(JsonObject body) {
    ProviderSettings settings = endpoint.preview(body);
    try {
      return new Models(tester.models(settings).stream().map(Model::of).toList());
    } catch (AiProviderException e) {
      throw ApiError.of(ErrorType.PROVIDER_ERROR, tester.cause(e) + ": " + e.getMessage())
          .exception();
    }
  }
}
