package io.cmsai.admin;

import io.cmsai.admin.internal.AdminWire.Log;
import io.cmsai.provider.ProviderConfiguration;
import io.cmsai.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * The request log's API ({@code /api/ai/admin/request-log}, role {@code ai-admin}): {@code GET}
 * returns the recent calls (newest first) and whether debug is on; {@code DELETE} forgets them.
 */
@Path("admin/request-log")
@RolesAllowed(Roles.ADMIN)
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
public class RequestLogResource {

  private final RequestLog log;
  private final ProviderConfiguration configuration;

  /** For CDI proxies only. */
  protected RequestLogResource() {
    this.log = null;
    this.configuration = null;
  }

  @Inject
  public RequestLogResource(RequestLog log, ProviderConfiguration configuration) {
    this.log = log;
    this.configuration = configuration;
  }

  @GET
  public Log entries() {
    boolean debug;
    try {
      debug = configuration.current().debug();
    } catch (IllegalArgumentException e) {
      debug = false;
    }
    return new Log(debug, log.capacity(), log.maxAge().toSeconds(), log.entries());
  }

  @DELETE
  public Response clear() {
    log.clear();
    return Response.noContent().build();
  }
}
