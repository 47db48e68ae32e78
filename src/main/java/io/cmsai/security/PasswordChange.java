package io.cmsai.security;

import io.cmsai.security.internal.CredentialCache;
import io.cmsai.security.internal.PasswordChangeTimes;
import io.cmsai.security.internal.SessionCaller;
import io.cmsai.security.internal.SignInGuard;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * A signed-in administrator changing their own password over the web. The current password is
 * checked behind the same {@link io.cmsai.security.internal.SignInGuard} as a sign-in (so it cannot
 * be guessed faster). After the change, every other session of the account ends at its next
 * request, cached Basic credentials of the account are forgotten, and the calling session (if any)
 * continues under a new session id. Thread-safe.
 */
@ApplicationScoped
public class PasswordChange {

  /** The change was refused without checking: too many wrong passwords from this address. */
  public static final class ThrottledException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final transient Duration retryAfter;

    ThrottledException(Duration retryAfter) {
      super("too many wrong passwords: try again in " + retryAfter.toSeconds() + " s");
      this.retryAfter = retryAfter;
    }

    /** How long to wait. */
    public Duration retryAfter() {
      return retryAfter;
    }
  }

  private final AdminAccounts accounts;
  private final SignInGuard guard;
  private final CredentialCache credentials;
  private final PasswordChangeTimes times;

  /** For CDI proxies only. */
  protected PasswordChange() {
    this.accounts = null;
    this.guard = null;
    this.credentials = null;
    this.times = null;
  }

  @Inject
  public PasswordChange(
      AdminAccounts accounts,
      SignInGuard guard,
      CredentialCache credentials,
      PasswordChangeTimes times) {
    this.accounts = accounts;
    this.guard = guard;
    this.credentials = credentials;
    this.times = times;
  }

  /**
   * Changes the password of {@code request}'s caller.
   *
   * @throws ThrottledException when refused before checking the current password
   * @throws AdminAccounts.WrongPasswordException when the current password is wrong
   * @throws IllegalArgumentException when the new password is refused (the message says why)
   */
  public void change(HttpServletRequest request, String current, String replacement) {
    String user = request.getUserPrincipal().getName();
    String address = guard.sourceAddress(request);
    Optional<Duration> wait = guard.admit(user, address);
    if (wait.isPresent()) {
      throw new ThrottledException(wait.get());
    }
    Instant at;
    try {
      at = accounts.changePassword(user, current, replacement);
    } catch (AdminAccounts.WrongPasswordException e) {
      guard.failed(user, address);
      throw e;
    } catch (IllegalArgumentException e) {
      guard.succeeded(user, address);
      throw e;
    }
    guard.succeeded(user, address);
    times.changed(user, at);
    credentials.forget(user);
    HttpSession session = request.getSession(false);
    if (session != null
        && session.getAttribute(SessionCaller.ATTRIBUTE) instanceof SessionCaller c) {
      request.changeSessionId();
      session.setAttribute(SessionCaller.ATTRIBUTE, c.reproved(at));
    }
  }
}
