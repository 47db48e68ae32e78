package io.cmsai.api;

import java.time.Instant;

/**
 * Public facts about the running module, as served by {@code GET /api/ai/status}. Holds nothing
 * secret: no paths, URLs or credentials.
 *
 * @param module the module name
 * @param version the build version
 * @param status {@code STARTING}, {@code READY} or {@code FAILED}
 * @param startedAt when this start began
 * @param installedAt when the module first started on this database (null until known)
 * @param schemaVersion the database schema version (null until migrated)
 * @param database the configured database product, e.g. {@code H2} or {@code PostgreSQL}
 * @param provider the last known health of the inference server ({@code UP}, {@code LOADING},
 *     {@code DOWN}, or {@code UNKNOWN} before the first background probe)
 */
public record ModuleStatus(
    String module,
    String version,
    String status,
    Instant startedAt,
    Instant installedAt,
    String schemaVersion,
    String database,
    String provider) {}
