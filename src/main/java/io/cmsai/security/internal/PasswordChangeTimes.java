package io.cmsai.security.internal;

import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.LoadingCache;
import io.cmsai.security.AdminAccounts;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Function;

/**
 * When each account's password last changed, for ending the sessions and forgetting the cached
 * credentials that predate it. Read from the account store (for accounts of other identity stores:
 * never), kept {@value #REFRESH_SECONDS} s so that a session request costs no database query, and
 * updated at once by {@link #changed}. Thread-safe.
 */
@ApplicationScoped
public class PasswordChangeTimes {

  static final int REFRESH_SECONDS = 30;

  private final LoadingCache<String, Optional<Instant>> times;

  /** For CDI proxies only. */
  protected PasswordChangeTimes() {
    this.times = null;
  }

  @Inject
  public PasswordChangeTimes(AdminAccounts accounts) {
    this(accounts::passwordChangedAt);
  }

  /**
   * @param source when the password of a user last changed, empty when unknown to the module
   */
  public PasswordChangeTimes(Function<String, Optional<Instant>> source) {
    this.times =
        Caffeine.newBuilder()
            .expireAfterWrite(Duration.ofSeconds(REFRESH_SECONDS))
            .maximumSize(10_000)
            .build(source::apply);
  }

  /**
   * Whether something {@code user} proved at {@code since} (a sign-in, a checked password) is still
   * valid: not older than the last password change.
   *
   * @throws RuntimeException when the account store cannot be read (treat as not valid)
   */
  public boolean isCurrent(String user, Instant since) {
    return times.get(user).map(changed -> !since.isBefore(changed)).orElse(true);
  }

  /** Records that the password of {@code user} changed at {@code at}. */
  public void changed(String user, Instant at) {
    times.put(user, Optional.of(at));
  }
}
