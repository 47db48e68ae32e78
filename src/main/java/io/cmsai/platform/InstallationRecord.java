package io.cmsai.platform;

import java.time.Instant;

/**
 * Where the module keeps the date it was first started on its database. {@link ModuleStartup} calls
 * it once the schema is migrated; the configuration capability implements it with a saved setting,
 * so {@code platform} does not depend on the settings store.
 */
public interface InstallationRecord {

  /**
   * Records {@code now} as the installation date unless one is recorded already, and returns the
   * recorded one.
   *
   * @throws RuntimeException (from the database) when the date cannot be read or written
   */
  Instant installedAt(Instant now);
}
