package io.cmsai;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cmsai.api.AiApplication;
import io.cmsai.web.internal.RolesAllowedFeature;
import jakarta.annotation.security.DenyAll;
import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.ext.Provider;
import java.io.IOException;
import java.lang.reflect.Method;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The annotation layer of authorization (a second layer besides the {@code web.xml} constraints):
 * every JAX-RS resource says who may call it, the admin and content resources require {@code
 * ai-admin} on every method, and a scanned provider enables Jersey's feature that enforces it
 * (RolesAllowedIT shows it refusing on the server).
 */
class ResourceRolesTest {

  @Test
  void admin_and_content_resources_require_the_admin_role_on_every_method() throws Exception {
    List<Class<?>> guarded =
        resources().stream()
            .filter(
                c ->
                    c.getPackageName().equals("io.cmsai.admin")
                        || c.getPackageName().equals("io.cmsai.content"))
            .toList();

    assertTrue(guarded.size() >= 7, "found " + guarded);
    for (Class<?> resource : guarded) {
      RolesAllowed roles = resource.getAnnotation(RolesAllowed.class);
      assertTrue(roles != null, resource + " lacks @RolesAllowed");
      assertEquals(List.of("ai-admin"), List.of(roles.value()), resource.getName());
      for (Method method : resource.getDeclaredMethods()) {
        assertTrue(
            method.getAnnotation(PermitAll.class) == null
                && method.getAnnotation(RolesAllowed.class) == null,
            method + " overrides the class's role");
      }
    }
  }

  @Test
  void every_resource_states_who_may_call_it() throws Exception {
    List<String> silent = new ArrayList<>();
    for (Class<?> resource : resources()) {
      if (resource.getAnnotation(RolesAllowed.class) == null
          && resource.getAnnotation(PermitAll.class) == null
          && resource.getAnnotation(DenyAll.class) == null) {
        silent.add(resource.getName());
      }
    }

    assertEquals(List.of(), silent);
  }

  @Test
  void the_role_enforcement_is_a_scanned_provider_that_loads_jersey_s_feature() {
    assertTrue(RolesAllowedFeature.class.isAnnotationPresent(Provider.class));
    assertEquals(
        "org.glassfish.jersey.server.filter.RolesAllowedDynamicFeature",
        RolesAllowedFeature.JERSEY_FEATURE);
  }

  /** Every class with {@code @Path} among the compiled main classes. */
  private static List<Class<?>> resources()
      throws IOException, URISyntaxException, ClassNotFoundException {
    java.nio.file.Path root =
        java.nio.file.Path.of(
            AiApplication.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    List<String> names;
    try (Stream<java.nio.file.Path> files = Files.walk(root.resolve("io/cmsai"))) {
      names =
          files
              .map(p -> root.relativize(p).toString())
              .filter(p -> p.endsWith(".class") && !p.contains("$"))
              .map(p -> p.substring(0, p.length() - 6).replace('/', '.'))
              .toList();
    }
    List<Class<?>> resources = new ArrayList<>();
    for (String name : names) {
      Class<?> type = Class.forName(name, false, ResourceRolesTest.class.getClassLoader());
      if (type.getAnnotation(Path.class) != null) {
        resources.add(type);
      }
    }
    return resources;
  }
}
