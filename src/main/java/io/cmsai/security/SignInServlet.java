package io.cmsai.security;

import io.cmsai.platform.Html;
import io.cmsai.security.internal.CsrfTokens;
import io.cmsai.security.internal.LoginTokens;
import io.cmsai.security.internal.SessionBinding;
import jakarta.inject.Inject;
import jakarta.security.enterprise.AuthenticationStatus;
import jakarta.security.enterprise.SecurityContext;
import jakarta.security.enterprise.authentication.mechanism.http.AuthenticationParameters;
import jakarta.security.enterprise.credential.Password;
import jakarta.security.enterprise.credential.UsernamePasswordCredential;
import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * The admin console's sign-in page ({@code GET/POST /admin/login}, server-rendered so that it
 * carries its CSRF token without scripts) and sign-out ({@code POST /admin/logout}). After signing
 * in, the browser goes back to the admin page it asked for ({@code next}, only paths under {@code
 * /admin/}, so the form cannot be used to redirect elsewhere). Showing the form creates no
 * server-side session: its CSRF token is bound to a cookie instead ({@link LoginTokens}). Attempts
 * refused by the throttle get 429 with {@code Retry-After} and say how long to wait.
 */
@WebServlet(
    name = "cms-ai-sign-in",
    urlPatterns = {ModuleAuthenticationMechanism.LOGIN_PATH, SignInServlet.LOGOUT_PATH})
public class SignInServlet extends HttpServlet {

  private static final long serialVersionUID = 1L;

  static final String LOGOUT_PATH = "/admin/logout";
  private static final String HOME = "/admin/";
  private static final String TEMPLATE = "/WEB-INF/templates/login.html";

  @Inject private transient SecurityContext security;

  @Override
  protected void doGet(HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    if (LOGOUT_PATH.equals(request.getServletPath())) {
      response.sendRedirect(request.getContextPath() + ModuleAuthenticationMechanism.LOGIN_PATH);
      return;
    }
    if (request.getUserPrincipal() != null && request.isUserInRole(Roles.ADMIN)) {
      response.sendRedirect(request.getContextPath() + next(request));
      return;
    }
    String notice = request.getParameter("signedOut") != null ? "You have signed out." : "";
    render(request, response, HttpServletResponse.SC_OK, "", notice);
  }

  @Override
  protected void doPost(HttpServletRequest request, HttpServletResponse response)
      throws IOException, ServletException {
    if (LOGOUT_PATH.equals(request.getServletPath())) {
      signOut(request, response);
      return;
    }
    String user = request.getParameter("username");
    String password = request.getParameter("password");
    if (user == null || user.isBlank() || password == null || password.isEmpty()) {
      render(
          request,
          response,
          HttpServletResponse.SC_BAD_REQUEST,
          "Enter your user name and password.",
          "");
      return;
    }
    AuthenticationStatus status =
        security.authenticate(
            request,
            response,
            AuthenticationParameters.withParams()
                .newAuthentication(true)
                .credential(new UsernamePasswordCredential(user.strip(), new Password(password))));
    if (status == AuthenticationStatus.SUCCESS && request.isUserInRole(Roles.ADMIN)) {
      CsrfTokens.rotate(request.getSession());
      response.setStatus(HttpServletResponse.SC_SEE_OTHER);
      response.setHeader("Location", request.getContextPath() + next(request));
      return;
    }
    if (status == AuthenticationStatus.SUCCESS) {
      request.getSession().invalidate();
      SessionBinding.clear(request, response);
      render(
          request,
          response,
          HttpServletResponse.SC_FORBIDDEN,
          "Your account does not have the " + Roles.ADMIN + " role needed for the admin console.",
          "");
      return;
    }
    if (request.getAttribute(ModuleAuthenticationMechanism.RETRY_AFTER) instanceof Duration wait) {
      long seconds = ModuleAuthenticationMechanism.retryAfterSeconds(wait);
      response.setHeader("Retry-After", Long.toString(seconds));
      render(
          request,
          response,
          429,
          "Too many failed attempts from your address. Try again in " + seconds + " seconds.",
          "");
      return;
    }
    render(
        request, response, HttpServletResponse.SC_UNAUTHORIZED, "Wrong user name or password.", "");
  }

  private static void signOut(HttpServletRequest request, HttpServletResponse response)
      throws IOException, ServletException {
    HttpSession session = request.getSession(false);
    request.logout();
    if (session != null) {
      session.invalidate();
    }
    SessionBinding.clear(request, response);
    response.setStatus(HttpServletResponse.SC_SEE_OTHER);
    response.setHeader(
        "Location",
        request.getContextPath() + ModuleAuthenticationMechanism.LOGIN_PATH + "?signedOut");
  }

  private void render(
      HttpServletRequest request,
      HttpServletResponse response,
      int status,
      String error,
      String notice)
      throws IOException {
    String token = LoginTokens.issue(request, response);
    String page =
        template()
            .replace("{{csrf}}", Html.escape(token))
            .replace("{{next}}", Html.escape(next(request)))
            .replace("{{username}}", Html.escape(valueOr(request.getParameter("username"))))
            .replace(
                "{{message}}",
                error.isEmpty()
                    ? notice.isEmpty()
                        ? ""
                        : "<p class=\"notice\" role=\"status\">" + Html.escape(notice) + "</p>"
                    : "<p class=\"error\" role=\"alert\" id=\"login-error\">"
                        + Html.escape(error)
                        + "</p>");
    response.setStatus(status);
    response.setContentType("text/html");
    response.setCharacterEncoding("UTF-8");
    response.getWriter().write(page);
  }

  private String template() {
    try (InputStream in = getServletContext().getResourceAsStream(TEMPLATE)) {
      if (in == null) {
        throw new IllegalStateException("missing " + TEMPLATE + " in the web application");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The page to return to: a path under /admin/ only (no open redirect). */
  static String next(HttpServletRequest request) {
    return safeNext(request.getParameter("next"));
  }

  static String safeNext(String next) {
    if (next == null
        || !next.startsWith(HOME)
        || next.contains("//")
        || next.contains("\\")
        || next.contains("..")
        || next.startsWith(ModuleAuthenticationMechanism.LOGIN_PATH)
        || next.chars().anyMatch(c -> c < 0x20)) {
      return HOME;
    }
    return next;
  }

  private static String valueOr(String value) {
    return value == null ? "" : value;
  }
}
