package io.cmsai.embeddings;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.cmsai.embeddings.Dimension.Source;
import io.cmsai.testing.LocalModels;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The real ONNX model, loaded from the jar (no network). */
class LocalEmbeddingModelTest {

  @TempDir static Path dataDir;

  private static LocalEmbeddingModel model;

  @BeforeAll
  static void load() {
    model = LocalModels.shared(); // DJL unpacks its library once per JVM: share the model
    model.embed("warm up");
  }

  @Test
  void dimension_is_known_without_loading_the_model() {
    LocalEmbeddingModel fresh = new LocalEmbeddingModel(dataDir.resolve("unused"), 8);
    try {
      assertEquals(Dimension.known(384, Source.LOCAL_MODEL), fresh.dimensionStatus());
      assertEquals(384, fresh.dimension());
      assertEquals("all-minilm-l6-v2", fresh.id());
      assertTrue(fresh.normalized());
      assertFalse(fresh.isLoaded());
    } finally {
      fresh.close();
    }
  }

  @Test
  void vectors_have_384_dimensions_and_unit_length() {
    List<float[]> vectors = model.embed(List.of("The cat sleeps.", "Quarterly revenue grew."));

    assertEquals(2, vectors.size());
    for (float[] vector : vectors) {
      assertEquals(384, vector.length);
      assertEquals(1.0, norm(vector), 1e-4);
    }
  }

  @Test
  void similar_meanings_are_closer_than_unrelated_ones() {
    List<float[]> v = model.embed(List.of("cat", "kitten", "revenue"));

    double catKitten = cosine(v.get(0), v.get(1));
    double catRevenue = cosine(v.get(0), v.get(2));

    assertTrue(
        catKitten > catRevenue + 0.3,
        "cos(cat, kitten)=" + catKitten + " cos(cat, revenue)=" + catRevenue);
  }

  @Test
  void a_batch_of_100_equals_one_by_one() {
    List<String> texts = sentences(100);

    List<float[]> batch = model.embed(texts);

    assertEquals(100, batch.size());
    for (int i = 0; i < texts.size(); i++) {
      assertVectorEquals(model.embed(texts.get(i)), batch.get(i), "text " + i);
    }
  }

  @Test
  void four_threads_at_once_get_the_same_vectors_as_one() throws Exception {
    List<String> texts = sentences(40);
    List<float[]> expected = model.embed(texts);
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<List<float[]>>> results = new ArrayList<>();
      for (int t = 0; t < 4; t++) {
        int offset = t;
        results.add(pool.submit(() -> model.embed(rotate(texts, offset * 10))));
      }
      for (int t = 0; t < 4; t++) {
        List<float[]> got = results.get(t).get();
        List<float[]> want = rotate(expected, t * 10);
        for (int i = 0; i < want.size(); i++) {
          assertVectorEquals(want.get(i), got.get(i), "thread " + t + " text " + i);
        }
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void a_text_longer_than_the_window_gives_a_unit_vector() {
    String longText = String.join(" ", sentences(120));

    float[] vector = model.embed(longText);

    assertEquals(384, vector.length);
    assertEquals(1.0, norm(vector), 1e-4);
  }

  @Test
  void blank_texts_are_refused_and_no_texts_give_no_vectors() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> model.embed(List.of("a", " ")));
    assertTrue(e.getMessage().contains("text 1 is blank"), e.getMessage());
    assertEquals(List.of(), model.embed(List.of()));
  }

  @Test
  void the_tokenizer_library_is_unpacked_under_the_data_directory() throws IOException {
    assumeTrue(
        System.getenv("DJL_CACHE_DIR") == null && System.getenv("ENGINE_CACHE_DIR") == null,
        "DJL_CACHE_DIR or ENGINE_CACHE_DIR is set in the environment: DJL uses that");
    try (Stream<Path> files = Files.walk(LocalModels.nativeCache())) {
      assertTrue(
          files.anyMatch(p -> p.getFileName().toString().contains("tokenizers")),
          "no tokenizers library under " + LocalModels.nativeCache());
    }
  }

  @Test
  void prints_warm_timings() {
    List<String> texts = sentences(256);
    long started = System.nanoTime();
    for (int i = 0; i < 50; i++) {
      model.embed(texts.get(i));
    }
    double perSentenceMs = (System.nanoTime() - started) / 1e6 / 50;
    started = System.nanoTime();
    model.embed(texts);
    double perSecond = texts.size() / ((System.nanoTime() - started) / 1e9);
    System.out.printf(
        "LocalEmbeddingModel warm: %.2f ms per sentence one by one, %.0f sentences/s in a batch of"
            + " %d (%d CPUs)%n",
        perSentenceMs, perSecond, texts.size(), Runtime.getRuntime().availableProcessors());
    assertTrue(perSentenceMs > 0 && perSecond > 0);
  }

  private static List<String> sentences(int count) {
    String[] subjects = {"The editor", "A visitor", "Our team", "The portal", "Each article"};
    String[] verbs = {"publishes", "reads", "reviews", "translates", "archives"};
    String[] objects = {"the news", "a recipe", "the annual report", "a travel guide", "the FAQ"};
    return IntStream.range(0, count)
        .mapToObj(
            i ->
                subjects[i % 5]
                    + " "
                    + verbs[(i / 5) % 5]
                    + " "
                    + objects[(i / 25) % 5]
                    + " on page "
                    + i
                    + ".")
        .toList();
  }

  private static <T> List<T> rotate(List<T> list, int by) {
    List<T> rotated = new ArrayList<>(list.subList(by, list.size()));
    rotated.addAll(list.subList(0, by));
    return rotated;
  }

  private static void assertVectorEquals(float[] expected, float[] actual, String what) {
    assertEquals(expected.length, actual.length, what);
    for (int i = 0; i < expected.length; i++) {
      assertEquals(expected[i], actual[i], 1e-5, what + " component " + i);
    }
  }

  private static double norm(float[] v) {
    double sum = 0;
    for (float x : v) {
      sum += x * x;
    }
    return Math.sqrt(sum);
  }

  private static double cosine(float[] a, float[] b) {
    double dot = 0;
    for (int i = 0; i < a.length; i++) {
      dot += a[i] * b[i];
    }
    return dot / (norm(a) * norm(b));
  }
}
