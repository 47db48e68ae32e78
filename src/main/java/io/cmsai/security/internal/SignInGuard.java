package io.cmsai.security.internal;

import io.cmsai.platform.LogText;
import io.cmsai.security.SecuritySettings;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.Optional;
import java.util.Set;
import java.util.logging.Logger;
import java.util.stream.Collectors;
import org.eclipse.microprofile.config.Config;

/**
 * The gate in front of every password check, whichever identity store answers it: sign-in form,
 * HTTP Basic and the current password of a password change. {@link #admit} is asked first and
 * refuses, without any hashing, attempts of a (user, address) pair that is being delayed ({@link
 * LoginThrottle}) and attempts beyond the address's or the server's {@link FailureBudget}; the
 * caller then reports the result ({@link #failed} or {@link #succeeded}). Failures are logged with
 * the user name escaped ({@link LogText}). Thread-safe.
 *
 * <p>The source address is the connection's ({@code getRemoteAddr}); behind a reverse proxy listed
 * in {@value #TRUSTED_PROXIES_KEY}, it is the nearest {@code X-Forwarded-For} entry that is not
 * such a proxy.
 */
@ApplicationScoped
public class SignInGuard {

  /** Addresses of reverse proxies whose {@code X-Forwarded-For} is believed (comma-separated). */
  public static final String TRUSTED_PROXIES_KEY = "cms.ai.security.trusted-proxies";

  private static final Logger LOG = Logger.getLogger(SignInGuard.class.getName());
  private static final int MAX_ADDRESS = 64;

  private final LoginThrottle throttle;
  private final FailureBudget budget;
  private final Set<String> trustedProxies;

  /** For CDI proxies only. */
  protected SignInGuard() {
    this.throttle = null;
    this.budget = null;
    this.trustedProxies = Set.of();
  }

  @Inject
  public SignInGuard(Config config) {
    this(
        new LoginThrottle(),
        new FailureBudget(Clock.systemUTC()),
        SecuritySettings.TRUSTED_PROXIES.find(config).orElse(""));
  }

  /** A guard over explicit parts (tests). */
  public SignInGuard(LoginThrottle throttle, FailureBudget budget, String trustedProxies) {
    this.throttle = throttle;
    this.budget = budget;
    this.trustedProxies =
        Arrays.stream(trustedProxies.split(","))
            .map(String::strip)
            .filter(s -> !s.isEmpty())
            .collect(Collectors.toUnmodifiableSet());
  }

  /** Where {@code request} comes from (see the class comment). */
  public String sourceAddress(HttpServletRequest request) {
    return sourceAddress(request.getRemoteAddr(), request.getHeader("X-Forwarded-For"));
  }

  String sourceAddress(String remote, String forwardedFor) {
    if (forwardedFor == null || !trustedProxies.contains(remote)) {
      return remote;
    }
    String[] hops = forwardedFor.split(",");
    for (int i = hops.length - 1; i >= 0; i--) {
      String hop = hops[i].strip();
      if (!hop.isEmpty() && !trustedProxies.contains(hop)) {
        return hop.length() > MAX_ADDRESS ? hop.substring(0, MAX_ADDRESS) : hop;
      }
    }
    return remote;
  }

  /**
   * Whether the password of {@code user} may be checked now for a request from {@code address}.
   *
   * @return empty: go ahead (report the result); otherwise how long to wait (do not check)
   */
  public Optional<Duration> admit(String user, String address) {
    Optional<Duration> delayed = throttle.delay(user, address);
    if (delayed.isPresent()) {
      return delayed;
    }
    return budget.take(address);
  }

  /** Reports that the password of {@code user} was wrong (after {@link #admit}). */
  public void failed(String user, String address) {
    LoginThrottle.Outcome outcome = throttle.failed(user, address);
    LOG.info(() -> "failed sign-in for " + LogText.quote(user) + " from " + LogText.quote(address));
    if (outcome == LoginThrottle.Outcome.DELAYED) {
      LOG.warning(
          () ->
              "repeated failed sign-ins for "
                  + LogText.quote(user)
                  + " from "
                  + LogText.quote(address)
                  + ": further attempts from there wait "
                  + throttle.delay(user, address).map(Duration::toSeconds).orElse(0L)
                  + " s");
    }
  }

  /** Reports that the password of {@code user} was right (after {@link #admit}). */
  public void succeeded(String user, String address) {
    throttle.succeeded(user, address);
    budget.giveBack(address);
  }
}
