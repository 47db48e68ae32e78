package io.cmsai.it;

import static io.cmsai.testing.Web.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cmsai.testing.BuiltWar;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.asset.StringAsset;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The second authorization layer alone: the built WAR deployed with every {@code
 * <security-constraint>} removed from its {@code web.xml}, so only the resources'
 * {@code @RolesAllowed} (enforced by Jersey's RolesAllowedDynamicFeature) stands between an
 * anonymous caller and the admin and content APIs.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class RolesAllowedIT {

  private static final HttpClient HTTP =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(5))
          .build();

  @ArquillianResource private URL base;

  @Deployment(testable = false)
  static WebArchive warWithoutUrlConstraints() throws IOException {
    WebArchive archive = BuiltWar.archive();
    String webXml;
    try (InputStream in = archive.get("WEB-INF/web.xml").getAsset().openStream()) {
      webXml = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    String open = webXml.replaceAll("(?s)<security-constraint>.*?</security-constraint>", "");
    assertTrue(webXml.contains("<security-constraint>") && !open.contains("<security-constraint>"));
    archive.delete("WEB-INF/web.xml");
    return archive.setWebXML(new StringAsset(open));
  }

  /**
   * Reads only: a state-changing call is refused earlier, by the CSRF filter (AuthenticationIT).
   * Jersey's feature answers 403; on the first calls after start-up Payara has been seen to ask the
   * authentication mechanism first, which answers 401. Either way the resource does not answer.
   */
  @Test
  void anonymous_admin_and_content_reads_are_refused_by_the_annotations_alone() throws Exception {
    for (HttpRequest request :
        new HttpRequest[] {
          get("api/ai/admin/provider"),
          get("api/ai/admin/keys"),
          get("api/ai/admin/account"),
          get("api/ai/content/anything")
        }) {
      HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());

      String type = json(response).getJsonObject("error").getString("type");
      assertTrue(
          (response.statusCode() == 403 && type.equals("forbidden"))
              || (response.statusCode() == 401 && type.equals("authentication_error")),
          request + " " + response.statusCode() + " " + response.body());
      assertFalse(response.body().contains("Exception"), response.body());
      assertFalse(response.body().contains("base-url"), response.body());
    }
  }

  @Test
  void public_resources_stay_open() throws Exception {
    HttpResponse<String> status =
        HTTP.send(get("api/ai/status"), HttpResponse.BodyHandlers.ofString());

    assertEquals(200, status.statusCode(), status.body());
  }

  private HttpRequest get(String path) {
    return HttpRequest.newBuilder(URI.create(base + path))
        .timeout(Duration.ofSeconds(30))
        .GET()
        .build();
  }
}
