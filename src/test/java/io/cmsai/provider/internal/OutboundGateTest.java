package io.cmsai.provider.internal;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cmsai.config.KeyResolver;
import io.cmsai.config.OutboundPolicy;
import io.cmsai.provider.AiProviderException;
import io.cmsai.provider.AuthenticationException;
import io.cmsai.provider.HealthStatus;
import io.cmsai.provider.ProviderConnectionException;
import io.cmsai.provider.ProviderSettings;
import io.cmsai.testing.SettingsBuilder;
import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Where provider calls may go and which key they carry: a key bound to other hosts is never sent,
 * and a base URL whose name resolves to a link-local address is refused before anything is sent.
 */
class OutboundGateTest {

  private static final String SECRET = "sk-bound-secret-9876";
  private static final String MODELS = "{\"object\":\"list\",\"data\":[{\"id\":\"m\"}]}";

  @TempDir Path secrets;

  private final Map<String, String> hosts = new java.util.HashMap<>();
  private MockWebServer server;
  private ProviderRuntime runtime;

  @BeforeEach
  void start() throws IOException {
    server = new MockWebServer();
    server.start(InetAddress.getLoopbackAddress(), 0);
    KeyResolver keys =
        new KeyResolver(
            name ->
                name.equals("llm.key")
                    ? Optional.of(new KeyResolver.Found(SECRET, "test"))
                    : Optional.empty(),
            name -> Optional.ofNullable(hosts.get(name)),
            name -> false,
            secrets);
    OutboundPolicy policy = new OutboundPolicy(List.of(), OutboundGateTest::dns);
    runtime =
        new ProviderRuntime(
            () -> settings("127.0.0.1"),
            keys,
            policy,
            e -> {},
            e -> {},
            Executors.defaultThreadFactory());
  }

  @AfterEach
  void stop() throws IOException {
    runtime.close();
    server.close();
  }

  @Test
  void a_key_bound_to_its_host_is_sent_there() throws Exception {
    hosts.put("llm.key", "127.0.0.1:" + server.getPort());
    server.enqueue(json(MODELS));

    assertEquals(1, await(runtime.client(settings("127.0.0.1")).models()).size());

    RecordedRequest request = server.takeRequest(5, SECONDS);
    assertEquals("Bearer " + SECRET, request.getHeaders().get("Authorization"));
  }

  @Test
  void a_key_bound_to_other_hosts_is_refused_before_anything_is_sent() {
    hosts.put("llm.key", "api.example.com");

    AiProviderException e = failure(runtime.client(settings("127.0.0.1")).models());

    AuthenticationException refused = assertInstanceOf(AuthenticationException.class, e);
    assertEquals(Optional.of(OutboundGate.KEY_HOST_NOT_ALLOWED), refused.errorType());
    assertTrue(e.getMessage().contains("'llm.key'"), e.getMessage());
    assertTrue(e.getMessage().contains("127.0.0.1:" + server.getPort()), e.getMessage());
    assertFalse(e.getMessage().contains(SECRET));
    assertEquals("the key may not be sent to this host", ConnectionTester.causeOf(e));
    assertEquals(0, server.getRequestCount());
  }

  @Test
  void a_reference_that_does_not_resolve_names_where_to_put_it() {
    ProviderSettings unresolved =
        SettingsBuilder.of("http://127.0.0.1:" + server.getPort() + "/v1")
            .apiKeyRef("missing.key")
            .build();

    AiProviderException e = failure(runtime.client(unresolved).models());

    assertInstanceOf(AuthenticationException.class, e);
    assertTrue(e.getMessage().contains("CMS_AI_SECRET_MISSING_KEY"), e.getMessage());
    assertTrue(e.getMessage().contains(secrets.resolve("missing.key").toString()));
    assertEquals(0, server.getRequestCount());
  }

  @Test
  void a_base_url_that_resolves_to_a_metadata_address_is_refused_before_sending() throws Exception {
    ProviderSettings rebinding = settings("metadata-rebind.test");

    AiProviderException e = failure(runtime.client(rebinding).models());
    HealthStatus health = await(runtime.client(rebinding).health());

    assertInstanceOf(ProviderConnectionException.class, e);
    assertTrue(e.getMessage().contains("169.254.169.254"), e.getMessage());
    assertEquals("address refused by the outbound policy", ConnectionTester.causeOf(e));
    assertEquals(HealthStatus.State.DOWN, health.state());
    assertTrue(health.detail().contains("outbound address policy"), health.detail());
    assertEquals(0, server.getRequestCount());
  }

  private ProviderSettings settings(String host) {
    return SettingsBuilder.of("http://" + host + ":" + server.getPort() + "/v1")
        .apiKeyRef("llm.key")
        .build();
  }

  private static InetAddress[] dns(String host) throws UnknownHostException {
    if (host.equals("metadata-rebind.test")) {
      return new InetAddress[] {
        InetAddress.getByAddress(host, new byte[] {(byte) 169, (byte) 254, (byte) 169, (byte) 254})
      };
    }
    return InetAddress.getAllByName(host);
  }

  private static MockResponse json(String body) {
    return new MockResponse.Builder()
        .code(200)
        .addHeader("Content-Type", "application/json")
        .body(body)
        .build();
  }

  private static <T> T await(java.util.concurrent.CompletableFuture<T> future) throws Exception {
    return future.get(10, TimeUnit.SECONDS);
  }

  private static AiProviderException failure(java.util.concurrent.CompletableFuture<?> future) {
    try {
      future.get(10, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      return assertInstanceOf(AiProviderException.class, e.getCause());
    } catch (Exception e) {
      throw new AssertionError(e);
    }
    throw new AssertionError("the call succeeded");
  }
}
