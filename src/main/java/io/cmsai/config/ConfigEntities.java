package io.cmsai.config;

import io.cmsai.config.internal.SettingEntity;
import io.cmsai.platform.ModuleEntities;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;

/** The entities of the configuration capability: saved settings (table {@code ai_setting}). */
@ApplicationScoped
public class ConfigEntities implements ModuleEntities {

  /** The entity classes, for databases built without CDI (tests, tools). */
  public static final List<Class<?>> ALL = List.of(SettingEntity.class);

  @Override
  public List<Class<?>> classes() {
    return ALL;
  }
}
