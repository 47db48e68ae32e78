package io.cmsai.admin;

import io.cmsai.admin.internal.AdminWire;
import io.cmsai.admin.internal.AdminWire.Check;
import io.cmsai.admin.internal.AdminWire.Model;
import io.cmsai.admin.internal.AdminWire.Models;
import io.cmsai.admin.internal.AdminWire.ProviderForm;
import io.cmsai.config.OutboundPolicy;
import io.cmsai.provider.AiProviderException;
import io.cmsai.provider.ConnectionDiagnostics;
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
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.Map;
import java.util.logging.Logger;

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

  private static final Logger LOG = Logger.getLogger(ProviderSettingsResource.class.getName());

  private final ProviderConfiguration configuration;
  private final ConnectionDiagnostics tester;
  private final OutboundPolicy outbound;

  /** For CDI proxies only. */
  protected ProviderSettingsResource() {
    this.configuration = null;
    this.tester = null;
    this.outbound = null;
  }

  @Inject
  public ProviderSettingsResource(
      ProviderConfiguration configuration, ConnectionDiagnostics tester, OutboundPolicy outbound) {
    this.configuration = configuration;
    this.tester = tester;
    this.outbound = outbound;
  }

  @GET
  public ProviderForm form() {
    return AdminWire.form(configuration);
  }

  @PUT
  public ProviderForm save(JsonObject body) {
    Map<String, String> changes = AdminWire.changes(body);
    refuseInvalid(changes);
    configuration.save(changes);
    LOG.info(
        () ->
            "provider settings saved (values of "
                + AdminWire.shortKeys(changes).entrySet().stream()
                    .filter(e -> !e.getValue().isBlank())
                    .map(Map.Entry::getKey)
                    .toList()
                + "; the others inherited)");
    return AdminWire.form(configuration);
  }

  @DELETE
  public ProviderForm reset() {
    configuration.reset();
    LOG.info("provider settings reset to configuration and defaults");
    return AdminWire.form(configuration);
  }

  @POST
  @Path("test")
  public Check test(JsonObject body) {
    Map<String, String> changes = AdminWire.changes(body);
    refuseInvalid(changes);
    return Check.of(tester.test(configuration.preview(changes)));
  }

  @POST
  @Path("models")
  public Models models(JsonObject body) {
    Map<String, String> changes = AdminWire.changes(body);
    refuseInvalid(changes);
    try {
      return new Models(
          tester.models(configuration.preview(changes)).stream().map(Model::of).toList());
    } catch (AiProviderException e) {
      throw ApiError.of(ErrorType.PROVIDER_ERROR, tester.cause(e) + ": " + e.getMessage())
          .exception();
    }
  }

  /**
   * 400 with a message per field when {@code changes} are not valid, or the base URL in force with
   * them points at an address the outbound policy refuses.
   */
  private void refuseInvalid(Map<String, String> changes) {
    Map<String, String> problems = configuration.problems(changes);
    if (problems.isEmpty()) {
      problems =
          outbound
              .problem(configuration.preview(changes).baseUrl().getHost())
              .map(why -> Map.of(ProviderConfiguration.PREFIX + "base-url", why))
              .orElse(Map.of());
    }
    if (!problems.isEmpty()) {
      throw ApiError.invalidSettings(AdminWire.shortKeys(problems)).exception();
    }
  }
}
