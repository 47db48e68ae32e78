package io.cmsai.provider.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cmsai.config.KeyResolver;
import io.cmsai.provider.BadResponseException;
import io.cmsai.provider.EmbeddingRequest;
import io.cmsai.provider.ProviderSettings;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The service checks every answer against the dimension it learnt for the model. */
class DefaultEmbeddingServiceTest {

  private static final String MODEL = "embedder";

  private MockWebServer server;
  private ProviderRuntime runtime;
  private DefaultEmbeddingService service;

  @BeforeEach
  void start() throws IOException {
    server = new MockWebServer();
    server.start(InetAddress.getLoopbackAddress(), 0);
    URI base = URI.create("http://127.0.0.1:" + server.getPort() + "/v1");
    runtime =
        new ProviderRuntime(
            () -> ProviderSettings.defaults(base),
            new KeyResolver(ref -> Optional.empty(), Path.of("target/no-secrets")),
            e -> {},
            e -> {},
            Executors.defaultThreadFactory());
    service = new DefaultEmbeddingService(runtime, new DefaultModelCatalog(runtime));
  }

  @AfterEach
  void stop() throws IOException {
    runtime.close();
    server.close();
  }

  @Test
  void an_answer_of_another_length_than_the_models_known_one_is_a_bad_response() {
    server.enqueue(vectors(4));
    server.enqueue(vectors(3));
    server.enqueue(vectors(4));

    assertEquals(4, service.embed(request(null)).dimension());
    BadResponseException error =
        assertThrows(BadResponseException.class, () -> service.embed(request(null)));

    assertTrue(error.getMessage().contains("3 dimensions"), error.getMessage());
    assertTrue(
        error.getMessage().contains("known dimension of " + MODEL + " is 4"), error.getMessage());
    assertEquals(4, service.embed(request(null)).dimension());
    assertEquals(3, server.getRequestCount());
  }

  @Test
  void a_requested_shorter_length_is_checked_against_the_request_not_the_known_length() {
    server.enqueue(vectors(4));
    server.enqueue(vectors(2));
    server.enqueue(vectors(4));

    assertEquals(4, service.embed(request(null)).dimension());
    assertEquals(2, service.embed(request(2)).dimension());
    BadResponseException error =
        assertThrows(BadResponseException.class, () -> service.embed(request(2)));

    assertTrue(error.getMessage().contains("requested dimensions is 2"), error.getMessage());
  }

  private static EmbeddingRequest request(Integer dimensions) {
    return new EmbeddingRequest(MODEL, List.of("text"), null, dimensions, Map.of());
  }

  private static MockResponse vectors(int length) {
    JsonArrayBuilder vector = Json.createArrayBuilder();
    for (int i = 0; i < length; i++) {
      vector.add(0.5);
    }
    String body =
        Json.createObjectBuilder()
            .add("model", MODEL)
            .add(
                "data",
                Json.createArrayBuilder()
                    .add(
                        Json.createObjectBuilder()
                            .add("index", 0)
                            .add("object", "embedding")
                            .add("embedding", vector)))
            .build()
            .toString();
    return new MockResponse.Builder()
        .code(200)
        .addHeader("Content-Type", "application/json")
        .body(body)
        .build();
  }
}
