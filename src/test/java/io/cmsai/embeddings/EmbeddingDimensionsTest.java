package io.cmsai.embeddings;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cmsai.config.SettingsRepository;
import io.cmsai.embeddings.Dimension.Source;
import io.cmsai.platform.Database;
import io.cmsai.provider.CallMetrics;
import io.cmsai.provider.EmbeddingRequest;
import io.cmsai.provider.EmbeddingResponse;
import io.cmsai.provider.EmbeddingService;
import io.cmsai.provider.ModelNotFoundException;
import io.cmsai.provider.ProviderConnectionException;
import io.cmsai.provider.Usage;
import io.cmsai.testing.MutableClock;
import io.cmsai.testing.TestDatabases;
import java.net.ConnectException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddingDimensionsTest {

  @TempDir Path dir;

  private Database database;
  private SettingsRepository settings;
  private final FakeEmbeddingService service = new FakeEmbeddingService();
  private final MutableClock clock = new MutableClock();

  @BeforeEach
  void open() {
    database = TestDatabases.migratedH2(dir);
    settings = new SettingsRepository(database);
  }

  @AfterEach
  void close() {
    database.close();
  }

  private EmbeddingDimensions dimensions() {
    return new EmbeddingDimensions(service, settings, clock);
  }

  @Test
  void listed_models_come_from_the_registry_without_a_call() {
    Dimension dimension = dimensions().dimension("BAAI/bge-m3");

    assertEquals(Dimension.known(1024, Source.REGISTRY), dimension);
    assertEquals(List.of(), service.requests);
  }

  @Test
  void a_dimensions_request_is_honoured_for_reducible_models_only() {
    EmbeddingDimensions dimensions = dimensions();

    assertEquals(256, dimensions.dimension("text-embedding-3-large", 256).value());
    assertThrows(
        IllegalArgumentException.class, () -> dimensions.dimension("text-embedding-ada-002", 256));
    assertEquals(List.of(), service.requests);
  }

  @Test
  void an_unknown_model_is_probed_once_and_the_result_persisted_and_reused() {
    service.dimension = 64;

    Dimension first = dimensions().dimension("tiny");
    Dimension again = dimensions().dimension("tiny"); // a new instance: reads the database

    assertEquals(Dimension.known(64, Source.PROBE), first);
    assertEquals(Dimension.known(64, Source.PROBE), again);
    assertEquals(1, service.requests.size());
    EmbeddingRequest probe = service.requests.get(0);
    assertEquals("tiny", probe.model());
    assertEquals(List.of("dimension probe"), probe.inputs());
    assertEquals(Optional.of("64"), settings.find("cms.ai.embeddings.dimension.tiny"));
  }

  @Test
  void the_probe_result_is_cached_in_memory() {
    service.dimension = 64;
    EmbeddingDimensions dimensions = dimensions();

    dimensions.dimension("tiny");
    settings.put("cms.ai.embeddings.dimension.tiny", "99"); // not read again

    assertEquals(64, dimensions.dimension("tiny").value());
    assertEquals(1, service.requests.size());
  }

  @Test
  void a_requested_length_of_an_unknown_model_is_probed_and_kept_apart() {
    service.dimension = 64;
    EmbeddingDimensions dimensions = dimensions();

    assertEquals(64, dimensions.dimension("tiny").value());
    assertEquals(32, dimensions.dimension("tiny", 32).value());

    assertEquals(Integer.valueOf(32), service.requests.get(1).dimensions());
    assertEquals(Optional.of("32"), settings.find("cms.ai.embeddings.dimension.tiny@32"));
  }

  @Test
  void pending_when_the_server_is_down_then_probed_again_after_the_interval() {
    service.failure =
        new ProviderConnectionException(
            "connection refused by 127.0.0.1:8000", new ConnectException());
    EmbeddingDimensions dimensions = dimensions();

    Dimension down = dimensions.dimension("tiny");

    assertFalse(down.isKnown());
    String reason = ((Dimension.Pending) down).reason();
    assertTrue(reason.contains("tiny"), reason);
    assertTrue(reason.contains("connection refused by 127.0.0.1:8000"), reason);
    DimensionPendingException e = assertThrows(DimensionPendingException.class, down::value);
    assertEquals(reason, e.getMessage());

    // within the interval: no new call
    clock.advance(EmbeddingDimensions.RETRY_INTERVAL.minusSeconds(1));
    assertFalse(dimensions.dimension("tiny").isKnown());
    assertEquals(1, service.requests.size());

    // the server is back, the interval has passed: probed again
    service.failure = null;
    service.dimension = 64;
    clock.advance(Duration.ofSeconds(1));
    assertEquals(Dimension.known(64, Source.PROBE), dimensions.dimension("tiny"));
    assertEquals(2, service.requests.size());
  }

  @Test
  void an_empty_vector_from_the_server_is_pending() {
    service.dimension = 0;

    Dimension dimension = dimensions().dimension("tiny");

    assertFalse(dimension.isKnown());
    assertTrue(
        dimension.toString().contains("the server returned no vector"), dimension.toString());
    assertEquals(Optional.empty(), settings.find("cms.ai.embeddings.dimension.tiny"));
  }

  @Test
  void retries_are_limited_per_model() {
    service.failure = new ModelNotFoundException("model 'a' not found", 404, "not_found_error");
    EmbeddingDimensions dimensions = dimensions();
    dimensions.dimension("a");

    service.failure = null;
    service.dimension = 16;

    assertEquals(16, dimensions.dimension("b").value());
    assertFalse(dimensions.dimension("a").isKnown());
  }

  @Test
  void a_value_saved_by_another_node_ends_a_pending_state() {
    service.failure = new ProviderConnectionException("connection refused", null);
    EmbeddingDimensions dimensions = dimensions();
    assertFalse(dimensions.dimension("tiny").isKnown());

    settings.put("cms.ai.embeddings.dimension.tiny", "64");

    assertEquals(Dimension.known(64, Source.PROBE), dimensions.dimension("tiny"));
    assertEquals(1, service.requests.size());
  }

  @Test
  void a_broken_saved_value_is_probed_again() {
    settings.put("cms.ai.embeddings.dimension.tiny", "not a number");
    service.dimension = 64;

    assertEquals(64, dimensions().dimension("tiny").value());
    assertEquals(Optional.of("64"), settings.find("cms.ai.embeddings.dimension.tiny"));
  }

  @Test
  void forget_makes_the_next_lookup_probe_again() {
    service.dimension = 64;
    EmbeddingDimensions dimensions = dimensions();
    dimensions.dimension("tiny");

    dimensions.forget("tiny", null);
    service.dimension = 128;

    assertEquals(128, dimensions.dimension("tiny").value());
    assertEquals(2, service.requests.size());
  }

  @Test
  void concurrent_lookups_of_one_model_share_one_probe() throws Exception {
    service.dimension = 64;
    service.gate = new CountDownLatch(1);
    EmbeddingDimensions dimensions = dimensions();
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<Dimension>> lookups = new ArrayList<>();
      for (int i = 0; i < 4; i++) {
        lookups.add(pool.submit(() -> dimensions.dimension("tiny")));
      }
      Thread.sleep(200);
      service.gate.countDown();
      for (Future<Dimension> lookup : lookups) {
        assertEquals(64, lookup.get().value());
      }
    } finally {
      pool.shutdownNow();
    }
    assertEquals(1, service.requests.size());
  }

  @Test
  void very_long_model_ids_get_a_hashed_key() {
    String id = "org/" + "x".repeat(300);

    String key = EmbeddingDimensions.key(id, null);

    assertTrue(key.length() <= 200, key);
    assertTrue(key.startsWith("cms.ai.embeddings.dimension.sha256-"), key);
    assertFalse(key.equals(EmbeddingDimensions.key(id, 16)));
  }

  @Test
  void a_blank_model_id_is_refused() {
    assertThrows(IllegalArgumentException.class, () -> dimensions().dimension(" "));
  }

  /** Answers embeddings requests with vectors of {@link #dimension}, or throws {@link #failure}. */
  static final class FakeEmbeddingService implements EmbeddingService {

    final List<EmbeddingRequest> requests = Collections.synchronizedList(new ArrayList<>());
    volatile int dimension = 8;
    volatile RuntimeException failure;
    volatile CountDownLatch gate;

    @Override
    public EmbeddingResponse embed(EmbeddingRequest request) {
      requests.add(request);
      awaitGate();
      if (failure != null) {
        throw failure;
      }
      int length = request.dimensions() == null ? dimension : request.dimensions();
      List<float[]> vectors = new ArrayList<>();
      for (String input : request.inputs()) {
        float[] vector = new float[length];
        if (length > 0) {
          vector[Math.floorMod(input.hashCode(), length)] = 1f;
        }
        vectors.add(vector);
      }
      return new EmbeddingResponse(
          request.model(),
          vectors,
          new Usage(request.inputs().size(), 0, request.inputs().size(), false),
          new CallMetrics(Duration.ofMillis(1), null, 1));
    }

    @Override
    public java.util.concurrent.CompletionStage<EmbeddingResponse> embedAsync(
        EmbeddingRequest request) {
      return java.util.concurrent.CompletableFuture.supplyAsync(() -> embed(request));
    }

    private void awaitGate() {
      CountDownLatch latch = gate;
      if (latch != null) {
        try {
          latch.await();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
    }

    @Override
    public String model() {
      return "default";
    }

    @Override
    public int dimension() {
      return dimension;
    }
  }
}
