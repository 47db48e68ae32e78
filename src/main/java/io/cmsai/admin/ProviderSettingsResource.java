package io.cmsai.admin;

import io.cmsai.admin.internal.AdminWire;
import io.cmsai.admin.internal.AdminWire.Check;
import io.cmsai.admin.internal.AdminWire.Model;
import io.cmsai.admin.internal.AdminWire.Models;
import io.cmsai.admin.internal.AdminWire.ProviderForm;
import io.cmsai.config.OutboundPolicy;
import io.cmsai.provider.AiProviderException;
import io.cmsai.provider.ProviderConfiguration;
import io.cmsai.provider.internal.ConnectionTester;
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
import jakarta.ws.rs.core.Response;
import java.util.Map;
import java.util.Optional;
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
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class ProviderSettingsResource {

  private static final Logger LOG = Logger.getLogger(ProviderSettingsResource.class.getName());

  private final ProviderConfiguration configuration;
  private final ConnectionTester tester;
  private final OutboundPolicy outbound;

  /** For CDI proxies only. */
  protected ProviderSettingsResource() {
    this.configuration = null;
    this.tester = null;
    this.outbound = null;
  }

  @Inject
  public ProviderSettingsResource(
      ProviderConfiguration configuration, ConnectionTester tester, OutboundPolicy outbound) {
    this.configuration = configuration;
    this.tester = tester;
    this.outbound = outbound;
  }

  @GET
  public ProviderForm form() {
    return AdminWire.form(configuration);
  }

  @PUT
  public Response save(JsonObject body) {
    Map<String, String> changes = AdminWire.changes(body);
    Optional<Response> refused = refusal(changes);
    if (refused.isPresent()) {
      return refused.get();
    }
    configuration.save(changes);
    LOG.info(
        () ->
            "provider settings saved (values of "
                + AdminWire.shortKeys(changes).entrySet().stream()
                    .filter(e -> !e.getValue().isBlank())
                    .map(Map.Entry::getKey)
                    .toList()
                + "; the others inherited)");
    return Response.ok(AdminWire.form(configuration)).build();
  }

  @DELETE
  public ProviderForm reset() {
    configuration.reset();
    LOG.info("provider settings reset to configuration and defaults");
    return AdminWire.form(configuration);
  }

  @POST
  @Path("test")
  public Response test(JsonObject body) {
    Map<String, String> changes = AdminWire.changes(body);
    return refusal(changes)
        .orElseGet(
            () -> Response.ok(Check.of(tester.test(configuration.preview(changes)))).build());
  }

  @POST
  @Path("models")
  public Response models(JsonObject body) {
    Map<String, String> changes = AdminWire.changes(body);
    Optional<Response> refused = refusal(changes);
    if (refused.isPresent()) {
      return refused.get();
    }
    try {
      return Response.ok(
              new Models(
                  tester.models(configuration.preview(changes)).stream().map(Model::of).toList()))
          .build();
    } catch (AiProviderException e) {
      return AdminWire.error(
          Response.Status.BAD_GATEWAY,
          ConnectionTester.cause(e) + ": " + e.getMessage(),
          "provider_error",
          Map.of());
    }
  }

  /**
   * 400 with a message per field when {@code changes} are not valid, or the base URL in force with
   * them points at an address the outbound policy refuses.
   */
  private Optional<Response> refusal(Map<String, String> changes) {
    Map<String, String> problems = configuration.problems(changes);
    if (problems.isEmpty()) {
      problems =
          outbound
              .problem(configuration.preview(changes).baseUrl().getHost())
              .map(why -> Map.of(ProviderConfiguration.PREFIX + "base-url", why))
              .orElse(Map.of());
    }
    return problems.isEmpty() ? Optional.empty() : Optional.of(invalid(problems));
  }

  private static Response invalid(Map<String, String> problems) {
    return AdminWire.error(
        Response.Status.BAD_REQUEST,
        problems.size() == 1
            ? "One value needs correcting."
            : problems.size() + " values need correcting.",
        "invalid_settings",
        AdminWire.shortKeys(problems));
  }
}
