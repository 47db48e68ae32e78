package io.cmsai.security;

import io.cmsai.security.internal.LoginThrottle;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.security.enterprise.credential.Credential;
import jakarta.security.enterprise.credential.UsernamePasswordCredential;
import jakarta.security.enterprise.identitystore.CredentialValidationResult;
import jakarta.security.enterprise.identitystore.IdentityStore;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.Config;

/**
 * The module's own identity store: the {@link AdminAccounts}, whose members get the groups {@code
 * ai-admin} and {@code ai-user}. Repeated failures for one user name are slowed down by a {@link
 * LoginThrottle}. {@value #ENABLED_KEY}{@code =false} turns it off, so that only identity stores
 * the portal adds (any {@link IdentityStore} bean, e.g. from Jakarta Security's
 * {@code @LdapIdentityStoreDefinition} or {@code @DatabaseIdentityStoreDefinition}) are asked.
 * Thread-safe.
 */
@ApplicationScoped
public class EmbeddedIdentityStore implements IdentityStore {

  /** Whether the embedded store answers (default true). */
  public static final String ENABLED_KEY = "cms.ai.security.embedded-identity-store";

  private static final Logger LOG = Logger.getLogger(EmbeddedIdentityStore.class.getName());

  private final AdminAccounts accounts;
  private final LoginThrottle throttle;
  private final boolean enabled;

  /** For CDI proxies only. */
  protected EmbeddedIdentityStore() {
    this.accounts = null;
    this.throttle = null;
    this.enabled = false;
  }

  @Inject
  public EmbeddedIdentityStore(AdminAccounts accounts, LoginThrottle throttle, Config config) {
    this.accounts = accounts;
    this.throttle = throttle;
    this.enabled = config.getOptionalValue(ENABLED_KEY, Boolean.class).orElse(true);
  }

  @Override
  public CredentialValidationResult validate(Credential credential) {
    if (!enabled || !(credential instanceof UsernamePasswordCredential login)) {
      return CredentialValidationResult.NOT_VALIDATED_RESULT;
    }
    String user = login.getCaller();
    if (user == null || user.isBlank() || login.getPasswordAsString() == null) {
      return CredentialValidationResult.INVALID_RESULT;
    }
    if (throttle.isLocked(user)) {
      LOG.warning(() -> "sign-in refused while locked after repeated failures: " + user);
      return CredentialValidationResult.INVALID_RESULT;
    }
    if (!accounts.verify(user, login.getPasswordAsString())) {
      throttle.failed(user);
      LOG.info(() -> "failed sign-in for '" + user + "'");
      return CredentialValidationResult.INVALID_RESULT;
    }
    throttle.succeeded(user);
    return new CredentialValidationResult(user, Roles.ADMINISTRATOR_GROUPS);
  }
}
