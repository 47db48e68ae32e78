package io.cmsai.security;

import io.cmsai.security.internal.CredentialCache;
import io.cmsai.security.internal.PasswordChangeTimes;
import io.cmsai.security.internal.SecurityHeaders;
import io.cmsai.security.internal.SessionBinding;
import io.cmsai.security.internal.SessionCaller;
import io.cmsai.security.internal.SignInGuard;
import io.cmsai.web.ApiError;
import io.cmsai.web.ErrorType;
import io.cmsai.web.ErrorWriter;
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
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.Optional;
import java.util.logging.Logger;

/**
 * How callers prove who they are, for every request of the module:
 *
 * <ul>
 *   <li>the admin console's sign-in form ({@code /admin/login}, which calls {@code
 *       SecurityContext.authenticate}); on success the caller is kept in the HTTP session, whose id
 *       is changed (no session fixation), bound to a companion cookie ({@link SessionBinding});
 *   <li>a signed-in HTTP session that comes with its companion cookie and began after the account's
 *       last password change (an older one is ended);
 *   <li>HTTP Basic credentials (scripts, API clients), on protected paths and the OpenAI-compatible
 *       API ({@value #FACADE_PATH}) only: elsewhere the header is ignored, unverified. A verified
 *       header is remembered for a minute ({@link CredentialCache}); Basic never creates a session.
 * </ul>
 *
 * Every password check, whichever {@code IdentityStore} bean answers it (the {@link
 * EmbeddedIdentityStore} unless disabled, and any the portal adds), first passes the {@link
 * SignInGuard}: a throttled attempt gets 429 with {@code Retry-After} and no hashing. An
 * unauthenticated request for a protected admin page is redirected to the sign-in form; for a
 * protected API it gets 401 with a JSON error. These answers carry the security headers and {@code
 * Cache-Control: no-store} (this mechanism runs before any filter).
 */
@ApplicationScoped
public class ModuleAuthenticationMechanism implements HttpAuthenticationMechanism {

  /** The sign-in page, relative to the context root. */
  public static final String LOGIN_PATH = "/admin/login";

  /** Sent by the console's scripts; such requests get no Basic challenge. */
  public static final String SCRIPT_HEADER = "X-Requested-With";

  /** Request attribute, {@code Boolean.TRUE} when HTTP Basic authenticated this request. */
  public static final String BASIC_AUTHENTICATED =
      ModuleAuthenticationMechanism.class.getName() + ".basic";

  /** Request attribute: the {@link Duration} a refused, throttled sign-in must wait. */
  public static final String RETRY_AFTER =
      ModuleAuthenticationMechanism.class.getName() + ".retryAfter";

  /** The OpenAI-compatible API, whose access is checked in code, so Basic is verified there. */
  static final String FACADE_PATH = "/api/ai/v1";

  private static final Logger LOG = Logger.getLogger(ModuleAuthenticationMechanism.class.getName());

  private final IdentityStoreHandler identityStores;
  private final SignInGuard guard;
  private final CredentialCache credentials;
  private final PasswordChangeTimes passwordChanges;
  private final Clock clock = Clock.systemUTC();

  /** For CDI proxies only. */
  protected ModuleAuthenticationMechanism() {
    this.identityStores = null;
    this.guard = null;
    this.credentials = null;
    this.passwordChanges = null;
  }

  @Inject
  public ModuleAuthenticationMechanism(
      IdentityStoreHandler identityStores,
      SignInGuard guard,
      CredentialCache credentials,
      PasswordChangeTimes passwordChanges) {
    this.identityStores = identityStores;
    this.guard = guard;
    this.credentials = credentials;
    this.passwordChanges = passwordChanges;
  }

  @Override
  public AuthenticationStatus validateRequest(
      HttpServletRequest request, HttpServletResponse response, HttpMessageContext context) {
    Credential offered =
        context.isAuthenticationRequest() ? context.getAuthParameters().getCredential() : null;
    if (offered != null) {
      return signIn(request, response, context, offered);
    }
    Optional<SessionCaller> caller = sessionCaller(request);
    if (caller.isPresent()) {
      return context.notifyContainerAboutLogin(caller.get().name(), caller.get().groups());
    }
    String authorization = request.getHeader("Authorization");
    if (authorization != null
        && authorization.regionMatches(true, 0, "Basic ", 0, 6)
        && (context.isProtected() || isFacade(request))) {
      return basic(authorization, request, response, context);
    }
    if (!context.isProtected()) {
      return context.doNothing();
    }
    if (context.isAuthenticationRequest()) {
      // SecurityContext.authenticate() without credentials from inside a request, e.g. the runtime
      // enforcing @RolesAllowed on a resource: its caller answers (403/401 through the web edge).
      // Writing a 401 here as well would collide with that answer.
      return context.doNothing();
    }
    if (isApi(request)) {
      return unauthorized(
          request,
          response,
          "authentication required: sign in to the admin console or send HTTP Basic credentials");
    }
    SecurityHeaders.apply(request, response);
    SecurityHeaders.noStore(response);
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
      HttpServletRequest request,
      HttpServletResponse response,
      HttpMessageContext context,
      Credential credential) {
    String user = credential instanceof UsernamePasswordCredential login ? login.getCaller() : null;
    String address = guard.sourceAddress(request);
    if (user != null) {
      Optional<Duration> wait = guard.admit(user, address);
      if (wait.isPresent()) {
        request.setAttribute(RETRY_AFTER, wait.get());
        return AuthenticationStatus.SEND_FAILURE;
      }
    }
    CredentialValidationResult result = identityStores.validate(credential);
    if (result.getStatus() != CredentialValidationResult.Status.VALID) {
      if (user != null) {
        guard.failed(user, address);
      }
      return AuthenticationStatus.SEND_FAILURE;
    }
    if (user != null) {
      guard.succeeded(user, address);
    }
    request.getSession(true);
    request.changeSessionId();
    String binding = SessionBinding.issue(request, response);
    request
        .getSession()
        .setAttribute(
            SessionCaller.ATTRIBUTE,
            new SessionCaller(
                result.getCallerPrincipal().getName(),
                result.getCallerGroups(),
                clock.instant(),
                binding));
    return context.notifyContainerAboutLogin(result);
  }

  /**
   * The session's caller, when the request carries the session's companion cookie and the caller
   * signed in after their password last changed; a session from before the change is ended.
   */
  private Optional<SessionCaller> sessionCaller(HttpServletRequest request) {
    HttpSession session = request.getSession(false);
    if (session == null
        || !(session.getAttribute(SessionCaller.ATTRIBUTE) instanceof SessionCaller caller)
        || !SessionBinding.matches(request, caller)) {
      return Optional.empty();
    }
    try {
      if (passwordChanges.isCurrent(caller.name(), caller.signedInAt())) {
        return Optional.of(caller);
      }
    } catch (RuntimeException e) {
      LOG.warning(() -> "cannot check the session against the account store, refusing it: " + e);
      return Optional.empty();
    }
    try {
      session.invalidate();
    } catch (IllegalStateException alreadyGone) {
      // ended concurrently: nothing left to do
    }
    return Optional.empty();
  }

  private AuthenticationStatus basic(
      String authorization,
      HttpServletRequest request,
      HttpServletResponse response,
      HttpMessageContext context) {
    String key = credentials.keyOf(authorization);
    Optional<CredentialCache.Caller> known = credentials.find(key).filter(this::stillCurrent);
    if (known.isPresent()) {
      request.setAttribute(BASIC_AUTHENTICATED, Boolean.TRUE);
      return context.notifyContainerAboutLogin(known.get().name(), known.get().groups());
    }
    String decoded;
    try {
      decoded =
          new String(
              Base64.getDecoder().decode(authorization.substring(6).strip()),
              StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      return unauthorized(request, response, "wrong user name or password");
    }
    int colon = decoded.indexOf(':');
    if (colon <= 0) {
      return unauthorized(request, response, "wrong user name or password");
    }
    String user = decoded.substring(0, colon);
    String address = guard.sourceAddress(request);
    Optional<Duration> wait = guard.admit(user, address);
    if (wait.isPresent()) {
      return tooManyAttempts(request, response, wait.get());
    }
    CredentialValidationResult result =
        identityStores.validate(new UsernamePasswordCredential(user, decoded.substring(colon + 1)));
    if (result.getStatus() != CredentialValidationResult.Status.VALID) {
      guard.failed(user, address);
      return unauthorized(request, response, "wrong user name or password");
    }
    guard.succeeded(user, address);
    credentials.remember(key, result.getCallerPrincipal().getName(), result.getCallerGroups());
    request.setAttribute(BASIC_AUTHENTICATED, Boolean.TRUE);
    return context.notifyContainerAboutLogin(result);
  }

  private boolean stillCurrent(CredentialCache.Caller caller) {
    try {
      return passwordChanges.isCurrent(caller.name(), caller.verifiedAt());
    } catch (RuntimeException e) {
      return false;
    }
  }

  private static AuthenticationStatus unauthorized(
      HttpServletRequest request, HttpServletResponse response, String message) {
    if (request.getHeader(SCRIPT_HEADER) == null) {
      // Not for the console's own scripts: a browser would pop up its password dialog.
      response.setHeader("WWW-Authenticate", "Basic realm=\"cms-ai\", charset=\"UTF-8\"");
    }
    return refuse(request, response, ErrorType.UNAUTHENTICATED, message);
  }

  private static AuthenticationStatus tooManyAttempts(
      HttpServletRequest request, HttpServletResponse response, Duration wait) {
    long seconds = retryAfterSeconds(wait);
    response.setHeader("Retry-After", Long.toString(seconds));
    return refuse(
        request,
        response,
        ErrorType.RATE_LIMITED,
        "too many failed sign-in attempts from your address: try again in " + seconds + " s");
  }

  /** Whole seconds to wait, at least one. */
  static long retryAfterSeconds(Duration wait) {
    return Math.max(1, (wait.toMillis() + 999) / 1000);
  }

  private static AuthenticationStatus refuse(
      HttpServletRequest request, HttpServletResponse response, ErrorType type, String message) {
    SecurityHeaders.apply(request, response);
    try {
      ErrorWriter.write(ApiError.of(type, message), request, response);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return AuthenticationStatus.SEND_FAILURE;
  }

  private static boolean isApi(HttpServletRequest request) {
    return request.getRequestURI().startsWith(request.getContextPath() + "/api/");
  }

  /** Whether the request is for the OpenAI-compatible API (decoded, normalised path). */
  static boolean isFacade(HttpServletRequest request) {
    String info = request.getPathInfo();
    String path = request.getServletPath() + (info == null ? "" : info);
    return path.equals(FACADE_PATH) || path.startsWith(FACADE_PATH + "/");
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
