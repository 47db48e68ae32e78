package io.cmsai.indexing.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cmsai.embeddings.TokenCounter;
import io.cmsai.embeddings.TokenCounters;
import io.cmsai.testing.LocalModels;
import io.cmsai.testing.TextSamples;
import java.text.BreakIterator;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

class ChunkerTest {

  /** One token per run of non-space characters: boundaries can be worked out by hand. */
  private static final TokenCounter WORDS =
      text -> (int) Pattern.compile("\\S+").matcher(text).results().count();

  private static final Pattern SPACES = Pattern.compile("\\s+");

  private static Map<String, TokenCounter> counters() {
    return Map.of(
        "all-MiniLM-L6-v2 WordPiece", LocalModels.miniLmCounter(),
        "cl100k_base", TokenCounters.openAi("text-embedding-3-small"),
        "estimate", TokenCounters.estimate());
  }

  // ---------------------------------------------------------------- policy

  @Test
  void the_policy_refuses_values_out_of_range() {
    assertThrows(IllegalArgumentException.class, () -> new ChunkingPolicy(15, 0, 0));
    assertThrows(IllegalArgumentException.class, () -> new ChunkingPolicy(100, -1, 0));
    assertThrows(IllegalArgumentException.class, () -> new ChunkingPolicy(100, 50, 0));
    assertThrows(IllegalArgumentException.class, () -> new ChunkingPolicy(100, 0, -0.1));
    assertThrows(IllegalArgumentException.class, () -> new ChunkingPolicy(100, 0, 0.51));
    assertThrows(IllegalArgumentException.class, () -> new ChunkingPolicy(100, 0, Double.NaN));
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> new ChunkingPolicy(16, 8, 0));
    assertEquals(
        "overlapTokens must be at least 0 and less than half of maxTokens (16), got 8",
        e.getMessage());

    assertEquals(8, new ChunkingPolicy(16, 7, 0.5).maxPrefixTokens());
    assertEquals(150, new ChunkingPolicy(500, 100, 0.3).maxPrefixTokens());
    assertEquals(0, new ChunkingPolicy(500, 0, 0).maxPrefixTokens());
  }

  // ---------------------------------------------------------------- empty bodies

  @ParameterizedTest
  @NullSource
  @ValueSource(strings = {"", "  \n\n\t  "})
  void an_empty_body_gives_one_prefix_chunk_when_titled(String text) {
    Chunker chunker = new Chunker(WORDS, new ChunkingPolicy(32, 0, 0.5));

    assertEquals(
        List.of(new TextChunk(0, "Title\nTags: a, b", "", 4)),
        chunker.chunk("Title", List.of("Tags: a, b"), text));
    assertEquals(List.of(), chunker.chunk(null, List.of("Tags: a, b"), text));
    assertEquals(List.of(), chunker.chunk("  ", null, text));
    assertEquals(
        List.of(), new Chunker(WORDS, new ChunkingPolicy(32, 0, 0)).chunk("Title", null, text));
  }

  // ---------------------------------------------------------------- boundaries

  @Test
  void whole_sentences_are_packed_up_to_the_limit() {
    String text = sentences(7, 5); // 7 sentences of 5 words
    Chunker chunker = new Chunker(WORDS, new ChunkingPolicy(16, 0, 0));

    List<TextChunk> chunks = chunker.chunk(null, null, text);

    assertEquals(
        List.of(sentences(0, 3, 5), sentences(3, 6, 5), sentences(6, 7, 5)),
        chunks.stream().map(TextChunk::body).toList());
    assertEquals(List.of(15, 15, 5), chunks.stream().map(TextChunk::tokens).toList());
    assertEquals(List.of(0, 1, 2), chunks.stream().map(TextChunk::index).toList());
  }

  @Test
  void paragraphs_and_lines_are_boundaries_too() {
    String text = "First paragraph without a stop\n\nSecond one\n- item one\n- item two";
    Chunker chunker = new Chunker(WORDS, new ChunkingPolicy(16, 0, 0));

    List<TextChunk> chunks =
        new Chunker(WORDS, new ChunkingPolicy(16, 0, 0)).chunk(null, null, text);
    assertEquals(List.of(text), chunks.stream().map(TextChunk::body).toList());

    String longer =
        "one two three four five six seven eight\n\nnine ten eleven twelve thirteen"
            + " fourteen fifteen sixteen seventeen";
    assertEquals(
        List.of(
            "one two three four five six seven eight",
            "nine ten eleven twelve thirteen" + " fourteen fifteen sixteen seventeen"),
        chunker.chunk(null, null, longer).stream().map(TextChunk::body).toList());
  }

  @Test
  void a_sentence_bigger_than_a_chunk_is_split_at_words() {
    String sentence =
        IntStream.range(0, 50).mapToObj(i -> "w" + i).collect(Collectors.joining(" "));
    Chunker chunker = new Chunker(WORDS, new ChunkingPolicy(16, 0, 0));

    List<TextChunk> chunks = chunker.chunk(null, null, sentence + ".");

    assertEquals(List.of(16, 16, 16, 2), chunks.stream().map(TextChunk::tokens).toList());
    assertEquals(sentence + ".", String.join(" ", chunks.stream().map(TextChunk::body).toList()));
  }

  @Test
  void the_prefix_is_title_then_context_cut_at_words() {
    Chunker chunker = new Chunker(WORDS, new ChunkingPolicy(32, 0, 0.25)); // prefix: 8 words

    List<TextChunk> chunks =
        chunker.chunk(
            "Budget news",
            List.of("Tags: city, council, budget", " ", "Section: local politics and much more"),
            sentences(8, 5));

    String prefix = "Budget news\nTags: city, council, budget\nSection: local";
    for (TextChunk chunk : chunks) {
      assertTrue(chunk.text().startsWith(prefix + "\n\n"), chunk.text());
      assertEquals(prefix + "\n\n" + chunk.body(), chunk.text());
      assertTrue(chunk.tokens() <= 32);
    }
    assertEquals(
        List.of(sentences(0, 4, 5), sentences(4, 8, 5)),
        chunks.stream().map(TextChunk::body).toList());
  }

  @Test
  void a_long_title_is_cut_at_words_and_context_dropped() {
    Chunker chunker = new Chunker(WORDS, new ChunkingPolicy(20, 0, 0.2)); // prefix: 4 words

    TextChunk chunk =
        chunker.chunk("A very long title that goes on", List.of("Tags: x"), "Body text.").get(0);

    assertEquals("A very long title\n\nBody text.", chunk.text());
  }

  @Test
  void a_title_without_word_boundaries_is_cut_by_characters() {
    TokenCounter characters = String::length;
    Chunker chunker = new Chunker(characters, new ChunkingPolicy(40, 0, 0.25)); // prefix: 10

    TextChunk chunk = chunker.chunk("Donaudampfschifffahrtsgesellschaft", null, "Text").get(0);

    assertEquals("Donaudampf\n\nText", chunk.text());
  }

  // ---------------------------------------------------------------- overlap

  @Test
  void the_next_chunk_repeats_the_trailing_sentences() {
    String text = sentences(6, 5);
    Chunker chunker = new Chunker(WORDS, new ChunkingPolicy(16, 6, 0));

    List<TextChunk> chunks = chunker.chunk(null, null, text);

    assertEquals(
        List.of(sentences(0, 3, 5), sentences(2, 5, 5), sentences(4, 6, 5)),
        chunks.stream().map(TextChunk::body).toList());
  }

  @Test
  void the_overlap_takes_trailing_words_when_the_last_sentence_is_bigger() {
    String text = sentences(4, 10); // sentences of 10 words; overlap 4
    Chunker chunker = new Chunker(WORDS, new ChunkingPolicy(24, 4, 0));

    List<TextChunk> chunks = chunker.chunk(null, null, text);

    assertEquals(sentences(0, 2, 10), chunks.get(0).body());
    assertEquals("s1w6 s1w7 s1w8 s1w9. " + sentences(2, 4, 10), chunks.get(1).body());
    assertEquals(4 + 10 + 10, chunks.get(1).tokens());
  }

  @Test
  void the_overlap_never_repeats_a_whole_chunk() {
    String text = sentences(5, 5); // each chunk holds one sentence; overlap would fit one
    Chunker chunker = new Chunker(WORDS, new ChunkingPolicy(16, 7, 0));

    List<TextChunk> chunks =
        new Chunker(WORDS, new ChunkingPolicy(16, 7, 0)).chunk(null, null, text);

    for (int i = 1; i < chunks.size(); i++) {
      assertFalse(
          chunks.get(i).body().startsWith(chunks.get(i - 1).body() + " "), chunks.get(i).body());
    }
    assertEquals(chunker.chunk(null, null, text), chunks);
  }

  // ---------------------------------------------------------------- limits with real tokenizers

  @Test
  void every_chunk_fits_with_every_counter_on_random_texts() {
    Random random = new Random(20261123);
    List<String> sentences = uniqueSentences();
    for (Map.Entry<String, TokenCounter> entry : counters().entrySet()) {
      TokenCounter counter = entry.getValue();
      for (int round = 0; round < 40; round++) {
        int max = 16 + random.nextInt(300);
        ChunkingPolicy policy =
            new ChunkingPolicy(max, random.nextInt(max / 2), random.nextInt(6) / 10.0);
        String text = randomText(random, sentences);
        String title =
            random.nextBoolean() ? sentences.get(random.nextInt(sentences.size())) : null;
        List<String> context = List.of("Tags: " + sentences.get(random.nextInt(sentences.size())));

        List<TextChunk> chunks = new Chunker(counter, policy).chunk(title, context, text);

        String what = entry.getKey() + " round " + round + " " + policy;
        assertChunksFit(counter, policy, chunks, what);
        assertCovers(text, chunks, what);
        assertOverlapWithin(counter, policy, text, chunks, what);
      }
    }
  }

  @Test
  void joins_that_count_more_than_their_parts_are_shrunk() {
    // cl100k counts "\n\n" between one-word paragraphs; the parts' sum does not
    TokenCounter cl100k = TokenCounters.openAi("text-embedding-3-small");
    String text =
        IntStream.range(0, 200).mapToObj(i -> "word" + i).collect(Collectors.joining("\n\n"));
    ChunkingPolicy policy = new ChunkingPolicy(16, 0, 0);

    List<TextChunk> chunks = new Chunker(cl100k, policy).chunk(null, null, text);

    assertChunksFit(cl100k, policy, chunks, "paragraphs");
    assertCovers(text, chunks, "paragraphs");
  }

  @Test
  void a_very_long_word_is_split_by_characters() {
    String url = "https://example.org/download?blob=" + randomBase64(new Random(1), 20_000);
    String text = "See " + url + " for the file.";
    for (Map.Entry<String, TokenCounter> entry : counters().entrySet()) {
      ChunkingPolicy policy = new ChunkingPolicy(64, 8, 0.2);

      List<TextChunk> chunks = new Chunker(entry.getValue(), policy).chunk("Download", null, text);

      assertChunksFit(entry.getValue(), policy, chunks, entry.getKey());
      assertCovers(text, chunks, entry.getKey());
      assertTrue(chunks.size() > 5, entry.getKey() + ": " + chunks.size() + " chunks");
      for (TextChunk chunk : chunks) {
        assertTrue(chunk.body().length() <= 64 * Chunker.MAX_CHARS_PER_TOKEN, entry.getKey());
      }
    }
  }

  @Test
  void emoji_sequences_and_combining_marks_stay_whole_when_split_by_characters() {
    String family = "👨\u200D👩\u200D👧\u200D👦";
    String word = (family + "e\u0301").repeat(300); // é as e + combining acute
    TokenCounter codePoints = text -> (int) text.codePoints().count();

    List<TextChunk> chunks =
        new Chunker(codePoints, new ChunkingPolicy(20, 0, 0)).chunk(null, null, word);

    for (TextChunk chunk : chunks) {
      assertTrue(chunk.body().startsWith("👨"), chunk.body());
      assertTrue(chunk.body().endsWith("\u0301") || chunk.body().endsWith("👦"), chunk.body());
    }
    assertEquals(word, chunks.stream().map(TextChunk::body).collect(Collectors.joining()));
  }

  @ParameterizedTest
  @ValueSource(strings = {"ja", "zh", "zh-tw", "ko", "ar", "ru", "th", "hi", "el", "emoji", "code"})
  void non_latin_and_unpunctuated_texts_fit_and_are_covered(String sample) {
    String text = TextSamples.text(sample);
    for (Map.Entry<String, TokenCounter> entry : counters().entrySet()) {
      ChunkingPolicy policy = new ChunkingPolicy(24, 6, 0.25);

      List<TextChunk> chunks = new Chunker(entry.getValue(), policy).chunk("見出し Title", null, text);

      String what = sample + " with " + entry.getKey();
      assertChunksFit(entry.getValue(), policy, chunks, what);
      assertCovers(text, chunks, what);
      assertOverlapWithin(entry.getValue(), policy, text, chunks, what);
    }
  }

  @Test
  void thai_is_split_between_words() {
    String text = TextSamples.text("th").strip();
    BreakIterator words = BreakIterator.getWordInstance(Locale.forLanguageTag("th"));
    words.setText(text);

    List<TextChunk> chunks =
        new Chunker(TokenCounters.estimate(), new ChunkingPolicy(20, 0, 0)).chunk(null, null, text);

    assertTrue(chunks.size() > 10);
    int from = 0;
    for (TextChunk chunk : chunks) {
      int start = text.indexOf(chunk.body(), from);
      int end = start + chunk.body().length();
      assertTrue(words.isBoundary(start) && words.isBoundary(end), chunk.body());
      from = end;
    }
  }

  @Test
  void the_same_input_gives_the_same_chunks() {
    String text = TextSamples.all();
    TokenCounter counter = LocalModels.miniLmCounter();
    ChunkingPolicy policy = new ChunkingPolicy(120, 20, 0.3);

    List<TextChunk> first = new Chunker(counter, policy).chunk("Title", List.of("Tags: a"), text);
    List<TextChunk> second = new Chunker(counter, policy).chunk("Title", List.of("Tags: a"), text);

    assertEquals(first, second);
    assertTrue(first.size() > 20);
  }

  @Test
  void a_counter_that_cannot_fit_one_character_is_reported() {
    TokenCounter hopeless = text -> text.isEmpty() ? 0 : 1_000;

    IllegalStateException e =
        assertThrows(
            IllegalStateException.class,
            () -> new Chunker(hopeless, new ChunkingPolicy(16, 0, 0)).chunk("T", null, "text"));
    assertTrue(e.getMessage().contains("in one character"), e.getMessage());
  }

  @Test
  void two_megabytes_are_chunked_in_linear_time() {
    StringBuilder big = new StringBuilder();
    String all = TextSamples.all();
    while (big.length() < 2_000_000) {
      big.append(all);
    }
    String text = big.toString();
    ChunkingPolicy policy = new ChunkingPolicy(500, 100, 0.3);

    for (Map.Entry<String, TokenCounter> entry : counters().entrySet()) {
      long started = System.nanoTime();
      List<TextChunk> chunks = new Chunker(entry.getValue(), policy).chunk("Title", null, text);
      double seconds = (System.nanoTime() - started) / 1e9;

      System.out.printf(
          "Chunker with %s: %.1f MB of text in %.2f s, %d chunks%n",
          entry.getKey(), text.length() / 1e6, seconds, chunks.size());
      assertTrue(seconds < 120, entry.getKey() + " took " + seconds + " s");
    }
  }

  // ---------------------------------------------------------------- assertions

  private static void assertChunksFit(
      TokenCounter counter, ChunkingPolicy policy, List<TextChunk> chunks, String what) {
    for (int i = 0; i < chunks.size(); i++) {
      TextChunk chunk = chunks.get(i);
      assertEquals(i, chunk.index(), what);
      assertEquals(counter.count(chunk.text()), chunk.tokens(), what);
      assertTrue(
          chunk.tokens() <= policy.maxTokens(),
          what + ": chunk " + i + " has " + chunk.tokens() + " tokens");
      assertFalse(chunk.body().isBlank(), what);
      assertTrue(
          chunk.text().equals(chunk.body()) || chunk.text().endsWith("\n\n" + chunk.body()), what);
    }
  }

  /**
   * Chunk bodies are stretches of the text, in order, each starting after the previous one's start
   * and no later than the first non-space after its end, so together they hold every non-space.
   */
  private static void assertCovers(String text, List<TextChunk> chunks, String what) {
    starts(text, chunks, what);
  }

  /** What a chunk repeats from the previous one counts at most {@code overlapTokens}. */
  private static void assertOverlapWithin(
      TokenCounter counter,
      ChunkingPolicy policy,
      String text,
      List<TextChunk> chunks,
      String what) {
    int[] starts = starts(text, chunks, what);
    for (int i = 1; i < chunks.size(); i++) {
      int previousEnd = starts[i - 1] + chunks.get(i - 1).body().length();
      if (previousEnd > starts[i]) {
        String repeated = text.substring(starts[i], previousEnd);
        assertTrue(
            counter.count(repeated) <= policy.overlapTokens(),
            what + ": overlap of " + counter.count(repeated) + " tokens: " + repeated);
      }
    }
  }

  /** Where each chunk's body is in the text (see {@link #assertCovers}). */
  private static int[] starts(String text, List<TextChunk> chunks, String what) {
    int[] starts = new int[chunks.size()];
    int previousStart = -1;
    int next = nonSpace(text, 0); // the latest a chunk may start without losing text
    for (int i = 0; i < chunks.size(); i++) {
      String body = chunks.get(i).body();
      int start = text.lastIndexOf(body, next);
      assertTrue(
          start > previousStart && text.startsWith(body, start),
          what + ": text lost or out of order before chunk " + i + ": " + body);
      starts[i] = start;
      previousStart = start;
      next = nonSpace(text, start + body.length());
    }
    assertEquals(text.length(), next, what + ": text lost at the end");
    return starts;
  }

  private static int nonSpace(String text, int from) {
    int i = from;
    while (i < text.length() && Character.isWhitespace(text.charAt(i))) {
      i++;
    }
    return i;
  }

  // ---------------------------------------------------------------- texts

  /** Sentences {@code from} to {@code to} of {@code words} words each, e.g. "s0w0 s0w1 s0w2." */
  private static String sentences(int from, int to, int words) {
    return IntStream.range(from, to)
        .mapToObj(
            s ->
                IntStream.range(0, words)
                        .mapToObj(w -> (w == 0 ? "S" : "s") + s + "w" + w)
                        .collect(Collectors.joining(" "))
                    + ".")
        .collect(Collectors.joining(" "));
  }

  private static String sentences(int count, int words) {
    return sentences(0, count, words);
  }

  /** Sample sentences, each made unique by a number, so chunks can be located in the text. */
  private static List<String> uniqueSentences() {
    List<String> sentences = new ArrayList<>();
    BreakIterator iterator = BreakIterator.getSentenceInstance(Locale.ROOT);
    for (String name : TextSamples.NAMES) {
      String text = SPACES.matcher(TextSamples.text(name)).replaceAll(" ").strip();
      iterator.setText(text);
      int start = iterator.first();
      for (int end = iterator.next();
          end != BreakIterator.DONE;
          start = end, end = iterator.next()) {
        sentences.add("[" + sentences.size() + "] " + text.substring(start, end).strip());
      }
    }
    return sentences;
  }

  /** Paragraphs of random sentences, sometimes with a list, a huge word or a no-stop run. */
  private static String randomText(Random random, List<String> sentences) {
    StringBuilder text = new StringBuilder();
    int paragraphs = 1 + random.nextInt(8);
    for (int p = 0; p < paragraphs; p++) {
      int kind = random.nextInt(10);
      if (kind == 0) {
        text.append("- item ").append(p).append(" one\n- item two\n- item three");
      } else if (kind == 1) {
        text.append("blob")
            .append(p)
            .append(' ')
            .append(randomBase64(random, 500 + random.nextInt(3000)));
      } else if (kind == 2) {
        for (int w = 0; w < 300; w++) {
          text.append("word").append(p).append('x').append(w).append(' ');
        }
      } else {
        int count = 1 + random.nextInt(12);
        for (int s = 0; s < count; s++) {
          text.append(sentences.get(random.nextInt(sentences.size()))).append(' ');
        }
      }
      text.append("\n\n");
    }
    return text.toString();
  }

  private static String randomBase64(Random random, int length) {
    String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    StringBuilder blob = new StringBuilder(length);
    for (int i = 0; i < length; i++) {
      blob.append(alphabet.charAt(random.nextInt(alphabet.length())));
    }
    return blob.toString();
  }
}
