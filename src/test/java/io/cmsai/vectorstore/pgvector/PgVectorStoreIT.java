package io.cmsai.vectorstore.pgvector;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cmsai.platform.Database;
import io.cmsai.platform.DatabaseSettings;
import io.cmsai.testing.TestServices;
import io.cmsai.vectorstore.DistanceMetric;
import io.cmsai.vectorstore.EmbeddingFingerprint;
import io.cmsai.vectorstore.IndexSpec;
import io.cmsai.vectorstore.Match;
import io.cmsai.vectorstore.SearchRequest;
import io.cmsai.vectorstore.StoreUnavailableException;
import io.cmsai.vectorstore.VectorRecord;
import io.cmsai.vectorstore.VectorStore;
import io.cmsai.vectorstore.VectorStoreContract;
import io.cmsai.vectorstore.VectorStoreException;
import io.cmsai.vectorstore.Vectors;
import io.cmsai.vectorstore.filter.Filter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The pgvector adapter on the real PostgreSQL 15 + pgvector 0.8.0 test service. */
class PgVectorStoreIT extends VectorStoreContract {

  private static final AtomicInteger TABLES = new AtomicInteger();
  private static Database database;

  @BeforeAll
  static void open() {
    TestServices.Postgres pg = TestServices.postgres();
    database =
        PgVectorStoreFactory.connect(new DatabaseSettings(pg.url(), pg.user(), pg.password(), 6));
  }

  @AfterAll
  static void close() {
    if (database != null) {
      database.close();
    }
  }

  @Override
  protected VectorStore create(int dimension, DistanceMetric metric) {
    return PgVectorStoreFactory.openTable(
        database, settings(nextTable(), dimension, metric, IndexSpec.none()));
  }

  @Override
  protected void destroy(VectorStore store) {
    ((PgVectorStore) store).drop();
  }

  @Test
  void a_table_is_never_reopened_with_another_dimension_or_metric() {
    String table = nextTable();
    PgVectorStore store =
        PgVectorStoreFactory.openTable(
            database, settings(table, 4, DistanceMetric.COSINE, IndexSpec.hnsw()));
    try {
      VectorStoreException dimension =
          assertThrows(
              VectorStoreException.class,
              () ->
                  PgVectorStoreFactory.openTable(
                      database, settings(table, 8, DistanceMetric.COSINE, IndexSpec.hnsw())));
      VectorStoreException metric =
          assertThrows(
              VectorStoreException.class,
              () ->
                  PgVectorStoreFactory.openTable(
                      database, settings(table, 4, DistanceMetric.L2, IndexSpec.hnsw())));

      assertTrue(
          dimension.getMessage().contains("holds 4-dimension vectors"), dimension.getMessage());
      assertTrue(dimension.getMessage().contains("ask for 8 dimensions"), dimension.getMessage());
      assertTrue(metric.getMessage().contains("compared by cosine"), metric.getMessage());
    } finally {
      store.drop();
    }
  }

  @Test
  void a_table_dropped_by_hand_counts_as_missing_and_is_created_again() {
    String table = nextTable();
    PgVectorSettings four = settings(table, 4, DistanceMetric.COSINE, IndexSpec.hnsw());
    PgVectorStoreFactory.openTable(database, four);
    database.inTransaction(
        s -> s.createNativeMutationQuery("DROP TABLE \"" + table + "\"").executeUpdate());

    assertTrue(
        PgVectorStoreFactory.inspectTable(database, four).description().isEmpty(),
        "registry row without a table");
    PgVectorStore store =
        PgVectorStoreFactory.openTable(
            database, settings(table, 8, DistanceMetric.COSINE, IndexSpec.hnsw()));
    try {
      assertEquals(8, store.describe().dimension());
      assertEquals(0, store.count());
      assertEquals(
          8,
          PgVectorStoreFactory.inspectTable(database, four)
              .description()
              .orElseThrow()
              .dimension());
    } finally {
      store.drop();
    }
  }

  @Test
  void optimize_gives_the_planner_the_table_s_real_size() {
    String table = nextTable();
    PgVectorStore store =
        PgVectorStoreFactory.openTable(
            database, settings(table, 4, DistanceMetric.COSINE, IndexSpec.hnsw()));
    try {
      List<VectorRecord> records = new java.util.ArrayList<>();
      for (int i = 0; i < 30; i++) {
        records.add(new VectorRecord("r" + i, new float[] {1, i, 0, 0}));
      }
      store.upsert(records);
      assertEquals(-1f, reltuples(table), "never analysed");

      store.optimize();

      assertEquals(30f, reltuples(table));
    } finally {
      store.drop();
    }
  }

  private static float reltuples(String table) {
    return database.inTransaction(
        s ->
            ((Number)
                    s.createNativeQuery("SELECT reltuples FROM pg_class WHERE relname = :t")
                        .setParameter("t", table)
                        .getSingleResult())
                .floatValue());
  }

  @Test
  void the_fingerprint_is_recorded_and_read_back_on_reopen() {
    String table = nextTable();
    EmbeddingFingerprint fingerprint =
        new EmbeddingFingerprint("all-minilm-l6-v2", 4, DistanceMetric.COSINE, true);
    PgVectorStore created =
        PgVectorStoreFactory.openTable(
            database,
            new PgVectorSettings(
                "public",
                table,
                4,
                DistanceMetric.COSINE,
                IndexSpec.hnsw(),
                Optional.of(fingerprint),
                "english"));
    try {
      PgVectorStore reopened =
          PgVectorStoreFactory.openTable(
              database, settings(table, 4, DistanceMetric.COSINE, IndexSpec.hnsw()));

      assertEquals(Optional.of(fingerprint), reopened.describe().fingerprint());
      assertEquals("pgvector", reopened.describe().kind());
    } finally {
      created.drop();
    }
  }

  @Test
  void large_batches_go_through_binary_copy_and_replace_existing_rows() {
    PgVectorStore store =
        PgVectorStoreFactory.openTable(
            database, settings(nextTable(), 16, DistanceMetric.COSINE, IndexSpec.hnsw()));
    try {
      Random random = new Random(5);
      List<VectorRecord> first = records(random, 600, 16, "v1");
      store.upsert(first);
      List<VectorRecord> second = records(random, 600, 16, "v2");
      store.upsert(second);

      assertEquals(600, store.count());
      Match top =
          store
              .search(SearchRequest.of(second.get(123).vector()).topK(1).accuracy(200).build())
              .get(0);
      assertEquals("r123", top.id());
      assertEquals("v2 text 123", top.text());
      assertEquals(Map.of("n", 123L, "half", 61.5, "even", false), top.metadata());
      assertEquals(1.0, top.score(), 1e-5);
    } finally {
      store.drop();
    }
  }

  @Test
  void more_than_2000_dimensions_are_stored_and_indexed_as_halfvec() {
    PgVectorStore store =
        PgVectorStoreFactory.openTable(
            database, settings(nextTable(), 3072, DistanceMetric.COSINE, IndexSpec.hnsw()));
    try {
      Random random = new Random(6);
      List<VectorRecord> records = records(random, 300, 3072, "big");
      store.upsert(records);

      Match top = store.search(SearchRequest.of(records.get(7).vector()).topK(3).build()).get(0);
      assertEquals("r7", top.id());
      assertEquals(1.0, top.score(), 1e-3, "half precision");
      assertTrue(store.describe().notes().contains("halfvec"), store.describe().notes());
      assertEquals("halfvec", columnType(store));
    } finally {
      store.drop();
    }
  }

  @Test
  void the_ivfflat_index_waits_for_enough_rows_and_says_so() {
    PgVectorStore store =
        PgVectorStoreFactory.openTable(
            database, settings(nextTable(), 8, DistanceMetric.L2, IndexSpec.ivfFlat(10)));
    try {
      Random random = new Random(7);
      store.upsert(records(random, 500, 8, "a"));
      String before = store.describe().notes();
      List<VectorRecord> more = new ArrayList<>();
      for (int i = 500; i < 1000; i++) {
        more.add(new VectorRecord("r" + i, randomVector(random)));
      }
      store.upsert(more);

      assertTrue(before.contains("built once the table holds 1000 rows"), before);
      assertEquals("", store.describe().notes());
      assertTrue(indexes(store).contains("ivfflat"), indexes(store));
      float[] query = more.get(10).vector();
      assertEquals(
          "r510", store.search(SearchRequest.of(query).topK(1).accuracy(10).build()).get(0).id());
    } finally {
      store.drop();
    }
  }

  @Test
  void a_filtered_hnsw_search_still_fills_top_k() {
    PgVectorStore store =
        PgVectorStoreFactory.openTable(
            database, settings(nextTable(), 8, DistanceMetric.COSINE, IndexSpec.hnsw()));
    try {
      Random random = new Random(8);
      List<VectorRecord> records = new ArrayList<>();
      for (int i = 0; i < 2000; i++) {
        records.add(
            new VectorRecord("r" + i, randomVector(random), "", Map.of("rare", i % 100 == 0)));
      }
      store.upsert(records);

      List<Match> matches =
          store.search(
              SearchRequest.of(randomVector(random))
                  .topK(10)
                  .filter(Filter.eq("rare", true))
                  .build());

      assertEquals(10, matches.size(), "iterative index scan finds 10 of the 20 rare rows");
      assertTrue(matches.stream().allMatch(m -> Boolean.TRUE.equals(m.metadata().get("rare"))));
    } finally {
      store.drop();
    }
  }

  @Test
  void an_hnsw_search_without_accuracy_uses_the_module_default_and_fills_a_large_top_k() {
    PgVectorStore store =
        PgVectorStoreFactory.openTable(
            database, settings(nextTable(), 8, DistanceMetric.COSINE, IndexSpec.hnsw()));
    try {
      Random random = new Random(9);
      List<VectorRecord> records = records(random, 600, 8, "many");
      store.upsert(records);
      float[] query = randomVector(random);

      // pgvector's own ef_search default (40) would cap an index scan at 40 rows.
      assertEquals(
          300, store.search(SearchRequest.of(query).topK(300).build()).size(), "topK above 100");
      assertEquals(
          60,
          store.search(SearchRequest.of(query).topK(60).accuracy(10).build()).size(),
          "a smaller accuracy is raised to topK");
      List<String> found =
          store.search(SearchRequest.of(query).topK(10).build()).stream().map(Match::id).toList();
      assertEquals(exactTop(records, query, 10), found, "600 rows at ef_search 100: exact");
    } finally {
      store.drop();
    }
  }

  @Test
  void hybrid_search_fuses_full_text_and_vector_ranks() {
    PgVectorStore store =
        PgVectorStoreFactory.openTable(
            database,
            new PgVectorSettings(
                "public",
                nextTable(),
                8,
                DistanceMetric.COSINE,
                IndexSpec.hnsw(),
                Optional.empty(),
                "english"));
    try {
      store.upsert(
          List.of(
              new VectorRecord("near", vector(1), "Opening hours of the town library", Map.of()),
              new VectorRecord("keyword", vector(3), "Parking permits for residents", Map.of()),
              new VectorRecord("other", vector(5), "Council meeting minutes", Map.of())));

      List<Match> vectorOnly = store.search(SearchRequest.of(vector(1)).topK(3).build());
      List<Match> hybrid =
          store.search(SearchRequest.of(vector(1)).topK(3).hybrid("resident parking").build());

      assertEquals("near", vectorOnly.get(0).id());
      assertEquals("keyword", hybrid.get(0).id(), "both ranks count: " + hybrid);
      assertTrue(hybrid.get(0).score() > hybrid.get(1).score());
    } finally {
      store.drop();
    }
  }

  @Test
  void an_unreachable_database_is_reported_as_unavailable_without_its_password() {
    StoreUnavailableException e =
        assertThrows(
            StoreUnavailableException.class,
            () ->
                PgVectorStoreFactory.connect(
                    new DatabaseSettings(
                        "jdbc:postgresql://127.0.0.1:1/none?password=hunter2", "x", "hunter2", 2)));

    assertTrue(e.getMessage().contains("jdbc:postgresql://127.0.0.1:1/none"), e.getMessage());
    assertFalse(e.getMessage().contains("hunter2"), e.getMessage());
  }

  @Test
  void
      the_configured_store_is_tested_without_creating_it_then_opened_and_compared_with_the_model() {
    TestServices.Postgres pg = TestServices.postgres();
    String table = nextTable();
    Map<String, String> values =
        Map.of(
            "cms.ai.vector.kind",
            "pgvector",
            "cms.ai.vector.name",
            table,
            "cms.ai.vector.pg-url",
            pg.url(),
            "cms.ai.vector.pg-user",
            pg.user(),
            "cms.ai.vector.pg-password-ref",
            "it.pg-password");
    io.cmsai.vectorstore.VectorStoreConfiguration configuration =
        new io.cmsai.vectorstore.VectorStoreConfiguration(
            k -> Optional.ofNullable(values.get(k)), Map::of, (a, b) -> {});
    io.cmsai.config.KeyResolver keys =
        new io.cmsai.config.KeyResolver(
            name ->
                name.equals("it.pg-password")
                    ? Optional.of(new io.cmsai.config.KeyResolver.Found(pg.password(), "test"))
                    : Optional.empty(),
            java.nio.file.Path.of("target/no-secrets"));
    io.cmsai.vectorstore.VectorStores stores =
        new io.cmsai.vectorstore.VectorStores(
            configuration,
            List.of(
                new PgVectorStoreFactory(
                    database,
                    keys,
                    new io.cmsai.config.OutboundPolicy(
                        List.of(), java.net.InetAddress::getAllByName))));
    EmbeddingFingerprint minilm =
        new EmbeddingFingerprint("all-minilm-l6-v2", 8, DistanceMetric.COSINE, true);
    EmbeddingFingerprint other =
        new EmbeddingFingerprint("bge-small-en-v1.5", 8, DistanceMetric.COSINE, true);

    io.cmsai.vectorstore.StoreCheck before = stores.test(configuration.current(), minilm);
    VectorStore store = stores.current(minilm);
    store.upsert(List.of(new VectorRecord("a", vector(1))));
    io.cmsai.vectorstore.StoreCheck after = stores.test(configuration.current(), minilm);
    io.cmsai.vectorstore.StoreCheck stale = stores.test(configuration.current(), other);
    try {
      assertTrue(before.ok(), before.toString());
      assertTrue(before.dimensionCheck().contains("does not exist yet"), before.dimensionCheck());
      assertTrue(before.server().startsWith("PostgreSQL 15"), before.server());
      assertTrue(after.ok(), after.toString());
      assertEquals("matches", after.dimensionCheck());
      assertEquals(1, after.count());
      assertFalse(stale.ok());
      assertTrue(stale.dimensionCheck().contains("re-index"), stale.dimensionCheck());
      assertTrue(stale.dimensionCheck().contains("bge-small-en-v1.5"), stale.dimensionCheck());
    } finally {
      ((PgVectorStore) store).drop();
    }
  }

  // ---- helpers ----

  /** Ids of the {@code k} unit vectors most similar to {@code query}, by brute force. */
  private static List<String> exactTop(List<VectorRecord> records, float[] query, int k) {
    return records.stream()
        .sorted(
            java.util.Comparator.comparingDouble(
                (VectorRecord r) -> {
                  double dot = 0;
                  for (int i = 0; i < query.length; i++) {
                    dot += query[i] * r.vector()[i];
                  }
                  return -dot;
                }))
        .limit(k)
        .map(VectorRecord::id)
        .toList();
  }

  private static PgVectorSettings settings(
      String table, int dimension, DistanceMetric metric, IndexSpec index) {
    return new PgVectorSettings(
        "public", table, dimension, metric, index, Optional.empty(), "simple");
  }

  private static String nextTable() {
    return "it_vs_" + ProcessHandle.current().pid() + "_" + TABLES.incrementAndGet();
  }

  private static List<VectorRecord> records(Random random, int count, int dimension, String label) {
    List<VectorRecord> records = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      float[] v = new float[dimension];
      for (int j = 0; j < dimension; j++) {
        v[j] = (float) random.nextGaussian();
      }
      records.add(
          new VectorRecord(
              "r" + i,
              Vectors.normalize(v),
              label + " text " + i,
              Map.of("n", (long) i, "half", i / 2.0, "even", i % 2 == 0)));
    }
    return records;
  }

  private static String columnType(PgVectorStore store) {
    return query(
            "SELECT format_type(atttypid, atttypmod) FROM pg_attribute WHERE attrelid = '"
                + store.describe().name()
                + "'::regclass AND attname = 'embedding'")
        .replaceAll("\\(.*", "");
  }

  private static String indexes(PgVectorStore store) {
    String[] name = store.describe().name().split("\\.");
    return query(
        "SELECT string_agg(indexdef, '; ') FROM pg_indexes WHERE tablename = '" + name[1] + "'");
  }

  private static String query(String sql) {
    return database.inTransaction(
        s -> String.valueOf(s.createNativeQuery(sql, String.class).getSingleResult()));
  }
}
