package io.cmsai.security;

import io.cmsai.platform.ModuleEntities;
import io.cmsai.security.internal.AdminAccountEntity;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;

/**
 * The entities of the security capability: administrator accounts (table {@code ai_admin_account}).
 */
@ApplicationScoped
public class SecurityEntities implements ModuleEntities {

  /** The entity classes, for databases built without CDI (tests, tools). */
  public static final List<Class<?>> ALL = List.of(AdminAccountEntity.class);

  @Override
  public List<Class<?>> classes() {
    return ALL;
  }
}
