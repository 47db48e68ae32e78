package io.cmsai.platform;

import java.util.List;

/**
 * The entity classes one capability maps in the module database. Each capability with entities
 * offers one implementation as a CDI bean (next to its entities, e.g. {@code
 * config.ConfigEntities}); {@link Database} maps the classes of all of them, so {@code platform}
 * names no capability's entity and a new entity is listed only by the capability that owns it.
 */
public interface ModuleEntities {

  /** The entity classes, never null. */
  List<Class<?>> classes();
}
