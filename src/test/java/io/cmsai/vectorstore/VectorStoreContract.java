package io.cmsai.vectorstore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cmsai.vectorstore.filter.Filter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every {@link VectorStore} adapter must have. A subclass per store (real PostgreSQL
 * + pgvector, the Milvus double or a real Milvus, the embedded Lucene store) supplies {@link
 * #create}; each test gets a fresh, empty table or collection of dimension {@value #DIM}. Searches
 * are compared with exact ranking computed by {@link DistanceMetric#score}, so the stores are
 * created without an approximate index unless {@link #create} is told otherwise.
 */
public abstract class VectorStoreContract {

  protected static final int DIM = 8;

  private final List<VectorStore> created = new ArrayList<>();

  /**
   * A new, empty store with exact search.
   *
   * @param dimension the vectors' length
   * @param metric the metric
   */
  protected abstract VectorStore create(int dimension, DistanceMetric metric);

  /** Removes a store made by {@link #create} (drop the table / collection / directory). */
  protected abstract void destroy(VectorStore store);

  @AfterEach
  void destroyCreated() {
    created.forEach(this::destroy);
  }

  private VectorStore store(DistanceMetric metric) {
    VectorStore store = create(DIM, metric);
    created.add(store);
    return store;
  }

  @Test
  void an_empty_store_counts_zero_and_finds_nothing() {
    VectorStore store = store(DistanceMetric.COSINE);

    assertEquals(0, store.count());
    assertTrue(store.search(SearchRequest.of(vector(1)).build()).isEmpty());
    assertEquals(DIM, store.describe().dimension());
    assertEquals(DistanceMetric.COSINE, store.describe().metric());
  }

  @Test
  void upserted_records_round_trip_their_text_and_typed_metadata() {
    VectorStore store = store(DistanceMetric.COSINE);
    Map<String, Object> metadata =
        Map.of("type", "article", "year", 2024L, "rating", 4.5, "published", true);

    store.upsert(List.of(new VectorRecord("doc-1", vector(1), "Hello ünïcode ✓", metadata)));

    Match match = store.search(SearchRequest.of(vector(1)).topK(1).build()).get(0);
    assertEquals("doc-1", match.id());
    assertEquals("Hello ünïcode ✓", match.text());
    assertEquals(metadata, match.metadata());
    assertEquals(1.0, match.score(), 1e-3);
  }

  @Test
  void upsert_replaces_a_record_with_the_same_id() {
    VectorStore store = store(DistanceMetric.COSINE);
    store.upsert(List.of(new VectorRecord("a", vector(1), "old", Map.of("v", 1L))));

    store.upsert(List.of(new VectorRecord("a", vector(2), "new", Map.of("v", 2L))));

    assertEquals(1, store.count());
    Match match = store.search(SearchRequest.of(vector(2)).topK(5).build()).get(0);
    assertEquals("new", match.text());
    assertEquals(Map.of("v", 2L), match.metadata());
    assertEquals(1.0, match.score(), 1e-3);
  }

  @Test
  void top_k_matches_come_best_first_in_the_exact_order_for_every_metric() {
    for (DistanceMetric metric : DistanceMetric.values()) {
      VectorStore store = store(metric);
      List<VectorRecord> records = randomRecords(60, 7);
      store.upsert(records);
      float[] query = randomVector(new Random(99));

      List<Match> matches = store.search(SearchRequest.of(query).topK(5).build());

      List<String> expected =
          records.stream()
              .sorted(
                  Comparator.comparingDouble((VectorRecord r) -> -metric.score(query, r.vector())))
              .limit(5)
              .map(VectorRecord::id)
              .toList();
      assertEquals(expected, matches.stream().map(Match::id).toList(), metric.id());
      for (int i = 0; i < matches.size(); i++) {
        VectorRecord record = byId(records, matches.get(i).id());
        assertEquals(
            metric.score(query, record.vector()), matches.get(i).score(), 1e-3, metric.id());
      }
    }
  }

  @Test
  void matches_below_the_minimum_score_are_dropped() {
    VectorStore store = store(DistanceMetric.COSINE);
    store.upsert(
        List.of(
            new VectorRecord("same", vector(1)),
            new VectorRecord("close", mix(vector(1), vector(2), 0.2f)),
            new VectorRecord("far", vector(5))));

    List<Match> matches = store.search(SearchRequest.of(vector(1)).topK(10).minScore(0.9).build());

    assertEquals(List.of("same", "close"), matches.stream().map(Match::id).toList());
  }

  @Test
  void filters_select_by_equality_membership_ranges_and_combinations() {
    VectorStore store = store(DistanceMetric.COSINE);
    store.upsert(
        List.of(
            new VectorRecord(
                "a", vector(1), "", Map.of("type", "page", "year", 2020L, "live", true)),
            new VectorRecord(
                "b", vector(2), "", Map.of("type", "news", "year", 2022L, "live", true)),
            new VectorRecord(
                "c", vector(3), "", Map.of("type", "news", "year", 2024L, "live", false)),
            new VectorRecord("d", vector(4), "", Map.of("type", "blog", "score", 0.5)),
            new VectorRecord("e", vector(5), "", Map.of())));

    assertEquals(List.of("b", "c"), ids(store, Filter.eq("type", "news")));
    assertEquals(List.of("a", "d"), ids(store, Filter.in("type", "page", "blog")));
    assertEquals(List.of("b", "c"), ids(store, Filter.gte("year", 2022)));
    assertEquals(List.of("a", "b"), ids(store, Filter.between("year", 2019, 2022)));
    assertEquals(
        List.of("b"), ids(store, Filter.and(Filter.eq("type", "news"), Filter.eq("live", true))));
    assertEquals(
        List.of("a", "c"),
        ids(store, Filter.or(Filter.eq("type", "page"), Filter.eq("live", false))));
    assertEquals(List.of("a", "d", "e"), ids(store, Filter.not(Filter.eq("type", "news"))));
    assertEquals(List.of("d"), ids(store, Filter.lt("score", 0.75)));
    assertEquals(List.of(), ids(store, Filter.eq("type", "it's \"quoted\" ' OR 1=1 --")));
  }

  @Test
  void records_are_deleted_by_id_and_by_filter() {
    VectorStore store = store(DistanceMetric.COSINE);
    store.upsert(
        List.of(
            new VectorRecord("a", vector(1), "", Map.of("site", "x")),
            new VectorRecord("b", vector(2), "", Map.of("site", "x")),
            new VectorRecord("c", vector(3), "", Map.of("site", "y")),
            new VectorRecord("d", vector(4), "", Map.of("site", "z"))));

    store.delete(List.of("a", "unknown"));
    assertEquals(3, store.count());
    store.delete(Filter.eq("site", "x"));
    assertEquals(List.of("c", "d"), ids(store, Filter.all()));
    store.delete(Filter.all());
    assertEquals(0, store.count());
  }

  @Test
  void a_wrong_dimension_or_a_non_finite_value_is_refused_before_anything_is_written() {
    VectorStore store = store(DistanceMetric.COSINE);
    store.upsert(List.of(new VectorRecord("kept", vector(1))));

    DimensionMismatchException wrong =
        assertThrows(
            DimensionMismatchException.class,
            () ->
                store.upsert(
                    List.of(
                        new VectorRecord("ok", vector(2)),
                        new VectorRecord("bad", new float[DIM + 1]))));
    float[] nan = vector(3);
    nan[2] = Float.NaN;
    assertThrows(
        IllegalArgumentException.class, () -> store.upsert(List.of(new VectorRecord("nan", nan))));
    assertThrows(
        DimensionMismatchException.class,
        () -> store.search(SearchRequest.of(new float[DIM - 1]).build()));

    assertEquals(DIM, wrong.expected());
    assertEquals(DIM + 1, wrong.actual());
    assertTrue(wrong.getMessage().contains(DIM + 1 + " dimensions"), wrong.getMessage());
    assertEquals(1, store.count(), "nothing of the refused batches was written");
    assertEquals("kept", store.search(SearchRequest.of(vector(1)).build()).get(0).id());
  }

  @Test
  void concurrent_upserts_all_arrive() throws Exception {
    VectorStore store = store(DistanceMetric.COSINE);
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<?>> done = new ArrayList<>();
      for (int t = 0; t < 4; t++) {
        List<VectorRecord> batch = new ArrayList<>();
        for (int i = 0; i < 25; i++) {
          batch.add(new VectorRecord("t" + t + "-" + i, randomVector(new Random(t * 100L + i))));
        }
        done.add(pool.submit(() -> store.upsert(batch)));
      }
      for (Future<?> f : done) {
        f.get();
      }
    } finally {
      pool.shutdown();
    }
    assertEquals(100, store.count());
  }

  @Test
  void a_batch_with_a_repeated_id_is_refused() {
    VectorStore store = store(DistanceMetric.COSINE);

    assertThrows(
        IllegalArgumentException.class,
        () ->
            store.upsert(
                List.of(new VectorRecord("x", vector(1)), new VectorRecord("x", vector(2)))));
    assertEquals(0, store.count());
    assertFalse(store.describe().kind().isBlank());
  }

  // ---- helpers ----

  private static List<String> ids(VectorStore store, Filter filter) {
    return store.search(SearchRequest.of(vector(1)).topK(100).filter(filter).build()).stream()
        .map(Match::id)
        .sorted()
        .toList();
  }

  /** A unit vector along axis {@code axis} (1-based) with a small fixed tail, distinct per axis. */
  protected static float[] vector(int axis) {
    float[] v = new float[DIM];
    v[(axis - 1) % DIM] = 1f;
    v[axis % DIM] += 0.05f * axis;
    return Vectors.normalize(v);
  }

  protected static float[] mix(float[] a, float[] b, float weight) {
    float[] v = new float[a.length];
    for (int i = 0; i < v.length; i++) {
      v[i] = a[i] * (1 - weight) + b[i] * weight;
    }
    return v;
  }

  protected static float[] randomVector(Random random) {
    float[] v = new float[DIM];
    for (int i = 0; i < DIM; i++) {
      v[i] = (float) random.nextGaussian();
    }
    return v;
  }

  private static List<VectorRecord> randomRecords(int count, long seed) {
    Random random = new Random(seed);
    List<VectorRecord> records = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      records.add(new VectorRecord("r" + i, randomVector(random)));
    }
    return records;
  }

  private static VectorRecord byId(List<VectorRecord> records, String id) {
    return records.stream().filter(r -> r.id().equals(id)).findFirst().orElseThrow();
  }
}
