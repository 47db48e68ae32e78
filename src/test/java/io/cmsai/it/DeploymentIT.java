package io.cmsai.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.File;
import java.io.StringReader;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.importer.ZipImporter;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Deploys the real built WAR ({@code target/cms-ai.war}) on Payara Micro and checks it from the
 * outside, as an operator would: health endpoints, the status JSON and the landing page.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class DeploymentIT {

  private static final HttpClient HTTP =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(5))
          .build();

  @ArquillianResource private URL base;

  @Deployment(testable = false)
  static WebArchive builtWar() {
    File war = new File(System.getProperty("cms.ai.test.war", "target/cms-ai.war"));
    assertTrue(war.isFile(), "run 'mvnw verify' (the WAR is built in package): missing " + war);
    return ShrinkWrap.create(ZipImporter.class, "cms-ai.war").importFrom(war).as(WebArchive.class);
  }

  @Test
  void readiness_is_up_with_the_module_database_check() throws Exception {
    HttpResponse<String> ready = get(URI.create(base.toString()).resolve("/health/ready"));

    assertEquals(200, ready.statusCode(), ready.body());
    JsonObject health = json(ready.body());
    assertEquals("UP", health.getString("status"));
    JsonObject check = health.getJsonArray("checks").getJsonObject(0);
    assertEquals("cms-ai-database", check.getString("name"));
    assertEquals("READY", check.getJsonObject("data").getString("startup"));
    assertEquals("H2", check.getJsonObject("data").getString("database"));
  }

  @Test
  void liveness_is_up() throws Exception {
    HttpResponse<String> live = get(URI.create(base.toString()).resolve("/health/live"));

    assertEquals(200, live.statusCode(), live.body());
    assertTrue(live.body().contains("cms-ai-threads"), live.body());
  }

  @Test
  void status_endpoint_reports_the_running_module_as_json() throws Exception {
    HttpResponse<String> response = get(URI.create(base + "api/ai/status"));

    assertEquals(200, response.statusCode(), response.body());
    assertTrue(
        response.headers().firstValue("Content-Type").orElse("").startsWith("application/json"));
    JsonObject status = json(response.body());
    assertEquals("cms-ai", status.getString("module"));
    assertEquals("READY", status.getString("status"));
    assertEquals("H2", status.getString("database"));
    assertEquals("1.0", status.getString("schemaVersion"));
    assertTrue(status.getString("version").matches("\\d+\\.\\d+\\.\\d+.*"), response.body());
    assertTrue(
        !status.getString("installedAt").isEmpty() && !status.getString("startedAt").isEmpty());
  }

  @Test
  void landing_page_links_the_endpoints() throws Exception {
    HttpResponse<String> page = get(URI.create(base.toString()));

    assertEquals(200, page.statusCode());
    assertTrue(page.body().contains("api/ai/status"), page.body());
  }

  private static HttpResponse<String> get(URI uri) throws Exception {
    return HTTP.send(
        HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).GET().build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static JsonObject json(String body) {
    return Json.createReader(new StringReader(body)).readObject();
  }
}
