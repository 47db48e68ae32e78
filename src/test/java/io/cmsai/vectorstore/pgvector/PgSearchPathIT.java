package io.cmsai.vectorstore.pgvector;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cmsai.platform.Database;
import io.cmsai.platform.DatabaseSettings;
import io.cmsai.testing.TestServices;
import io.cmsai.vectorstore.DistanceMetric;
import io.cmsai.vectorstore.IndexSpec;
import io.cmsai.vectorstore.Match;
import io.cmsai.vectorstore.SearchRequest;
import io.cmsai.vectorstore.VectorRecord;
import io.cmsai.vectorstore.Vectors;
import io.cmsai.vectorstore.filter.Filter;
import io.cmsai.vectorstore.pgvector.internal.PgQueries;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The pgvector search path as semantic search uses it (access filter on every query), on the real
 * PostgreSQL 15 + pgvector 0.8.0 test service: which index the planner scans, how the query vector
 * is bound, keyword semantics and the order of equal scores.
 */
class PgSearchPathIT {

  private static final int DIMENSION = 384;
  private static final AtomicInteger TABLES = new AtomicInteger();
  private static final Filter ACCESS =
      Filter.or(Filter.eq("public", true), Filter.eq("group_editors", true));

  private static TestServices.Postgres pg;
  private static Database database;

  @BeforeAll
  static void open() {
    pg = TestServices.postgres();
    database =
        PgVectorStoreFactory.connect(new DatabaseSettings(pg.url(), pg.user(), pg.password(), 4));
  }

  @AfterAll
  static void close() {
    if (database != null) {
      database.close();
    }
  }

  @Test
  void a_filtered_search_on_an_hnsw_table_scans_the_hnsw_index() throws SQLException {
    PgVectorStore store = filled(IndexSpec.hnsw(), 4000);
    try (Connection c = connection()) {
      String index = hnswIndexName(c, store);
      PgQueries queries = queries(store, IndexSpec.hnsw());
      SearchRequest dense = SearchRequest.of(unit(new Random(7))).topK(10).filter(ACCESS).build();
      SearchRequest hybrid =
          SearchRequest.of(unit(new Random(8))).topK(10).filter(ACCESS).hybrid("text 12").build();
      String densePlan = String.join("\n", queries.explain(c, dense));
      c.commit();
      String hybridPlan = String.join("\n", queries.explain(c, hybrid));
      c.commit();
      assertTrue(densePlan.contains("Index Scan using " + index), densePlan);
      assertTrue(hybridPlan.contains("Index Scan using " + index), hybridPlan);
      assertFalse(densePlan.contains("Seq Scan"), densePlan);
    } finally {
      store.drop();
    }
  }

  @Test
  void an_unfiltered_search_on_a_table_without_index_stays_exact() throws SQLException {
    PgVectorStore store = filled(IndexSpec.none(), 300);
    try (Connection c = connection()) {
      SearchRequest dense = SearchRequest.of(unit(new Random(7))).topK(10).build();
      String plan = String.join("\n", queries(store, IndexSpec.none()).explain(c, dense));
      c.commit();
      assertTrue(plan.contains("Seq Scan"), plan);
    } finally {
      store.drop();
    }
  }

  @Test
  void the_hybrid_statement_binds_a_typed_vector_and_is_never_planned_generically()
      throws SQLException {
    PgVectorStore store = filled(IndexSpec.hnsw(), 500);
    try (Connection c = connection()) {
      PgQueries queries = queries(store, IndexSpec.hnsw());
      Random random = new Random(3);
      for (int i = 0; i < 12; i++) {
        queries.search(
            c,
            SearchRequest.of(unit(random))
                .topK(10)
                .filter(ACCESS)
                .hybrid("text " + i + " about things")
                .build());
        c.commit();
      }
      try (Statement s = c.createStatement();
          ResultSet rs =
              s.executeQuery(
                  "SELECT parameter_types::text, generic_plans, custom_plans"
                      + " FROM pg_prepared_statements WHERE statement LIKE '%ts_rank_cd%'")) {
        assertTrue(rs.next(), "the hybrid statement is prepared on the server after 5 runs");
        assertTrue(rs.getString(1).startsWith("{vector,"), rs.getString(1));
        assertEquals(0, rs.getLong(2), "generic plans");
        assertTrue(rs.getLong(3) >= 6, "custom plans: " + rs.getLong(3));
      }
      c.commit();
    } finally {
      store.drop();
    }
  }

  @Test
  void keyword_search_finds_sentences_sharing_any_word_and_keeps_phrases() {
    PgVectorStore store =
        PgVectorStoreFactory.openTable(
            database,
            new PgVectorSettings(
                "public",
                nextTable(),
                DIMENSION,
                DistanceMetric.COSINE,
                IndexSpec.hnsw(),
                Optional.empty(),
                "english"));
    try {
      Random random = new Random(5);
      store.upsert(
          List.of(
              new VectorRecord("a", unit(random), "The cat sat on the mat", Map.of()),
              new VectorRecord("b", unit(random), "Dogs bark at the mailman", Map.of()),
              new VectorRecord("c", unit(random), "A mat for the hall", Map.of())));
      List<String> sentence =
          ids(store.searchText("where do cats like to sleep", 10, Filter.all()));
      List<String> phrase = ids(store.searchText("\"cat sat\"", 10, Filter.all()));
      List<String> excluded = ids(store.searchText("mat -cat", 10, Filter.all()));
      List<Match> hybrid =
          store.search(SearchRequest.of(unit(random)).topK(3).hybrid("why do dogs bark").build());
      List<Match> none =
          store.search(SearchRequest.of(unit(random)).topK(3).hybrid("zebra xylophone").build());

      assertEquals(List.of("a"), sentence);
      assertEquals(List.of("a"), phrase);
      assertEquals(List.of("c"), excluded);
      assertEquals(
          Match.Found.BOTH,
          hybrid.stream().filter(m -> m.id().equals("b")).findFirst().orElseThrow().found());
      assertTrue(none.stream().allMatch(m -> m.found() == Match.Found.VECTOR));
    } finally {
      store.drop();
    }
  }

  @Test
  void equal_scores_are_ordered_by_id_whatever_top_k() {
    PgVectorStore store =
        PgVectorStoreFactory.openTable(
            database,
            new PgVectorSettings(
                "public",
                nextTable(),
                8,
                DistanceMetric.COSINE,
                IndexSpec.none(),
                Optional.empty(),
                "simple"));
    try {
      float[] same = Vectors.normalize(new float[] {1, 2, 3, 4, 5, 6, 7, 8});
      List<VectorRecord> records = new ArrayList<>();
      for (String id : List.of("m", "c", "x", "a", "q", "h", "b", "z", "k", "d", "t", "e")) {
        records.add(new VectorRecord(id, same, "same " + id, Map.of()));
      }
      store.upsert(records);
      List<String> top3 = ids(store.search(SearchRequest.of(same).topK(3).build()));
      List<String> top10 = ids(store.search(SearchRequest.of(same).topK(10).build()));

      assertEquals(List.of("a", "b", "c"), top3);
      assertEquals(top3, top10.subList(0, 3));
    } finally {
      store.drop();
    }
  }

  private static PgVectorStore filled(IndexSpec index, int rows) {
    PgVectorStore store =
        PgVectorStoreFactory.openTable(
            database,
            new PgVectorSettings(
                "public",
                nextTable(),
                DIMENSION,
                DistanceMetric.COSINE,
                index,
                Optional.empty(),
                "simple"));
    Random random = new Random(11);
    List<VectorRecord> batch = new ArrayList<>();
    for (int i = 0; i < rows; i++) {
      batch.add(
          new VectorRecord(
              "r" + i,
              unit(random),
              "text " + i + " about things",
              Map.of("public", i % 10 != 0, "type", "page")));
      if (batch.size() == 1000) {
        store.upsert(batch);
        batch.clear();
      }
    }
    store.upsert(batch);
    store.optimize();
    return store;
  }

  private static PgQueries queries(PgVectorStore store, IndexSpec index) {
    String table = store.describe().name().substring("public.".length());
    return new PgQueries(
        new PgVectorSettings(
            "public", table, DIMENSION, DistanceMetric.COSINE, index, Optional.empty(), "simple"),
        () -> true);
  }

  private static String hnswIndexName(Connection c, PgVectorStore store) throws SQLException {
    try (Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery(
                "SELECT indexname FROM pg_indexes WHERE schemaname || '.' || tablename = '"
                    + store.describe().name()
                    + "' AND indexdef ILIKE '%USING hnsw%'")) {
      assertTrue(rs.next(), "the table has an HNSW index");
      return rs.getString(1);
    }
  }

  private static Connection connection() throws SQLException {
    Connection c = DriverManager.getConnection(pg.url(), pg.user(), pg.password());
    c.setAutoCommit(false);
    return c;
  }

  private static float[] unit(Random random) {
    float[] v = new float[DIMENSION];
    for (int i = 0; i < v.length; i++) {
      v[i] = (float) random.nextGaussian();
    }
    return Vectors.normalize(v);
  }

  private static List<String> ids(List<Match> matches) {
    return matches.stream().map(Match::id).toList();
  }

  private static String nextTable() {
    return "it_sp_" + ProcessHandle.current().pid() + "_" + TABLES.incrementAndGet();
  }
}
