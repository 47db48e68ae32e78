package io.cmsai.admin;

import io.cmsai.admin.internal.AdminWire.Session;
import io.cmsai.platform.LogText;
import io.cmsai.platform.ModuleInfo;
import io.cmsai.security.AdminAccounts;
import io.cmsai.security.Csrf;
import io.cmsai.security.PasswordChange;
import io.cmsai.security.Roles;
import io.cmsai.web.ApiError;
import io.cmsai.web.ErrorType;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Map;
import java.util.logging.Logger;

/**
 * The signed-in administrator ({@code /api/ai/admin/account}, role {@code ai-admin}): {@code GET}
 * gives the user name and the session's CSRF token (the console's scripts send it back with every
 * change; none for HTTP Basic callers, who have no session and never get one); {@code POST password
 * {"current", "replacement"}} changes the password of an account of the embedded identity store
 * ({@link PasswordChange}: throttled like a sign-in, 429 with {@code Retry-After}; ends the
 * account's other sessions).
 */
@Path("admin/account")
@RolesAllowed(Roles.ADMIN)
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
public class AccountResource {

  private static final Logger LOG = Logger.getLogger(AccountResource.class.getName());

  private final PasswordChange passwords;

  @Context private HttpServletRequest request;

  /** For CDI proxies only. */
  protected AccountResource() {
    this.passwords = null;
  }

  @Inject
  public AccountResource(PasswordChange passwords) {
    this.passwords = passwords;
  }

  @GET
  public Session session() {
    HttpSession session = request.getSession(false);
    String token = session == null ? null : Csrf.token(session);
    return new Session(request.getUserPrincipal().getName(), token, ModuleInfo.version());
  }

  @POST
  @Path("password")
  @Consumes(MediaType.APPLICATION_JSON)
  public Response changePassword(JsonObject body) {
    String user = request.getUserPrincipal().getName();
    String current = body == null ? "" : body.getString("current", "");
    String replacement = body == null ? "" : body.getString("replacement", "");
    try {
      passwords.change(request, current, replacement);
    } catch (PasswordChange.ThrottledException e) {
      ApiError throttled =
          new ApiError(
              429,
              ErrorType.RATE_LIMITED,
              "The password was not changed.",
              Map.of("current", e.getMessage()));
      return Response.status(429)
          .entity(throttled.toJson())
          .header("Retry-After", Math.max(1, (e.retryAfter().toMillis() + 999) / 1000))
          .build();
    } catch (IllegalArgumentException e) {
      String field = e instanceof AdminAccounts.WrongPasswordException ? "current" : "replacement";
      throw new ApiError(
              400,
              ErrorType.INVALID_REQUEST,
              "The password was not changed.",
              Map.of(field, e.getMessage()))
          .exception();
    }
    LOG.info(() -> "administrator " + LogText.quote(user) + " changed their password");
    return Response.noContent().build();
  }
}
