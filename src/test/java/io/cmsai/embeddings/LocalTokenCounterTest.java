package io.cmsai.embeddings;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cmsai.testing.LocalModels;
import io.cmsai.testing.TextSamples;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The local model's exact WordPiece counter, and the input limit it reports (real model). */
class LocalTokenCounterTest {

  @TempDir Path dir;

  private final LocalEmbeddingModel model = LocalModels.shared();

  @Test
  void counts_word_pieces_without_special_tokens() {
    TokenCounter counter = model.tokenCounter();

    assertEquals(0, counter.count(""));
    assertEquals(4, counter.count("Hello, world!")); // hello , world !
    assertEquals(2, counter.count("Naïve café")); // accents stripped: naive cafe
    assertEquals(2, counter.count("東京")); // one piece per ideograph
    assertThrows(NullPointerException.class, () -> counter.count(null));
  }

  @Test
  void does_not_truncate_long_texts() {
    assertEquals(1000, model.tokenCounter().count("word ".repeat(1000)));
  }

  @Test
  void counting_loads_the_tokenizer_once_and_not_the_model() {
    LocalEmbeddingModel fresh = new LocalEmbeddingModel(dir.resolve("djl"), 8);
    try {
      TokenCounter counter = fresh.tokenCounter();

      assertEquals(4, counter.count("Hello, world!"));
      assertSame(counter, fresh.tokenCounter());
      assertFalse(fresh.isLoaded());
    } finally {
      fresh.close();
    }
  }

  @Test
  void four_threads_count_the_same() throws Exception {
    TokenCounter counter = model.tokenCounter();
    List<Integer> expected =
        TextSamples.NAMES.stream().map(TextSamples::text).map(counter::count).toList();
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<List<Integer>>> results = new ArrayList<>();
      for (int t = 0; t < 4; t++) {
        results.add(
            pool.submit(
                () ->
                    TextSamples.NAMES.stream()
                        .map(TextSamples::text)
                        .map(counter::count)
                        .toList()));
      }
      for (Future<List<Integer>> result : results) {
        assertEquals(expected, result.get());
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void the_model_reads_exactly_max_input_tokens() {
    int max = model.maxInputTokens();
    String filler = "word ".repeat(max - 1);
    TokenCounter counter = model.tokenCounter();
    assertEquals(max - 1, counter.count(filler));
    assertEquals(LocalEmbeddingModel.MAX_INPUT_TOKENS, max);

    float[] full = model.embed(filler + "volcano");
    float[] longer = model.embed(filler + "volcano erupted and lava flowed into the sea all night");
    float[] lastChanged = model.embed(filler + "invoice");

    assertTrue(cosine(full, longer) > 0.99999, "tokens after the limit changed the vector");
    assertTrue(cosine(full, lastChanged) < 0.9999, "the last token within the limit was ignored");
  }

  private static double cosine(float[] a, float[] b) {
    double dot = 0;
    double na = 0;
    double nb = 0;
    for (int i = 0; i < a.length; i++) {
      dot += a[i] * b[i];
      na += a[i] * a[i];
      nb += b[i] * b[i];
    }
    return dot / Math.sqrt(na * nb);
  }
}
