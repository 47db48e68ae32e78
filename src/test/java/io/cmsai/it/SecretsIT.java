package io.cmsai.it;

import static io.cmsai.testing.Web.basic;
import static io.cmsai.testing.Web.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cmsai.testing.BuiltWar;
import jakarta.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The security review's F1 and F11 probes, against the real WAR on Payara Micro: key references
 * resolve only from places meant for secrets (never the server's own settings or environment), a
 * value set from the admin API is used at once, a key bound to other hosts is never sent, and
 * link-local or metadata addresses are refused when settings are saved or tested. A local listener
 * on an ephemeral port stands in for the host an administrator picks and records what it receives.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class SecretsIT {

  private static final String ADMIN = "admin";
  private static final String PASSWORD = BuiltWar.ADMIN_PASSWORD;

  /** Bound in arquillian.xml: {@code -Dcms.ai.secret.it-bound.hosts=bound.invalid}. */
  private static final String BOUND = "it-bound";

  private static final HttpClient HTTP =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(5))
          .build();

  @ArquillianResource private URL base;

  private Listener listener;
  private final String secret = "sk-it-" + HexFormat.of().formatHex(random(12));

  @Deployment(testable = false)
  static WebArchive builtWar() {
    return BuiltWar.archive();
  }

  @BeforeEach
  void listen() throws IOException {
    listener = new Listener();
  }

  @AfterEach
  void stop() throws Exception {
    listener.close();
    for (String name :
        List.of("cms.ai.admin.initial-password", "PATH", "HOME", "it-console-key", BOUND)) {
      send("DELETE", "api/ai/admin/keys/" + name, null);
      send("DELETE", "api/ai/admin/keys/" + name + "/value", null);
    }
  }

  @Test
  void server_settings_and_environment_variables_do_not_resolve_as_key_references()
      throws Exception {
    for (String name : List.of("cms.ai.admin.initial-password", "PATH", "HOME")) {
      HttpResponse<String> registered =
          send("POST", "api/ai/admin/keys", "{\"name\":\"" + name + "\"}");

      assertEquals(201, registered.statusCode(), registered.body());
      JsonObject key = json(registered.body());
      assertFalse(key.getBoolean("resolved"), registered.body());
      assertEquals("not found", key.getString("source"), registered.body());
      assertTrue(key.getString("hint").contains("cms.ai.secret." + name), registered.body());
      assertFalse(registered.body().contains(PASSWORD));
    }
  }

  @Test
  void a_provider_test_naming_the_admin_password_sends_no_value_to_the_chosen_host()
      throws Exception {
    HttpResponse<String> test =
        send(
            "POST",
            "api/ai/admin/provider/test",
            values(
                "\"base-url\":\""
                    + listener.url()
                    + "\","
                    + "\"api-key-ref\":\"cms.ai.admin.initial-password\""));
    HttpResponse<String> models =
        send(
            "POST",
            "api/ai/admin/provider/models",
            values(
                "\"base-url\":\""
                    + listener.url()
                    + "\",\"api-key-ref\":\"HOME\","
                    + "\"auth-header\":\"X-Leak\",\"auth-scheme\":\"none\""));

    assertEquals(200, test.statusCode(), test.body());
    assertTrue(test.body().contains("the key reference does not resolve"), test.body());
    assertTrue(test.body().contains("CMS_AI_SECRET_CMS_AI_ADMIN_INITIAL_PASSWORD"), test.body());
    assertEquals(502, models.statusCode(), models.body());
    String received = listener.received();
    assertFalse(received.contains(PASSWORD), received);
    assertFalse(received.toLowerCase(java.util.Locale.ROOT).contains("authorization"), received);
    assertFalse(received.toLowerCase(java.util.Locale.ROOT).contains("x-leak"), received);
    assertFalse(received.contains(System.getProperty("user.home")), received);
  }

  @Test
  void a_vector_store_test_naming_the_admin_password_sends_no_value() throws Exception {
    HttpResponse<String> test =
        send(
            "POST",
            "api/ai/admin/vector-store/test",
            values(
                "\"kind\":\"pgvector\",\"pg-url\":\"jdbc:postgresql://127.0.0.1:"
                    + listener.port()
                    + "/db?sslmode=disable&connectTimeout=3\",\"pg-user\":\"probe\","
                    + "\"pg-password-ref\":\"cms.ai.admin.initial-password\""));

    assertEquals(200, test.statusCode(), test.body());
    assertTrue(test.body().contains("does not resolve"), test.body());
    assertFalse(listener.received().contains(PASSWORD));
  }

  @Test
  void a_value_set_from_the_admin_api_resolves_at_once_and_is_sent_as_the_key() throws Exception {
    HttpResponse<String> set =
        send("PUT", "api/ai/admin/keys/it-console-key/value", "{\"value\":\"" + secret + "\"}");

    assertEquals(200, set.statusCode(), set.body());
    assertTrue(json(set.body()).getBoolean("resolved"), set.body());
    assertEquals("secrets file", json(set.body()).getString("source"));
    assertFalse(set.body().contains(secret), "the value is never shown again");
    HttpResponse<String> list = send("GET", "api/ai/admin/keys", null);
    assertFalse(list.body().contains(secret));
    Path file = secretsDir().resolve("it-console-key");
    assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));

    send(
        "POST",
        "api/ai/admin/provider/models",
        values("\"base-url\":\"" + listener.url() + "\",\"api-key-ref\":\"it-console-key\""));
    assertTrue(
        listener.received().contains("Authorization: Bearer " + secret), listener.received());

    HttpResponse<String> deleted = send("DELETE", "api/ai/admin/keys/it-console-key/value", null);
    assertEquals(204, deleted.statusCode(), deleted.body());
    assertFalse(Files.exists(file));
    HttpResponse<String> again = send("DELETE", "api/ai/admin/keys/it-console-key/value", null);
    assertEquals(404, again.statusCode(), again.body());
  }

  @Test
  void a_value_is_checked_and_never_echoed_when_refused() throws Exception {
    HttpResponse<String> twoLines =
        send(
            "PUT",
            "api/ai/admin/keys/it-console-key/value",
            "{\"value\":\"" + secret + "\\nsecond line\"}");
    HttpResponse<String> badName =
        send("PUT", "api/ai/admin/keys/.hidden/value", "{\"value\":\"" + secret + "\"}");
    HttpResponse<String> notAString =
        send("PUT", "api/ai/admin/keys/it-console-key/value", "{\"value\":42}");

    assertEquals(400, twoLines.statusCode(), twoLines.body());
    assertTrue(twoLines.body().contains("one line"), twoLines.body());
    assertFalse(twoLines.body().contains(secret));
    assertEquals(400, badName.statusCode(), badName.body());
    assertEquals(400, notAString.statusCode(), notAString.body());
    assertFalse(Files.exists(secretsDir().resolve("it-console-key")));
  }

  @Test
  void a_key_bound_to_other_hosts_is_not_sent_to_the_chosen_host() throws Exception {
    assertEquals(
        200,
        send("PUT", "api/ai/admin/keys/" + BOUND + "/value", "{\"value\":\"" + secret + "\"}")
            .statusCode());

    HttpResponse<String> test =
        send(
            "POST",
            "api/ai/admin/provider/test",
            values("\"base-url\":\"" + listener.url() + "\",\"api-key-ref\":\"" + BOUND + "\""));
    HttpResponse<String> keys = send("GET", "api/ai/admin/keys", null);

    assertEquals(200, test.statusCode(), test.body());
    assertTrue(test.body().contains("the key may not be sent to this host"), test.body());
    assertTrue(test.body().contains("bound.invalid"), test.body());
    assertFalse(listener.received().contains(secret), listener.received());
    assertFalse(listener.received().toLowerCase(java.util.Locale.ROOT).contains("authorization"));
    assertTrue(keys.body().contains("\"hosts\":[\"bound.invalid\"]"), keys.body());
  }

  @Test
  void link_local_and_metadata_addresses_are_refused_when_saved_or_tested() throws Exception {
    HttpResponse<String> save =
        send("PUT", "api/ai/admin/provider", values("\"base-url\":\"http://169.254.169.254/v1\""));
    HttpResponse<String> test =
        send(
            "POST",
            "api/ai/admin/provider/test",
            values("\"base-url\":\"http://metadata.google.internal/computeMetadata/v1\""));
    HttpResponse<String> milvus =
        send(
            "PUT",
            "api/ai/admin/vector-store",
            values("\"kind\":\"milvus\",\"milvus-uri\":\"http://[fd00:ec2::254]:19530\""));
    HttpResponse<String> pg =
        send(
            "POST",
            "api/ai/admin/vector-store/test",
            values("\"kind\":\"pgvector\",\"pg-url\":\"jdbc:postgresql://169.254.169.254/db\""));
    HttpResponse<String> form = send("GET", "api/ai/admin/provider", null);

    assertEquals(400, save.statusCode(), save.body());
    String why = json(save.body()).getJsonObject("fields").getString("base-url");
    assertTrue(why.contains("cms.ai.outbound.allowed-hosts"), why);
    assertTrue(why.contains("metadata"), why);
    assertEquals(400, test.statusCode(), test.body());
    assertEquals(400, milvus.statusCode(), milvus.body());
    assertTrue(json(milvus.body()).getJsonObject("fields").containsKey("milvus-uri"));
    assertEquals(400, pg.statusCode(), pg.body());
    assertTrue(json(pg.body()).getJsonObject("fields").containsKey("pg-url"));
    assertFalse(form.body().contains("169.254.169.254"), "nothing was saved: " + form.body());
  }

  // ---- helpers ----

  private static byte[] random(int size) {
    byte[] bytes = new byte[size];
    new SecureRandom().nextBytes(bytes);
    return bytes;
  }

  private static String values(String fields) {
    return "{\"values\":{" + fields + "}}";
  }

  private static Path secretsDir() {
    return Path.of(System.getProperty("cms.ai.test.work", "target/it-work"), "payara-data")
        .resolve("secrets");
  }

  private HttpResponse<String> send(String method, String path, String body) throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(base + path))
            .header("Authorization", basic(ADMIN, PASSWORD))
            .header("Accept", "application/json")
            .timeout(Duration.ofSeconds(60));
    if (body == null) {
      request.method(method, HttpRequest.BodyPublishers.noBody());
    } else {
      request
          .header("Content-Type", "application/json")
          .method(method, HttpRequest.BodyPublishers.ofString(body));
    }
    return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
  }

  /**
   * A host an administrator could pick: records the bytes of every connection (HTTP heads, or a
   * PostgreSQL start-up and password message) and answers 401.
   */
  private static final class Listener implements AutoCloseable {
    private final ServerSocket socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    private final List<String> connections = new CopyOnWriteArrayList<>();
    private final Thread thread = new Thread(this::serve, "secrets-it-listener");

    Listener() throws IOException {
      thread.setDaemon(true);
      thread.start();
    }

    int port() {
      return socket.getLocalPort();
    }

    String url() {
      return "http://127.0.0.1:" + port() + "/v1";
    }

    /** Everything received so far, connection by connection. */
    String received() {
      return String.join("\n----\n", connections);
    }

    private void serve() {
      while (!socket.isClosed()) {
        try (Socket client = socket.accept()) {
          client.setSoTimeout(1000);
          connections.add(read(client.getInputStream()));
          OutputStream out = client.getOutputStream();
          out.write(
              ("HTTP/1.1 401 Unauthorized\r\nContent-Type: application/json\r\n"
                      + "Content-Length: 2\r\nConnection: close\r\n\r\n{}")
                  .getBytes(StandardCharsets.US_ASCII));
          out.flush();
        } catch (IOException e) {
          // closed, or the client went away
        }
      }
    }

    private static String read(InputStream in) throws IOException {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      byte[] buffer = new byte[4096];
      try {
        int n;
        while ((n = in.read(buffer)) > 0) {
          bytes.write(buffer, 0, n);
          if (bytes.toString(StandardCharsets.ISO_8859_1).contains("\r\n\r\n")) {
            break;
          }
        }
      } catch (SocketTimeoutException e) {
        // what arrived within the timeout
      }
      return bytes.toString(StandardCharsets.ISO_8859_1);
    }

    @Override
    public void close() throws Exception {
      socket.close();
      thread.join(5000);
    }
  }
}
