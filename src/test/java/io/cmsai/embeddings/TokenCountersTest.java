package io.cmsai.embeddings;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cmsai.testing.LocalModels;
import io.cmsai.testing.TextSamples;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The estimator against the real tokenizers, and the exact OpenAI and WordPiece counters. */
class TokenCountersTest {

  /** "Never under-counts realistic text by more than a few %". */
  private static final double LEAST_RATIO = 0.97;

  static final List<String> SAMPLES = TextSamples.NAMES;

  private static final TokenCounter ESTIMATE = TokenCounters.estimate();
  private static final TokenCounter CL100K = TokenCounters.openAi("text-embedding-3-small");
  private static final Map<String, String> RATIOS = new TreeMap<>();

  @AfterAll
  static void printRatios() {
    System.out.println("estimate / exact count (WordPiece = all-MiniLM-L6-v2, cl100k_base):");
    RATIOS.forEach((name, ratios) -> System.out.println("  " + name + ": " + ratios));
  }

  @ParameterizedTest
  @FieldSource("SAMPLES")
  void the_estimate_is_never_far_below_either_real_tokenizer(String sample) {
    String text = TextSamples.text(sample);

    int estimate = ESTIMATE.count(text);
    int wordPiece = LocalModels.miniLmCounter().count(text);
    int cl100k = CL100K.count(text);

    RATIOS.put(
        sample,
        String.format(
            "%.2f of WordPiece (%d), %.2f of cl100k (%d)",
            estimate / (double) wordPiece, wordPiece, estimate / (double) cl100k, cl100k));
    assertTrue(
        estimate >= LEAST_RATIO * Math.max(wordPiece, cl100k),
        sample + ": estimate " + estimate + ", WordPiece " + wordPiece + ", cl100k " + cl100k);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "3f9a2c7e1b4d8e6f0a5c9b2d7e4f1a8c",
        "550e8400-e29b-41d4-a716-446655440000",
        "aGVsbG8gd29ybGQgdGhpcyBpcyBiYXNlNjQ",
        "QmFzZTY0RW5jb2RlZFN0cmluZ1dpdGhNaXhlZENhc2VBbmROdW1iZXJz",
        "https://conf.example.org/2026/keynote?id=42&lang=en",
        "xkqzvbnmtrplw"
      })
  void random_looking_strings_are_counted_close_to_the_real_tokenizers(String text) {
    int estimate = ESTIMATE.count(text);
    int exact = Math.max(LocalModels.miniLmCounter().count(text), CL100K.count(text));

    RATIOS.put(
        text,
        String.format("%.2f of the larger exact count (%d)", estimate / (double) exact, exact));
    assertTrue(estimate >= 0.85 * exact, text + ": estimate " + estimate + ", exact " + exact);
  }

  @Test
  void the_estimate_of_nothing_is_zero_and_of_anything_at_least_one() {
    assertEquals(0, ESTIMATE.count(""));
    assertEquals(0, ESTIMATE.count(" \t "));
    assertEquals(1, ESTIMATE.count("a"));
    assertEquals(1, ESTIMATE.count("!"));
    assertEquals(2, ESTIMATE.count("東"));
    assertEquals(3, ESTIMATE.count("😀"));
    assertThrows(NullPointerException.class, () -> ESTIMATE.count(null));
  }

  @Test
  void the_estimate_of_a_join_is_close_to_the_sum_of_its_parts() {
    List<String> sentences = sentences();
    Random random = new Random(7);
    for (int i = 0; i < 500; i++) {
      String a = sentences.get(random.nextInt(sentences.size()));
      String b = sentences.get(random.nextInt(sentences.size()));

      int joined = ESTIMATE.count(a + " " + b);
      int sum = ESTIMATE.count(a) + ESTIMATE.count(b);

      assertTrue(Math.abs(joined - sum) <= 1, a + " | " + b + ": " + joined + " vs " + sum);
    }
  }

  @Test
  void the_estimate_is_deterministic_and_linear() {
    String all = TextSamples.all();
    StringBuilder big = new StringBuilder();
    while (big.length() < 10_000_000) {
      big.append(all);
    }
    String text = big.toString();

    long started = System.nanoTime();
    int first = ESTIMATE.count(text);
    double seconds = (System.nanoTime() - started) / 1e9;

    assertEquals(first, ESTIMATE.count(text));
    System.out.printf(
        "estimate: %.1f MB of text in %.2f s (%d tokens)%n", text.length() / 1e6, seconds, first);
    assertTrue(seconds < 20, "10 MB took " + seconds + " s");
  }

  @Test
  void openai_models_count_exactly_with_cl100k() {
    for (String model :
        List.of(
            "text-embedding-ada-002",
            "text-embedding-3-small",
            "text-embedding-3-large",
            "openai/text-embedding-3-large",
            "Text-Embedding-3-Small")) {
      assertTrue(TokenCounters.isOpenAi(model), model);
      TokenCounter counter = TokenCounters.openAi(model);
      assertEquals(2, counter.count("hello world"), model);
      assertEquals(6, counter.count("tiktoken is great!"), model);
      assertEquals(0, counter.count(""), model);
    }
  }

  @Test
  void special_token_markers_are_ordinary_text() {
    assertTrue(CL100K.count("<|endoftext|>") > 1);
  }

  @ParameterizedTest
  @ValueSource(strings = {"BAAI/bge-m3", "all-MiniLM-L6-v2", "tiny", "text-embedding-3", " "})
  void other_models_have_no_openai_counter(String model) {
    assertFalse(TokenCounters.isOpenAi(model));
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> TokenCounters.openAi(model));
    assertTrue(e.getMessage().contains("no OpenAI tokenizer is known"), e.getMessage());
  }

  @Test
  void null_is_not_an_openai_model() {
    assertFalse(TokenCounters.isOpenAi(null));
  }

  @Test
  void a_file_that_is_not_a_tokenizer_is_refused() {
    LocalModels.miniLmCounter(); // DJL's native library, unpacked where the tests expect it

    assertThrows(
        IllegalArgumentException.class,
        () ->
            TokenCounters.wordPiece(
                new ByteArrayInputStream("{\"no\": 1}".getBytes(StandardCharsets.UTF_8))));
  }

  @Test
  void remote_models_count_exactly_when_openai_and_estimate_otherwise() {
    RemoteEmbeddingModel openAi =
        new RemoteEmbeddingModel("text-embedding-3-small", null, null, null);
    RemoteEmbeddingModel bge = new RemoteEmbeddingModel("BAAI/bge-m3", null, null, null);
    RemoteEmbeddingModel unknown = new RemoteEmbeddingModel("tiny", null, null, null);

    assertEquals(2, openAi.tokenCounter().count("hello world"));
    assertEquals(8191, openAi.maxInputTokens());
    assertSame(TokenCounters.estimate(), bge.tokenCounter());
    assertEquals(8190, bge.maxInputTokens());
    assertSame(TokenCounters.estimate(), unknown.tokenCounter());
    assertEquals(EmbeddingModels.DEFAULT_MAX_INPUT_TOKENS, unknown.maxInputTokens());
  }

  @Test
  void the_port_defaults_to_512_tokens_and_the_estimate() {
    EmbeddingModel model =
        new EmbeddingModel() {
          @Override
          public String id() {
            return "x";
          }

          @Override
          public Dimension dimensionStatus() {
            return Dimension.known(3, Dimension.Source.REGISTRY);
          }

          @Override
          public List<float[]> embed(List<String> texts) {
            return List.of();
          }

          @Override
          public boolean normalized() {
            return false;
          }
        };

    assertEquals(512, model.maxInputTokens());
    assertSame(TokenCounters.estimate(), model.tokenCounter());
  }

  private static List<String> sentences() {
    List<String> sentences = new ArrayList<>();
    for (String name : SAMPLES) {
      for (String line : TextSamples.text(name).split("(?<=[.!?。])\\s*")) {
        if (!line.isBlank()) {
          sentences.add(line.strip());
        }
      }
    }
    return sentences;
  }
}
