package io.cmsai.security;

import io.cmsai.security.internal.SessionCaller;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.security.enterprise.AuthenticationStatus;
import jakarta.security.enterprise.authentication.mechanism.http.HttpAuthenticationMechanism;
import jakarta.security.enterprise.authentication.mechanism.http.HttpMessageContext;
import jakarta.security.enterprise.credential.Credential;
import jakarta.security.enterprise.credential.UsernamePasswordCredential;
import jakarta.security.enterprise.identitystore.CredentialValidationResult;
import jakarta.security.enterprise.identitystore.IdentityStoreHandler;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * How callers prove who they are, for every request of the module:
 *
 * <ul>
 *   <li>the admin console's sign-in form ({@code /admin/login}, which calls {@code
 *       SecurityContext.authenticate}); on success the caller is kept in the HTTP session, whose id
 *       is changed (no session fixation);
 *   <li>a signed-in HTTP session;
 *   <li>HTTP Basic credentials on any request (scripts, API clients), checked on every request and
 *       never creating a session.
 * </ul>
 *
 * Credentials are checked by every {@code IdentityStore} bean (the {@link EmbeddedIdentityStore}
 * unless disabled, and any the portal adds). An unauthenticated request for a protected admin page
 * is redirected to the sign-in form; for a protected API it gets 401 with a JSON error.
 */
@ApplicationScoped
public class ModuleAuthenticationMechanism implements HttpAuthenticationMechanism {

  /** The sign-in page, relative to the context root. */
  public static final String LOGIN_PATH = "/admin/login";

  /** Sent by the console's scripts; such requests get no Basic challenge. */
  public static final String SCRIPT_HEADER = "X-Requested-With";

  private final IdentityStoreHandler identityStores;

  /** For CDI proxies only. */
  protected ModuleAuthenticationMechanism() {
    this.identityStores = null;
  }

  @Inject
  public ModuleAuthenticationMechanism(IdentityStoreHandler identityStores) {
    this.identityStores = identityStores;
  }

  @Override
  public AuthenticationStatus validateRequest(
      HttpServletRequest request, HttpServletResponse response, HttpMessageContext context) {
    Credential offered =
        context.isAuthenticationRequest() ? context.getAuthParameters().getCredential() : null;
    if (offered != null) {
      return signIn(request, context, offered);
    }
    HttpSession session = request.getSession(false);
    if (session != null
        && session.getAttribute(SessionCaller.ATTRIBUTE) instanceof SessionCaller c) {
      return context.notifyContainerAboutLogin(c.name(), c.groups());
    }
    String authorization = request.getHeader("Authorization");
    if (authorization != null && authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
      return basic(authorization.substring(6).strip(), request, response, context);
    }
    if (!context.isProtected()) {
      return context.doNothing();
    }
    if (isApi(request)) {
      return unauthorized(request, response, false);
    }
    return context.redirect(loginUrl(request));
  }

  @Override
  public void cleanSubject(
      HttpServletRequest request, HttpServletResponse response, HttpMessageContext context) {
    HttpSession session = request.getSession(false);
    if (session != null) {
      session.removeAttribute(SessionCaller.ATTRIBUTE);
    }
  }

  private AuthenticationStatus signIn(
      HttpServletRequest request, HttpMessageContext context, Credential credential) {
    CredentialValidationResult result = identityStores.validate(credential);
    if (result.getStatus() != CredentialValidationResult.Status.VALID) {
      return AuthenticationStatus.SEND_FAILURE;
    }
    request.getSession(true);
    request.changeSessionId();
    request
        .getSession()
        .setAttribute(
            SessionCaller.ATTRIBUTE,
            new SessionCaller(result.getCallerPrincipal().getName(), result.getCallerGroups()));
    return context.notifyContainerAboutLogin(result);
  }

  private AuthenticationStatus basic(
      String encoded,
      HttpServletRequest request,
      HttpServletResponse response,
      HttpMessageContext context) {
    String decoded;
    try {
      decoded = new String(Base64.getDecoder().decode(encoded), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      return unauthorized(request, response, true);
    }
    int colon = decoded.indexOf(':');
    if (colon <= 0) {
      return unauthorized(request, response, true);
    }
    CredentialValidationResult result =
        identityStores.validate(
            new UsernamePasswordCredential(
                decoded.substring(0, colon), decoded.substring(colon + 1)));
    if (result.getStatus() != CredentialValidationResult.Status.VALID) {
      return unauthorized(request, response, true);
    }
    return context.notifyContainerAboutLogin(result);
  }

  private static AuthenticationStatus unauthorized(
      HttpServletRequest request, HttpServletResponse response, boolean rejected) {
    response.setStatus(HttpServletResponse.SC_UNAUTHORIZED);
    if (request.getHeader(SCRIPT_HEADER) == null) {
      // Not for the console's own scripts: a browser would pop up its password dialog.
      response.setHeader("WWW-Authenticate", "Basic realm=\"cms-ai\", charset=\"UTF-8\"");
    }
    response.setContentType("application/json");
    response.setCharacterEncoding("UTF-8");
    String message =
        rejected
            ? "wrong user name or password"
            : "authentication required: sign in to the admin console or send HTTP Basic"
                + " credentials";
    try {
      response
          .getWriter()
          .write(
              "{\"error\":{\"message\":\""
                  + message
                  + "\",\"type\":\"authentication_error\",\"code\":401}}");
      response.flushBuffer();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return AuthenticationStatus.SEND_FAILURE;
  }

  private static boolean isApi(HttpServletRequest request) {
    return request.getRequestURI().startsWith(request.getContextPath() + "/api/");
  }

  private static String loginUrl(HttpServletRequest request) {
    String path = request.getRequestURI().substring(request.getContextPath().length());
    String query = request.getQueryString();
    String next = query == null ? path : path + "?" + query;
    return request.getContextPath()
        + LOGIN_PATH
        + "?next="
        + URLEncoder.encode(next, StandardCharsets.UTF_8);
  }
}
