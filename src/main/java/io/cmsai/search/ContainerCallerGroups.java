package io.cmsai.search;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.security.enterprise.SecurityContext;
import java.security.Principal;
import java.util.Set;
import java.util.TreeSet;

/**
 * The caller's groups as the container knows them: the group principals the identity store put in
 * the caller's subject (Jakarta Security's {@code getPrincipalsByType}; on Payara these are the
 * groups of the {@code CredentialValidationResult}), everything but the caller principal itself.
 */
@ApplicationScoped
public class ContainerCallerGroups implements CallerGroups {

  private final SecurityContext security;

  /** For CDI proxies only. */
  protected ContainerCallerGroups() {
    this.security = null;
  }

  @Inject
  public ContainerCallerGroups(SecurityContext security) {
    this.security = security;
  }

  @Override
  public Set<String> current() {
    Principal caller = security.getCallerPrincipal();
    if (caller == null) {
      return Set.of();
    }
    Set<String> groups = new TreeSet<>();
    for (Principal principal : security.getPrincipalsByType(Principal.class)) {
      if (principal != null && !principal.equals(caller) && principal.getName() != null) {
        groups.add(principal.getName());
      }
    }
    groups.remove(caller.getName());
    return Set.copyOf(groups);
  }
}
