package io.cmsai.vectorstore.milvus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cmsai.config.KeyResolver;
import io.cmsai.config.KeyResolver.Found;
import io.cmsai.vectorstore.DimensionMismatchException;
import io.cmsai.vectorstore.DistanceMetric;
import io.cmsai.vectorstore.EmbeddingFingerprint;
import io.cmsai.vectorstore.IndexSpec;
import io.cmsai.vectorstore.IndexType;
import io.cmsai.vectorstore.Match;
import io.cmsai.vectorstore.SearchRequest;
import io.cmsai.vectorstore.StoreDescription;
import io.cmsai.vectorstore.StoreUnavailableException;
import io.cmsai.vectorstore.VectorRecord;
import io.cmsai.vectorstore.VectorStore;
import io.cmsai.vectorstore.VectorStoreContract;
import io.cmsai.vectorstore.VectorStoreException;
import io.cmsai.vectorstore.filter.Filter;
import io.milvus.v2.client.ConnectConfig;
import io.milvus.v2.client.MilvusClientV2;
import io.milvus.v2.service.collection.request.DropCollectionReq;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The store contract and the Milvus-specific behaviour against {@link MilvusDouble}, a
 * protocol-level Milvus in this JVM (one per class) that requires a token. Every store opens the
 * token through a key reference.
 */
class MilvusVectorStoreIT extends VectorStoreContract {

  private static final String TOKEN = "root:It-Secret-Token-4711";
  private static final String TOKEN_REFERENCE = "milvus.token";
  private static final AtomicInteger NAMES = new AtomicInteger();

  private static MilvusDouble milvus;
  private static final Map<String, String> SECRETS = new java.util.concurrent.ConcurrentHashMap<>();
  private static final KeyResolver KEYS =
      new KeyResolver(
          name -> Optional.ofNullable(SECRETS.get(name)).map(v -> new Found(v, "test")),
          Path.of("target", "no-secrets"));

  private final List<MilvusVectorStore> opened = new ArrayList<>();

  @BeforeAll
  static void startMilvus() {
    milvus = MilvusDouble.start();
    milvus.requireToken(TOKEN);
  }

  @AfterAll
  static void stopMilvus() {
    milvus.close();
  }

  @BeforeEach
  void resetKnobs() {
    SECRETS.clear();
    SECRETS.put(TOKEN_REFERENCE, TOKEN);
    milvus.startReleased(false);
    milvus.loadingPolls(0);
    milvus.failLoads(null);
  }

  @AfterEach
  void dropOpened() {
    MilvusClientV2 admin =
        new MilvusClientV2(ConnectConfig.builder().uri(milvus.uri()).token(TOKEN).build());
    try {
      for (MilvusVectorStore store : opened) {
        store.close();
        String name = store.describe().name();
        if (milvus.hasCollection(name)) {
          admin.dropCollection(DropCollectionReq.builder().collectionName(name).build());
        }
      }
    } finally {
      admin.close();
    }
  }

  @Override
  protected VectorStore create(int dimension, DistanceMetric metric) {
    return MilvusVectorStoreFactory.openCollection(
        settings(newName(), dimension, metric).build(), KEYS);
  }

  @Override
  protected void destroy(VectorStore store) {
    MilvusVectorStore milvusStore = (MilvusVectorStore) store;
    milvusStore.drop();
    milvusStore.close();
  }

  // ---- loading ----

  @Test
  void a_collection_that_starts_released_is_loaded_before_the_first_search_and_count() {
    milvus.startReleased(true);
    milvus.loadingPolls(2);
    MilvusVectorStore store = open(settings(newName(), DIM, DistanceMetric.COSINE));
    store.upsert(List.of(new VectorRecord("a", vector(1), "alpha", Map.of())));
    String name = store.describe().name();
    assertFalse(milvus.isLoaded(name), "the double kept it released");

    List<Match> matches = store.search(SearchRequest.of(vector(1)).topK(3).build());

    assertEquals(List.of("a"), matches.stream().map(Match::id).toList());
    assertTrue(milvus.isLoaded(name));
    assertEquals(2, milvus.loadRequests(name), "the creation's load, then the store's own");
    assertEquals(1, store.count());
  }

  @Test
  void a_collection_released_by_another_client_is_loaded_again() {
    MilvusVectorStore store = open(settings(newName(), DIM, DistanceMetric.COSINE));
    store.upsert(
        List.of(
            new VectorRecord("a", vector(1), "", Map.of("site", "x")),
            new VectorRecord("b", vector(2), "", Map.of("site", "y"))));
    assertEquals(2, store.count());
    String name = store.describe().name();

    milvus.release(name);
    assertEquals("a", store.search(SearchRequest.of(vector(1)).build()).get(0).id());
    milvus.release(name);
    store.delete(Filter.eq("site", "x"));

    assertTrue(milvus.isLoaded(name));
    assertEquals(1, store.count());
  }

  @Test
  void a_load_that_fails_says_the_collection_is_not_loaded_and_why() {
    milvus.startReleased(true);
    milvus.failLoads("insufficient memory to load the collection");
    MilvusVectorStore store = open(settings(newName(), DIM, DistanceMetric.COSINE));

    VectorStoreException failure =
        assertThrows(
            VectorStoreException.class, () -> store.search(SearchRequest.of(vector(1)).build()));

    String name = store.describe().name();
    assertTrue(
        failure
            .getMessage()
            .startsWith("collection " + name + " is not loaded and could not be loaded: "),
        failure.getMessage());
    assertTrue(failure.getMessage().contains("insufficient memory"), failure.getMessage());
  }

  // ---- reopening ----

  @Test
  void reopening_with_another_dimension_is_refused_naming_both() {
    String name = newName();
    open(settings(name, DIM, DistanceMetric.COSINE)).close();

    DimensionMismatchException refused =
        assertThrows(
            DimensionMismatchException.class,
            () -> open(settings(name, 2 * DIM, DistanceMetric.COSINE)));

    assertEquals(DIM, refused.expected());
    assertEquals(2 * DIM, refused.actual());
    assertTrue(refused.getMessage().contains(2 * DIM + " dimensions"), refused.getMessage());
    assertTrue(refused.getMessage().contains(DIM + "-dimension"), refused.getMessage());
    assertTrue(refused.getMessage().contains(name), refused.getMessage());
  }

  @Test
  void reopening_with_another_metric_is_refused_naming_both() {
    String name = newName();
    open(settings(name, DIM, DistanceMetric.COSINE)).close();

    VectorStoreException refused =
        assertThrows(
            VectorStoreException.class, () -> open(settings(name, DIM, DistanceMetric.L2)));

    assertTrue(refused.getMessage().contains("by cosine"), refused.getMessage());
    assertTrue(refused.getMessage().contains("settings say l2"), refused.getMessage());
  }

  @Test
  void reopening_reads_the_recorded_fingerprint_and_keeps_the_collections_index() {
    String name = newName();
    EmbeddingFingerprint model =
        new EmbeddingFingerprint("all-MiniLM-L6-v2 \"q\"", DIM, DistanceMetric.COSINE, true);
    open(settings(name, DIM, DistanceMetric.COSINE).fingerprint(model).index(IndexSpec.hnsw(8, 40)))
        .close();

    StoreDescription reopened =
        open(settings(name, DIM, DistanceMetric.COSINE).index(IndexSpec.ivfFlat(64))).describe();

    assertEquals(Optional.of(model), reopened.fingerprint());
    assertEquals(IndexSpec.hnsw(8, 40), reopened.index());
    assertTrue(reopened.notes().contains("kept the collection's index HNSW"), reopened.notes());
    assertEquals("milvus", reopened.kind());
  }

  @Test
  void reopening_with_another_embedding_model_is_refused() {
    String name = newName();
    EmbeddingFingerprint built =
        new EmbeddingFingerprint("model-a", DIM, DistanceMetric.COSINE, true);
    EmbeddingFingerprint now =
        new EmbeddingFingerprint("model-b", DIM, DistanceMetric.COSINE, true);
    open(settings(name, DIM, DistanceMetric.COSINE).fingerprint(built)).close();

    VectorStoreException refused =
        assertThrows(
            VectorStoreException.class,
            () -> open(settings(name, DIM, DistanceMetric.COSINE).fingerprint(now)));

    assertTrue(refused.getMessage().contains("model model-a vs model-b"), refused.getMessage());
  }

  // ---- credentials, reachability, names ----

  @Test
  void the_token_from_the_key_reference_is_sent_and_never_shown() {
    MilvusVectorStore store = open(settings(newName(), DIM, DistanceMetric.COSINE));
    assertTrue(milvus.authorizations().contains(TOKEN));
    String wrong = "root:Wrong-Token-0815";
    SECRETS.put("milvus.other", wrong);

    StoreUnavailableException refused =
        assertThrows(
            StoreUnavailableException.class,
            () ->
                open(
                    settings(newName(), DIM, DistanceMetric.COSINE)
                        .tokenReference("milvus.other")));
    StoreUnavailableException unresolved =
        assertThrows(
            StoreUnavailableException.class,
            () ->
                open(
                    settings(newName(), DIM, DistanceMetric.COSINE).tokenReference("milvus.none")));

    assertTrue(refused.getMessage().contains("refused the credentials"), refused.getMessage());
    assertTrue(refused.getMessage().contains(address()), refused.getMessage());
    assertTrue(unresolved.getMessage().contains("'milvus.none'"), unresolved.getMessage());
    for (Throwable t = refused; t != null; t = t.getCause()) {
      assertNoSecret(t.getMessage(), wrong);
    }
    assertNoSecret(unresolved.getMessage(), TOKEN);
    assertNoSecret(store.describe().toString(), TOKEN);
  }

  @Test
  void an_unreachable_server_raises_store_unavailable_naming_the_host() {
    MilvusDouble doomed = MilvusDouble.start();
    MilvusSettings.Builder settings =
        MilvusSettings.builder(doomed.uri(), newName(), DIM)
            .index(IndexSpec.none())
            .requestTimeout(Duration.ofMillis(1500))
            .connectTimeout(Duration.ofMillis(1500));
    MilvusVectorStore store = open(settings);
    store.upsert(List.of(new VectorRecord("a", vector(1))));
    String host = doomed.uri().substring("http://".length());

    doomed.close();
    long start = System.nanoTime();
    StoreUnavailableException search =
        assertThrows(
            StoreUnavailableException.class,
            () -> store.search(SearchRequest.of(vector(1)).build()));
    StoreUnavailableException upsert =
        assertThrows(
            StoreUnavailableException.class,
            () -> store.upsert(List.of(new VectorRecord("b", vector(2)))));
    StoreUnavailableException connect =
        assertThrows(StoreUnavailableException.class, () -> open(settings));
    long seconds = (System.nanoTime() - start) / 1_000_000_000L;

    assertTrue(search.getMessage().contains(host), search.getMessage());
    assertTrue(upsert.getMessage().contains(host), upsert.getMessage());
    assertTrue(connect.getMessage().contains(host), connect.getMessage());
    assertTrue(seconds < 10, "each call gave up after its timeout, took " + seconds + " s");
    opened.remove(store);
    store.close();
  }

  @Test
  void bad_collection_names_are_refused_before_any_call_reaches_milvus() {
    int callsBefore = milvus.calls().size();
    List<String> bad =
        List.of(
            "",
            "1docs",
            "docs-2024",
            "docs; drop",
            "docs\" or 1==1 or \"",
            "döcs",
            "docs\n",
            "x".repeat(256));

    for (String name : bad) {
      IllegalArgumentException refused =
          assertThrows(
              IllegalArgumentException.class,
              () -> open(settings(name, DIM, DistanceMetric.COSINE)),
              name);
      assertTrue(
          refused.getMessage().contains("invalid Milvus collection name"), refused.getMessage());
    }
    assertEquals(callsBefore, milvus.calls().size());
    assertEquals(
        "_docs_2024", settings("_docs_2024", DIM, DistanceMetric.COSINE).build().collection());
  }

  // ---- other behaviour ----

  @Test
  void hybrid_search_is_refused() {
    MilvusVectorStore store = open(settings(newName(), DIM, DistanceMetric.COSINE));

    IllegalArgumentException refused =
        assertThrows(
            IllegalArgumentException.class,
            () -> store.search(SearchRequest.of(vector(1)).hybrid("news").build()));

    assertEquals("hybrid search is not supported by the Milvus store", refused.getMessage());
    assertFalse(store.supportsHybridSearch());
  }

  @Test
  void the_accuracy_knob_becomes_an_ef_of_at_least_top_k() {
    MilvusVectorStore store =
        open(settings(newName(), DIM, DistanceMetric.COSINE).index(IndexSpec.hnsw()));
    List<VectorRecord> records = new ArrayList<>();
    for (int i = 1; i <= 30; i++) {
      records.add(new VectorRecord("r" + i, vector(i)));
    }
    store.upsert(records);

    List<Match> matches = store.search(SearchRequest.of(vector(1)).topK(20).accuracy(4).build());

    assertEquals(20, matches.size(), "Milvus refuses ef < k; the store raised ef to topK");
    assertEquals(IndexType.HNSW, store.describe().index().type());
  }

  @Test
  void a_named_database_is_used_and_an_unknown_one_refused() {
    milvus.createDatabase("cms");
    MilvusVectorStore store = open(settings(newName(), DIM, DistanceMetric.COSINE).database("cms"));
    store.upsert(List.of(new VectorRecord("a", vector(1))));
    assertEquals(1, store.count());
    assertTrue(store.describe().name().startsWith("cms."));

    VectorStoreException unknown =
        assertThrows(
            VectorStoreException.class,
            () -> open(settings(newName(), DIM, DistanceMetric.COSINE).database("nowhere")));
    assertTrue(unknown.getMessage().contains("nowhere"), unknown.getMessage());
    store.drop();
  }

  @Test
  void text_longer_than_a_milvus_varchar_is_refused_before_anything_is_written() {
    MilvusVectorStore store = open(settings(newName(), DIM, DistanceMetric.COSINE));
    String long70k = "ä".repeat(35_000);

    IllegalArgumentException refused =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                store.upsert(
                    List.of(
                        new VectorRecord("ok", vector(1)),
                        new VectorRecord("big", vector(2), long70k, Map.of()))));

    assertTrue(refused.getMessage().contains("70000 bytes of text"), refused.getMessage());
    assertEquals(0, store.count());
  }

  @Test
  void flush_is_an_explicit_call_and_upserts_do_not_flush() {
    MilvusVectorStore store = open(settings(newName(), DIM, DistanceMetric.COSINE));
    int before = milvus.calls().size();
    store.upsert(List.of(new VectorRecord("a", vector(1))));
    store.upsert(List.of(new VectorRecord("b", vector(2))));
    assertFalse(milvus.calls().subList(before, milvus.calls().size()).contains("Flush"));

    store.flush();

    assertTrue(milvus.calls().subList(before, milvus.calls().size()).contains("Flush"));
    assertEquals(2, store.count());
  }

  // ---- helpers ----

  private MilvusVectorStore open(MilvusSettings.Builder settings) {
    MilvusVectorStore store = MilvusVectorStoreFactory.openCollection(settings.build(), KEYS);
    opened.add(store);
    return store;
  }

  @Test
  void the_configured_collection_is_tested_without_creating_it_then_opened_through_the_factory() {
    String name = newName();
    Map<String, String> values =
        Map.of(
            "cms.ai.vector.kind",
            "milvus",
            "cms.ai.vector.name",
            name,
            "cms.ai.vector.milvus-uri",
            milvus.uri(),
            "cms.ai.vector.milvus-token-ref",
            TOKEN_REFERENCE);
    io.cmsai.vectorstore.VectorStoreConfiguration configuration =
        new io.cmsai.vectorstore.VectorStoreConfiguration(
            k -> java.util.Optional.ofNullable(values.get(k)), Map::of, (a, b) -> {});
    io.cmsai.vectorstore.VectorStores stores =
        new io.cmsai.vectorstore.VectorStores(
            configuration,
            List.of(
                new MilvusVectorStoreFactory(
                    KEYS,
                    new io.cmsai.config.OutboundPolicy(
                        List.of(), java.net.InetAddress::getAllByName))));
    io.cmsai.vectorstore.EmbeddingFingerprint model =
        new io.cmsai.vectorstore.EmbeddingFingerprint(
            "all-minilm-l6-v2", DIM, DistanceMetric.COSINE, true);

    io.cmsai.vectorstore.StoreCheck before = stores.test(configuration.current(), model);
    VectorStore store = stores.current(model);
    store.upsert(List.of(new VectorRecord("a", vector(1))));
    io.cmsai.vectorstore.StoreCheck after = stores.test(configuration.current(), model);

    assertTrue(before.ok(), before.toString());
    assertTrue(before.dimensionCheck().contains("does not exist yet"), before.dimensionCheck());
    assertTrue(before.server().startsWith("Milvus"), before.server());
    assertEquals("matches", after.dimensionCheck(), after.toString());
    assertEquals(1, after.count());
    assertEquals(java.util.Optional.of(model), after.description().orElseThrow().fingerprint());
  }

  private static MilvusSettings.Builder settings(
      String name, int dimension, DistanceMetric metric) {
    return MilvusSettings.builder(milvus.uri(), name, dimension)
        .metric(metric)
        .index(IndexSpec.none())
        .tokenReference(TOKEN_REFERENCE)
        .requestTimeout(Duration.ofSeconds(10));
  }

  private static String newName() {
    return "it_" + NAMES.incrementAndGet();
  }

  private static String address() {
    return milvus.uri().substring("http://".length());
  }

  private static void assertNoSecret(String text, String secret) {
    if (text != null) {
      assertFalse(text.contains(secret), "the token leaked into: " + text);
      assertFalse(
          text.contains(
              Base64.getEncoder().encodeToString(secret.getBytes(StandardCharsets.UTF_8))),
          "the encoded token leaked into: " + text);
    }
  }
}
