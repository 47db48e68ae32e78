package io.cmsai.web.internal;

import jakarta.ws.rs.container.DynamicFeature;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.FeatureContext;
import jakarta.ws.rs.ext.Provider;
import java.lang.reflect.InvocationTargetException;

/**
 * Enforces {@code @RolesAllowed}, {@code @PermitAll} and {@code @DenyAll} on resources with the
 * runtime's own feature, Jersey's {@value #JERSEY_FEATURE} (Payara bundles Jersey): a second layer
 * of authorization besides the {@code web.xml} constraints, which refuses a caller without the role
 * with 403 even where a URL constraint is missing. Found by scanning like the other providers (a
 * class name in the application's properties is not honoured on Payara); the module does not
 * compile against Jersey, so the feature is loaded by name.
 */
@Provider
public class RolesAllowedFeature implements DynamicFeature {

  /** Jersey's feature. */
  public static final String JERSEY_FEATURE =
      "org.glassfish.jersey.server.filter.RolesAllowedDynamicFeature";

  private final DynamicFeature jersey;

  public RolesAllowedFeature() {
    try {
      jersey =
          (DynamicFeature)
              Class.forName(JERSEY_FEATURE, true, RolesAllowedFeature.class.getClassLoader())
                  .getDeclaredConstructor()
                  .newInstance();
    } catch (ClassNotFoundException
        | NoSuchMethodException
        | InstantiationException
        | IllegalAccessException
        | InvocationTargetException e) {
      throw new IllegalStateException("the JAX-RS runtime is not Jersey: " + JERSEY_FEATURE, e);
    }
  }

  @Override
  public void configure(ResourceInfo resource, FeatureContext context) {
    jersey.configure(resource, context);
  }
}
