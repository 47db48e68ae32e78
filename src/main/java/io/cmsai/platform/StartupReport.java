package io.cmsai.platform;

import java.time.Instant;
import java.util.Optional;

/**
 * What the module's start-up achieved: immutable, replaced as a whole when start-up finishes.
 *
 * @param phase where start-up is
 * @param failure the reason when {@code phase} is {@link Phase#FAILED}, written for an operator
 * @param installedAt when the module first started on this database, once known
 * @param startedAt when this start began
 * @param schemaVersion the schema version in place, once migrated
 */
public record StartupReport(
    Phase phase,
    Optional<String> failure,
    Optional<Instant> installedAt,
    Instant startedAt,
    Optional<String> schemaVersion) {

  /** Start-up phases. */
  public enum Phase {
    STARTING,
    READY,
    FAILED
  }

  static StartupReport starting(Instant at) {
    return new StartupReport(
        Phase.STARTING, Optional.empty(), Optional.empty(), at, Optional.empty());
  }

  StartupReport ready(Instant installed, String schema) {
    return new StartupReport(
        Phase.READY, Optional.empty(), Optional.of(installed), startedAt, Optional.of(schema));
  }

  StartupReport failed(String reason) {
    return new StartupReport(
        Phase.FAILED, Optional.of(reason), installedAt, startedAt, schemaVersion);
  }
}
