package io.cmsai.embeddings;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cmsai.config.SettingsRepository;
import io.cmsai.embeddings.Dimension.Source;
import io.cmsai.embeddings.EmbeddingDimensionsTest.FakeEmbeddingService;
import io.cmsai.platform.Database;
import io.cmsai.provider.EmbeddingRequest;
import io.cmsai.provider.ProviderConfiguration;
import io.cmsai.provider.ProviderConnectionException;
import io.cmsai.testing.TestDatabases;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddingModelSelectorTest {

  @TempDir Path dir;

  private final Map<String, String> config = new HashMap<>();
  private final FakeEmbeddingService service = new FakeEmbeddingService();
  private Integer requestedDimensions;
  private Database database;
  private LocalEmbeddingModel local;
  private ProviderConfiguration configuration;
  private EmbeddingModelSelector selector;

  @BeforeEach
  void setUp() {
    database = TestDatabases.migratedH2(dir);
    local = new LocalEmbeddingModel(dir.resolve("djl"), 32);
    configuration = new ProviderConfiguration(key -> Optional.ofNullable(config.get(key)));
    EmbeddingDimensions dimensions =
        new EmbeddingDimensions(service, new SettingsRepository(database));
    selector =
        new EmbeddingModelSelector(
            configuration, () -> requestedDimensions, local, service, dimensions);
  }

  @AfterEach
  void tearDown() {
    local.close();
    database.close();
  }

  @Test
  void without_a_configured_embedding_model_the_local_model_is_used() {
    config.put("cms.ai.provider.chat-model", "llama-3-8b"); // never used for embeddings

    assertSame(local, selector.current());
    assertEquals(Optional.empty(), selector.remoteModel());
  }

  @Test
  void a_configured_embedding_model_is_used_on_the_provider() {
    config.put("cms.ai.provider.embedding-model", "BAAI/bge-m3");

    EmbeddingModel model = selector.current();

    assertInstanceOf(RemoteEmbeddingModel.class, model);
    assertEquals("BAAI/bge-m3", model.id());
    assertEquals(Dimension.known(1024, Source.REGISTRY), model.dimensionStatus());
    assertFalse(model.normalized());
  }

  @Test
  void the_remote_model_sends_its_id_and_requested_dimensions() {
    config.put("cms.ai.provider.embedding-model", "text-embedding-3-small");
    requestedDimensions = 256;
    EmbeddingModel model = selector.current();

    List<float[]> vectors = model.embed(List.of("a", "b"));

    assertEquals(2, vectors.size());
    assertEquals(256, model.dimension());
    EmbeddingRequest request = service.requests.get(0);
    assertEquals("text-embedding-3-small", request.model());
    assertEquals(List.of("a", "b"), request.inputs());
    assertEquals(Integer.valueOf(256), request.dimensions());
    assertArrayEquals(vectors.get(0), model.embed("a"));
  }

  @Test
  void the_rule_follows_a_changed_setting() {
    assertSame(local, selector.current());

    config.put("cms.ai.provider.embedding-model", "nomic-embed-text");
    configuration.invalidate(); // as saving does; otherwise within a second

    assertEquals("nomic-embed-text", selector.current().id());
  }

  @Test
  void the_remote_dimension_is_pending_while_the_server_is_down() {
    config.put("cms.ai.provider.embedding-model", "tiny");
    service.failure = new ProviderConnectionException("connection refused by 127.0.0.1:8000", null);
    EmbeddingModel model = selector.current();

    assertFalse(model.dimensionStatus().isKnown());
    DimensionPendingException e = assertThrows(DimensionPendingException.class, model::dimension);
    assertTrue(e.getMessage().contains("connection refused"), e.getMessage());
  }

  @Test
  void the_remote_model_refuses_blank_texts_and_sends_nothing_for_none() {
    config.put("cms.ai.provider.embedding-model", "tiny");
    EmbeddingModel model = selector.current();

    assertThrows(IllegalArgumentException.class, () -> model.embed(List.of("a", "")));
    assertEquals(List.of(), model.embed(List.of()));
    assertEquals(List.of(), service.requests);
  }
}
