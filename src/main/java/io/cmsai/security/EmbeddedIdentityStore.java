package io.cmsai.security;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.security.enterprise.credential.Credential;
import jakarta.security.enterprise.credential.UsernamePasswordCredential;
import jakarta.security.enterprise.identitystore.CredentialValidationResult;
import jakarta.security.enterprise.identitystore.IdentityStore;
import org.eclipse.microprofile.config.Config;

/**
 * The module's own identity store: the {@link AdminAccounts}, whose members get the groups {@code
 * ai-admin} and {@code ai-user}. {@value #ENABLED_KEY}{@code =false} turns it off, so that only
 * identity stores the portal adds (any {@link IdentityStore} bean, e.g. from Jakarta Security's
 * {@code @LdapIdentityStoreDefinition} or {@code @DatabaseIdentityStoreDefinition}) are asked.
 * Throttling and logging of failures happen before any store is asked, in the {@link
 * ModuleAuthenticationMechanism}, so they cover those stores too. Thread-safe.
 */
@ApplicationScoped
public class EmbeddedIdentityStore implements IdentityStore {

  /** Whether the embedded store answers (default true). */
  public static final String ENABLED_KEY = "cms.ai.security.embedded-identity-store";

  private final AdminAccounts accounts;
  private final boolean enabled;

  /** For CDI proxies only. */
  protected EmbeddedIdentityStore() {
    this.accounts = null;
    this.enabled = false;
  }

  @Inject
  public EmbeddedIdentityStore(AdminAccounts accounts, Config config) {
    this.accounts = accounts;
    this.enabled = SecuritySettings.EMBEDDED_IDENTITY_STORE.read(config);
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
    if (!accounts.verify(user, login.getPasswordAsString())) {
      return CredentialValidationResult.INVALID_RESULT;
    }
    return new CredentialValidationResult(user, Roles.ADMINISTRATOR_GROUPS);
  }
}
