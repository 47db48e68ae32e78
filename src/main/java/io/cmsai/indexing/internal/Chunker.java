package io.cmsai.indexing.internal;

import io.cmsai.embeddings.TokenCounter;
import java.text.BreakIterator;
import java.text.StringCharacterIterator;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Cuts an item's text into chunks that each fit an embedding model's input, the way Drupal AI
 * Search does: every chunk is a prefix (the title, then context lines such as {@code "Tags: a, b"})
 * and a blank line, followed by a slice of the body.
 *
 * <p><b>Boundaries.</b> The body is split into paragraphs (at blank lines), lines, then sentences
 * ({@link BreakIterator}: it does not split "Mr. Smith" correctly, and finds no sentence end in
 * Thai or in text without punctuation, which then goes by words). Whole sentences are packed while
 * the chunk stays within {@code maxTokens}. A sentence too big for a chunk is split at word
 * boundaries (Thai words by the JDK's dictionary; Chinese has none, so a clause counts as a word),
 * and a word too big (a long URL, a base64 blob) at character boundaries, never inside a surrogate
 * pair and, where possible, not before a combining mark or around a zero-width joiner. The next
 * chunk starts with the trailing sentences of the previous one (or its trailing words, when the
 * last sentence alone is bigger), at most {@code overlapTokens}, never the whole previous chunk.
 *
 * <p><b>Limit.</b> Sentences and words are counted once and their counts added up; a join can count
 * a little differently from the sum of its parts (a BPE tokenizer merges a space into the next
 * word), so every chunk's final text is counted again and shrunk until {@link TextChunk#tokens()} ≤
 * {@code maxTokens}: the limit holds exactly for the counter given. A chunk is also at most {@value
 * #MAX_CHARS_PER_TOKEN} characters per token of {@code maxTokens} long, so that a huge blob a
 * tokenizer counts as one unknown token (WordPiece does so above 100 characters) still ends up in
 * chunks of a sensible size.
 *
 * <p><b>Determinism.</b> The same input, counter and policy give the same chunks (the indexer
 * hashes them to skip unchanged ones). Cost: linear in the text, which is counted two to three
 * times (sentences, chunks, overlaps); measured on a busy 2-core machine with 500-token chunks, per
 * MB of text: 0.1–0.35 s with the estimate, 0.3–1 s with cl100k_base, 2–4 s with all-MiniLM's
 * tokenizer (DJL's per-call overhead).
 *
 * <p>Immutable and thread-safe: each call has its own break iterators.
 */
public final class Chunker {

  /** The longest a chunk's body may be, in characters per token of {@code maxTokens}. */
  public static final int MAX_CHARS_PER_TOKEN = 32;

  private static final String PREFIX_SEPARATOR = "\n\n";
  private static final Pattern PARAGRAPH_BREAK = Pattern.compile("\\n[ \\t\\x0B\\f\\r]*\\n\\s*");
  private static final Pattern SPACES = Pattern.compile("\\s+");
  private static final Locale WORDS = Locale.forLanguageTag("th"); // dictionary for Thai words

  private final TokenCounter counter;
  private final ChunkingPolicy policy;
  private final int maxChars;

  /**
   * @param counter the embedding model's token counter
   * @param policy the chunk size, overlap and prefix share
   */
  public Chunker(TokenCounter counter, ChunkingPolicy policy) {
    this.counter = Objects.requireNonNull(counter, "counter");
    this.policy = Objects.requireNonNull(policy, "policy");
    this.maxChars = policy.maxTokens() * MAX_CHARS_PER_TOKEN;
  }

  /**
   * Chunks of one item; the prefix is the title then the context lines (e.g. "Tags: a, b"), cut to
   * at most contextShare x maxTokens (title first, then context, truncated at word boundaries);
   * empty text -> one chunk with the prefix only when the title is non-blank (and the policy leaves
   * room for a prefix), else none.
   *
   * @param title the item's title, or {@code null}
   * @param context context lines, most important first, or {@code null}; blank ones are skipped and
   *     white space within a line becomes single spaces
   * @param text the item's plain text (see {@link HtmlText}), or {@code null}
   * @return the chunks, indexed from 0
   * @throws IllegalStateException only for a counter that finds more tokens in one character than a
   *     chunk has room for
   */
  public List<TextChunk> chunk(String title, List<String> context, String text) {
    String prefix = prefix(title, context);
    String body = text == null ? "" : text;
    int budget = policy.maxTokens() - (prefix.isEmpty() ? 0 : count(prefix + PREFIX_SEPARATOR));
    List<Span> units = new Segmenter(body, budget).units();
    if (units.isEmpty()) {
      boolean titled = title != null && !title.isBlank();
      return titled && !prefix.isEmpty()
          ? List.of(new TextChunk(0, prefix, "", count(prefix)))
          : List.of();
    }
    return new Packer(body, prefix, budget, units).chunks();
  }

  private int count(String text) {
    return counter.count(text);
  }

  // ---------------------------------------------------------------- prefix

  /** The title, then the context lines, one per line, cut to the prefix budget. */
  private String prefix(String title, List<String> context) {
    int budget = policy.maxPrefixTokens();
    List<String> lines = new ArrayList<>();
    addLine(lines, title, budget);
    if (context != null) {
      context.forEach(line -> addLine(lines, line, budget));
    }
    String prefix = "";
    for (String line : lines) {
      String joined = prefix.isEmpty() ? line : prefix + "\n" + line;
      if (count(joined) <= budget) {
        prefix = joined;
        continue;
      }
      String head = prefix.isEmpty() ? "" : prefix + "\n";
      int end = longestFit(line, head, budget);
      if (end > 0) {
        prefix = head + line.substring(0, end).strip();
      }
      break;
    }
    return prefix;
  }

  private void addLine(List<String> lines, String line, int budget) {
    if (line == null || line.isBlank()) {
      return;
    }
    String single = SPACES.matcher(line.strip()).replaceAll(" ");
    int longest = Math.max(1, budget) * MAX_CHARS_PER_TOKEN;
    lines.add(single.length() > longest ? single.substring(0, safeEnd(single, longest)) : single);
  }

  /**
   * The largest end of {@code line}, at a word end if any fits, else at a character boundary, such
   * that {@code head + line[0, end)} counts at most {@code budget} tokens; 0 when nothing fits.
   */
  private int longestFit(String line, String head, int budget) {
    int[] words = wordEnds(line, 0, line.length());
    int end = longestFit(line, 0, words, head, budget);
    return end > 0 ? end : longestFitByCharacters(line, 0, line.length(), head, budget);
  }

  /**
   * The largest of {@code ends} such that {@code head + text[from, end)} (stripped) counts at most
   * {@code budget} tokens; {@code from} when none does. Binary search: counts need not grow with
   * the length (BPE), but the end returned always fits.
   */
  private int longestFit(String text, int from, int[] ends, String head, int budget) {
    int lo = -1;
    int hi = ends.length;
    while (hi - lo > 1) {
      int mid = (lo + hi) >>> 1;
      if (count(head + text.substring(from, ends[mid]).strip()) <= budget) {
        lo = mid;
      } else {
        hi = mid;
      }
    }
    return lo < 0 ? from : ends[lo];
  }

  // ---------------------------------------------------------------- words and characters

  /** The ends of the non-blank word segments in {@code text[from, to)}. */
  private static int[] wordEnds(String text, int from, int to) {
    List<Integer> ends = new ArrayList<>();
    forEachWord(text, from, to, (start, end) -> ends.add(end));
    return ends.stream().mapToInt(Integer::intValue).toArray();
  }

  /**
   * Calls {@code action} with each non-blank word segment of {@code text[from, to)}, in order;
   * segments joined by a zero-width joiner, variation selector or combining mark are one.
   */
  private static void forEachWord(String text, int from, int to, WordAction action) {
    BreakIterator words = BreakIterator.getWordInstance(WORDS);
    words.setText(new StringCharacterIterator(text, from, to, from));
    int start = words.first();
    for (int end = words.next(); end != BreakIterator.DONE; end = words.next()) {
      if (end < to && !splittable(text, end)) {
        continue; // the JDK splits emoji joined by ZWJ: keep them one word
      }
      if (!isBlank(text, start, end)) {
        action.accept(start, end);
      }
      start = end;
    }
  }

  @FunctionalInterface
  private interface WordAction {
    void accept(int start, int end);
  }

  /**
   * Like {@link #longestFit(String, int, int[], String, int)} over character boundaries: first
   * those that keep combining marks, variation selectors and joined emoji with their base, then,
   * when none of those fits, any code point boundary.
   */
  private int longestFitByCharacters(String text, int from, int to, String head, int budget) {
    int end = longestFit(text, from, characterEnds(text, from, to, true), head, budget);
    return end > from
        ? end
        : longestFit(text, from, characterEnds(text, from, to, false), head, budget);
  }

  /** Code point boundaries in {@code (from, to]}; only those {@link #splittable} if gentle. */
  private static int[] characterEnds(String text, int from, int to, boolean gentle) {
    List<Integer> ends = new ArrayList<>();
    int i = from;
    while (i < to) {
      i += Character.charCount(text.codePointAt(i));
      if (!gentle || i >= text.length() || splittable(text, i)) {
        ends.add(i);
      }
    }
    return ends.stream().mapToInt(Integer::intValue).toArray();
  }

  /** Whether a split before index {@code i} leaves marks and joined emoji whole. */
  private static boolean splittable(String text, int i) {
    int next = text.codePointAt(i);
    int type = Character.getType(next);
    boolean joins =
        type == Character.NON_SPACING_MARK
            || type == Character.COMBINING_SPACING_MARK
            || type == Character.ENCLOSING_MARK
            || next == 0x200D
            || (next >= 0xFE00 && next <= 0xFE0F)
            || (next >= 0x1F3FB && next <= 0x1F3FF);
    return !joins && text.codePointBefore(i) != 0x200D;
  }

  /** {@code end}, or one less when it would cut a surrogate pair. */
  private static int safeEnd(String text, int end) {
    return end < text.length() && Character.isLowSurrogate(text.charAt(end)) ? end - 1 : end;
  }

  private static boolean isBlank(String text, int from, int to) {
    for (int i = from; i < to; i++) {
      if (!Character.isWhitespace(text.charAt(i))) {
        return false;
      }
    }
    return true;
  }

  // ---------------------------------------------------------------- units

  /** A stretch {@code [start, end)} of the body, without surrounding white space. */
  private record Span(int start, int end, int tokens) {

    int length() {
      return end - start;
    }
  }

  /** {@code body[from, to)} without surrounding white space, counted; {@code null} when blank. */
  private Span span(String body, int from, int to) {
    int start = from;
    int end = to;
    while (start < end && Character.isWhitespace(body.charAt(start))) {
      start++;
    }
    while (end > start && Character.isWhitespace(body.charAt(end - 1))) {
      end--;
    }
    return start == end ? null : new Span(start, end, count(body.substring(start, end)));
  }

  /**
   * Pieces of {@code span}, each at most {@code limit} tokens (exactly counted) and {@code
   * maxChars} characters: as many whole words as fit, or parts of a word too big on its own.
   */
  private List<Span> split(String body, Span span, int limit) {
    Pieces pieces = new Pieces(body, limit);
    forEachWord(body, span.start(), span.end(), pieces::word);
    return pieces.finish();
  }

  /** Packs words into pieces for {@link #split}. */
  private final class Pieces {

    private final String body;
    private final int limit;
    private final List<Span> done = new ArrayList<>();
    private int start = -1; // of the open piece, -1 for none
    private int end;
    private int tokens; // the words' summed counts

    Pieces(String body, int limit) {
      this.body = body;
      this.limit = limit;
    }

    void word(int wordStart, int wordEnd) {
      int wordTokens = count(body.substring(wordStart, wordEnd));
      if (wordTokens > limit || wordEnd - wordStart > maxChars) {
        // cut by characters from the open piece on, so that no scrap is left on its own; the
        // last part stays open for the next words
        List<Span> parts = splitWord(body, start >= 0 ? start : wordStart, wordEnd, limit);
        Span last = parts.remove(parts.size() - 1);
        done.addAll(parts);
        start = last.start();
        end = last.end();
        tokens = last.tokens();
        return;
      }
      if (start >= 0 && (tokens + wordTokens > limit || wordEnd - start > maxChars)) {
        close();
      }
      if (start < 0) {
        start = wordStart;
        tokens = 0;
      }
      end = wordEnd;
      tokens += wordTokens;
    }

    List<Span> finish() {
      if (start >= 0) {
        close();
      }
      return done;
    }

    /** Adds the open piece, or its pieces when its exact count exceeds the words' sum. */
    private void close() {
      Span piece = span(body, start, end);
      start = -1;
      if (piece.tokens() <= limit) {
        done.add(piece);
      } else {
        int tighter = limit - (piece.tokens() - limit);
        if (tighter < 1) {
          throw tooManyTokens(limit);
        }
        done.addAll(split(body, piece, tighter));
      }
    }
  }

  /** Pieces of {@code body[from, to)} (at least one), cut at character boundaries. */
  private List<Span> splitWord(String body, int from, int to, int limit) {
    List<Span> pieces = new ArrayList<>();
    int start = from;
    while (start < to) {
      int window = Math.min(to, safeEnd(body, start + maxChars));
      int end = longestFitByCharacters(body, start, window, "", limit);
      if (end <= start) {
        throw tooManyTokens(limit);
      }
      Span piece = span(body, start, end);
      if (piece != null) {
        pieces.add(piece);
      }
      start = end;
    }
    return pieces;
  }

  private static IllegalStateException tooManyTokens(int limit) {
    return new IllegalStateException(
        "the token counter finds more than " + limit + " tokens in one character");
  }

  /** Splits the body into units (sentences, or pieces of them) that each fit a chunk. */
  private final class Segmenter {

    private final String body;
    private final int budget;
    private final BreakIterator sentences = BreakIterator.getSentenceInstance(Locale.ROOT);
    private final List<Span> units = new ArrayList<>();

    Segmenter(String body, int budget) {
      this.body = body;
      this.budget = budget;
    }

    List<Span> units() {
      Matcher breaks = PARAGRAPH_BREAK.matcher(body);
      int start = 0;
      while (breaks.find()) {
        lines(start, breaks.start());
        start = breaks.end();
      }
      lines(start, body.length());
      return units;
    }

    private void lines(int from, int to) {
      int start = from;
      for (int i = from; i < to; i++) {
        if (body.charAt(i) == '\n') {
          sentences(start, i);
          start = i + 1;
        }
      }
      sentences(start, to);
    }

    private void sentences(int from, int to) {
      if (from >= to) {
        return;
      }
      sentences.setText(new StringCharacterIterator(body, from, to, from));
      int start = sentences.first();
      for (int end = sentences.next();
          end != BreakIterator.DONE;
          start = end, end = sentences.next()) {
        Span sentence = span(body, start, end);
        if (sentence == null) {
          continue;
        }
        if (sentence.tokens() <= budget && sentence.length() <= maxChars) {
          units.add(sentence);
        } else {
          units.addAll(split(body, sentence, budget));
        }
      }
    }
  }

  // ---------------------------------------------------------------- chunks

  /** Packs units into chunks, with overlap, and checks every chunk's exact count. */
  private final class Packer {

    private final String body;
    private final String prefix;
    private final int budget;
    private final List<Span> units;
    private final List<TextChunk> chunks = new ArrayList<>();

    Packer(String body, String prefix, int budget, List<Span> units) {
      this.body = body;
      this.prefix = prefix;
      this.budget = budget;
      this.units = new ArrayList<>(units);
    }

    List<TextChunk> chunks() {
      int next = 0;
      Span overlap = null;
      while (next < units.size()) {
        int end = emit(overlap, next, pack(overlap, next));
        if (end < 0) {
          overlap = null; // it fits only without the overlap
          continue;
        }
        int chunkStart = overlap == null ? units.get(next).start() : overlap.start();
        next = end;
        overlap = next < units.size() ? overlap(next, chunkStart) : null;
      }
      return chunks;
    }

    /** The index after the last unit from {@code next} that fits by the counts' sum. */
    private int pack(Span overlap, int next) {
      int start = overlap == null ? units.get(next).start() : overlap.start();
      int tokens = overlap == null ? 0 : overlap.tokens();
      int end = next;
      while (end < units.size()
          && tokens + units.get(end).tokens() <= budget
          && units.get(end).end() - start <= maxChars) {
        tokens += units.get(end).tokens();
        end++;
      }
      return Math.max(end, next + 1);
    }

    /**
     * Adds the chunk of the overlap and {@code units[next, end)}, shrunk until its exact count
     * fits.
     *
     * @return the index after the chunk's last unit; -1 when only dropping the overlap can make it
     *     fit
     */
    private int emit(Span overlap, int next, int end) {
      int last = end;
      while (true) {
        int start = overlap == null ? units.get(next).start() : overlap.start();
        String slice = body.substring(start, units.get(last - 1).end());
        String text = prefix.isEmpty() ? slice : prefix + PREFIX_SEPARATOR + slice;
        int tokens = count(text);
        if (tokens <= policy.maxTokens() && slice.length() <= maxChars) {
          chunks.add(new TextChunk(chunks.size(), text, slice, tokens));
          return last;
        }
        if (last - 1 > next) {
          last--;
        } else if (overlap != null) {
          return -1;
        } else {
          resplit(next, tokens - policy.maxTokens());
          last = next + 1;
        }
      }
    }

    /** Replaces {@code units[index]} by smaller pieces: it fits alone, but not with the prefix. */
    private void resplit(int index, int excess) {
      Span unit = units.get(index);
      int limit = Math.min(unit.tokens(), budget) - Math.max(1, excess);
      if (limit < 1) {
        throw new IllegalStateException(
            "a single character does not fit a chunk of "
                + policy.maxTokens()
                + " tokens with its prefix");
      }
      units.remove(index);
      units.addAll(index, split(body, unit, limit));
    }

    /**
     * The next chunk's overlap: the trailing units before {@code next} (or the trailing words of
     * the last one, when it alone is too big), at most the overlap budget, leaving room for {@code
     * units[next]}, and starting after {@code chunkStart} so that no chunk is repeated whole;
     * {@code null} for none.
     */
    private Span overlap(int next, int chunkStart) {
      int limit = Math.min(policy.overlapTokens(), budget - units.get(next).tokens());
      if (limit <= 0) {
        return null;
      }
      int sum = 0;
      int start = next;
      while (start > 0
          && units.get(start - 1).start() > chunkStart
          && sum + units.get(start - 1).tokens() <= limit) {
        sum += units.get(start - 1).tokens();
        start--;
      }
      for (; start < next; start++) { // the sum fits; make sure the exact count does too
        Span whole = span(body, units.get(start).start(), units.get(next - 1).end());
        if (whole.tokens() <= limit) {
          return whole;
        }
      }
      return trailingWords(units.get(next - 1), chunkStart + 1, limit);
    }

    /**
     * The longest run of whole words at the end of {@code unit}, starting at or after {@code from},
     * within {@code limit} tokens; {@code null} when not even the last word fits.
     */
    private Span trailingWords(Span unit, int from, int limit) {
      List<Integer> found = new ArrayList<>();
      forEachWord(
          body,
          unit.start(),
          unit.end(),
          (start, end) -> {
            if (start >= from) {
              found.add(start);
            }
          });
      int best = -1;
      int lo = 0;
      int hi = found.size() - 1;
      while (lo <= hi) { // starts ascend: the earliest start that fits is the longest tail
        int mid = (lo + hi) >>> 1;
        if (count(body.substring(found.get(mid), unit.end())) <= limit) {
          best = mid;
          hi = mid - 1;
        } else {
          lo = mid + 1;
        }
      }
      if (best < 0) {
        return null;
      }
      int start = found.get(best);
      return new Span(start, unit.end(), count(body.substring(start, unit.end())));
    }
  }
}
