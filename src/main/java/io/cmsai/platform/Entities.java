package io.cmsai.platform;

import io.cmsai.config.internal.SettingEntity;
import io.cmsai.security.internal.AdminAccountEntity;
import java.util.List;

/** The entity classes mapped in the module database. */
public final class Entities {

  public static final List<Class<?>> ALL = List.of(SettingEntity.class, AdminAccountEntity.class);

  private Entities() {}
}
