package io.cmsai.vectorstore.milvus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.cmsai.config.KeyResolver;
import io.cmsai.config.KeyResolver.Found;
import io.cmsai.vectorstore.DimensionMismatchException;
import io.cmsai.vectorstore.DistanceMetric;
import io.cmsai.vectorstore.IndexSpec;
import io.cmsai.vectorstore.SearchRequest;
import io.cmsai.vectorstore.VectorRecord;
import io.cmsai.vectorstore.VectorStore;
import io.cmsai.vectorstore.VectorStoreContract;
import io.milvus.v2.client.ConnectConfig;
import io.milvus.v2.client.MilvusClientV2;
import io.milvus.v2.service.collection.request.ReleaseCollectionReq;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;

/**
 * The store contract against a real Milvus (2.4 or newer), plus loading and reopening checks.
 *
 * <p><b>Opt-in</b>: it runs only when {@code MILVUS_URI} is set (e.g. {@code
 * http://localhost:19530}), with {@code MILVUS_TOKEN} ({@code user:password} or an API key) and
 * {@code MILVUS_DATABASE} if the server needs them. Without {@code MILVUS_URI} it is skipped, with
 * {@code CI=true} too: the build provisions no Milvus, and the protocol-level {@link MilvusDouble}
 * ({@link MilvusVectorStoreIT}) covers the adapter there. Collections are named {@code
 * cms_ai_it_<random>_<n>} and dropped after each test.
 */
@EnabledIfEnvironmentVariable(
    named = "MILVUS_URI",
    matches = ".*\\S.*",
    disabledReason =
        "opt-in: set MILVUS_URI=http://host:19530 (and MILVUS_TOKEN, MILVUS_DATABASE if needed)")
class MilvusRealIT extends VectorStoreContract {

  private static final String PREFIX =
      "cms_ai_it_" + UUID.randomUUID().toString().substring(0, 8) + "_";
  private static final AtomicInteger NAMES = new AtomicInteger();
  private static final KeyResolver KEYS =
      new KeyResolver(
          name ->
              env("MILVUS_TOKEN")
                  .filter(token -> name.equals("milvus.token"))
                  .map(token -> new Found(token, "environment variable")),
          Path.of("target", "no-secrets"));

  @Override
  protected VectorStore create(int dimension, DistanceMetric metric) {
    return MilvusVectorStoreFactory.openCollection(
        settings(PREFIX + NAMES.incrementAndGet(), dimension, metric), KEYS);
  }

  @Override
  protected void destroy(VectorStore store) {
    MilvusVectorStore milvus = (MilvusVectorStore) store;
    milvus.drop();
    milvus.close();
  }

  @Test
  void a_released_collection_is_loaded_again_before_searching() {
    MilvusVectorStore store = (MilvusVectorStore) create(DIM, DistanceMetric.COSINE);
    try {
      store.upsert(List.of(new VectorRecord("a", vector(1), "alpha", Map.of("k", "v"))));
      assertEquals(1, store.count());
      MilvusClientV2 other = client();
      try {
        other.releaseCollection(
            ReleaseCollectionReq.builder().collectionName(collection(store)).build());
      } finally {
        other.close();
      }

      assertEquals("a", store.search(SearchRequest.of(vector(1)).build()).get(0).id());
    } finally {
      destroy(store);
    }
  }

  @Test
  void reopening_with_another_dimension_is_refused() {
    MilvusVectorStore store = (MilvusVectorStore) create(DIM, DistanceMetric.COSINE);
    try {
      DimensionMismatchException refused =
          assertThrows(
              DimensionMismatchException.class,
              () ->
                  MilvusVectorStoreFactory.openCollection(
                      settings(collection(store), 2 * DIM, DistanceMetric.COSINE), KEYS));

      assertEquals(DIM, refused.expected());
    } finally {
      destroy(store);
    }
  }

  private static MilvusSettings settings(String name, int dimension, DistanceMetric metric) {
    return MilvusSettings.builder(env("MILVUS_URI").orElseThrow(), name, dimension)
        .metric(metric)
        .index(IndexSpec.none())
        .tokenReference(env("MILVUS_TOKEN").map(t -> "milvus.token").orElse(null))
        .database(env("MILVUS_DATABASE").orElse(null))
        .build();
  }

  private static String collection(MilvusVectorStore store) {
    String name = store.describe().name();
    return name.substring(name.lastIndexOf('.') + 1);
  }

  private static MilvusClientV2 client() {
    ConnectConfig.ConnectConfigBuilder config =
        ConnectConfig.builder().uri(env("MILVUS_URI").orElseThrow());
    env("MILVUS_TOKEN").ifPresent(config::token);
    env("MILVUS_DATABASE").ifPresent(config::dbName);
    return new MilvusClientV2(config.build());
  }

  private static Optional<String> env(String name) {
    return Optional.ofNullable(System.getenv(name)).filter(v -> !v.isBlank());
  }
}
