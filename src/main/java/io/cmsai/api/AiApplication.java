package io.cmsai.api;

import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;
import java.util.Map;

/**
 * Roots every module endpoint at {@code /api/ai}. Resources and the web edge's providers (exception
 * mappers, the JSON body reader in {@code io.cmsai.web.internal}) are found by scanning; Jersey's
 * {@code RolesAllowedDynamicFeature} is added by name, so {@code @RolesAllowed} on resources is
 * enforced as a second layer besides the {@code web.xml} constraints.
 */
@ApplicationPath("/api/ai")
public class AiApplication extends Application {

  /** Jersey's feature that enforces {@code @RolesAllowed}, {@code @PermitAll}, {@code @DenyAll}. */
  public static final String ROLES_ALLOWED_FEATURE =
      "org.glassfish.jersey.server.filter.RolesAllowedDynamicFeature";

  @Override
  public Map<String, Object> getProperties() {
    return Map.of("jersey.config.server.provider.classnames", ROLES_ALLOWED_FEATURE);
  }
}
