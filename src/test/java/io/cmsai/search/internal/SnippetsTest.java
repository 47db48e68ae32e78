package io.cmsai.search.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** Extracts around the query's words: marking, escaping, the window and its word boundaries. */
class SnippetsTest {

  private static final Pattern MARK = Pattern.compile("<mark>(.*?)</mark>");

  /** The text a reader sees: marks removed, entities decoded, ellipses kept. */
  private static String visible(String html) {
    return html.replace("<mark>", "")
        .replace("</mark>", "")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&amp;", "&");
  }

  private static List<String> marked(String html) {
    List<String> words = new ArrayList<>();
    Matcher m = MARK.matcher(html);
    while (m.find()) {
      words.add(m.group(1));
    }
    return words;
  }

  // ---------------------------------------------------------------- marking

  @Test
  void query_words_are_marked_whatever_their_case() {
    assertEquals(
        "The <mark>Library</mark> opens at nine; <mark>LIBRARY</mark> cards are free.",
        Snippets.extract("The Library opens at nine; LIBRARY cards are free.", "library", 240));
    assertEquals(
        "The <mark>Library</mark> opens at nine.",
        Snippets.extract("The Library opens at nine.", "LiBrArY", 240));
  }

  @Test
  void english_stop_words_of_the_query_are_not_marked() {
    assertEquals(
        "The <mark>cat</mark> and the <mark>dog</mark> are in the garden.",
        Snippets.extract("The cat and the dog are in the garden.", "the cat and the dog", 240));
  }

  @Test
  void words_are_compared_unstemmed_so_other_forms_are_not_marked() {
    assertEquals(
        "Town libraries and one <mark>library</mark>",
        Snippets.extract("Town libraries and one library", "library", 240));
  }

  @Test
  void a_query_of_stop_words_or_punctuation_marks_nothing() {
    String text = "The cat is on the mat.";

    assertEquals(text, Snippets.extract(text, "the is on", 240));
    assertEquals(text, Snippets.extract(text, "?!  ...", 240));
  }

  // ---------------------------------------------------------------- escaping

  @Test
  void the_text_is_escaped_and_marks_wrap_the_escaped_word() {
    assertEquals(
        "Use &lt;<mark>script</mark>&gt;alert(&#39;x&#39;)&lt;/<mark>script</mark>&gt;"
            + " &amp; &quot;more&quot;",
        Snippets.extract("Use <script>alert('x')</script> & \"more\"", "script", 240));
  }

  @Test
  void entity_names_are_never_marked_inside_an_entity() {
    String html =
        Snippets.extract("Fish & chips < 5 euros > \"cheap\" isn't it", "amp lt gt quot 39", 240);

    assertEquals("Fish &amp; chips &lt; 5 euros &gt; &quot;cheap&quot; isn&#39;t it", html);
  }

  @Test
  void a_word_next_to_an_escaped_character_is_marked_outside_the_entity() {
    assertEquals(
        "AT&amp;<mark>T</mark> &lt;<mark>b</mark>&gt;", Snippets.extract("AT&T <b>", "t b", 240));
  }

  // ---------------------------------------------------------------- the window

  @Test
  void a_short_text_is_returned_whole_without_ellipses() {
    assertEquals(
        "one <mark>two</mark> three", Snippets.extract("  one\n\n two\t three  ", "two", 240));
  }

  @Test
  void without_a_hit_the_extract_is_the_start_of_the_text_cut_at_a_word() {
    String text = "one two three four five six seven eight nine ten eleven twelve";

    assertEquals("one two three four five six …", Snippets.extract(text, "zebra", 30));
  }

  @Test
  void the_window_is_around_a_hit_far_into_the_text() {
    String text = "alpha ".repeat(60) + "library" + " omega".repeat(60);

    String html = Snippets.extract(text, "library", 240);

    assertTrue(
        html.matches("… (alpha )+<mark>library</mark>( omega)+ …"), "whole words around: " + html);
    int before = html.indexOf("<mark>") - 2;
    assertTrue(before >= 240 / 5 - 12 && before <= 240 / 5, "context before the hit: " + before);
    assertTrue(visible(html).length() - 4 <= 240, html);
  }

  @Test
  void the_window_holds_the_most_hits_rather_than_the_first() {
    String text =
        "library "
            + "alpha ".repeat(80)
            + "library hours, library card, library fees"
            + " omega".repeat(80);

    String html = Snippets.extract(text, "library", 240);

    assertEquals(List.of("library", "library", "library"), marked(html));
    assertTrue(html.startsWith("… alpha"), html);
    assertTrue(html.contains("<mark>library</mark> hours, <mark>library</mark> card, "), html);
  }

  @Test
  void the_window_near_the_end_is_pulled_back_to_use_the_full_length() {
    String text = "alpha ".repeat(80) + "library";

    String html = Snippets.extract(text, "library", 100);

    assertTrue(html.matches("… (alpha )+<mark>library</mark>"), html);
    assertTrue(visible(html).length() - 2 >= 100 - 12, "not much shorter than asked: " + html);
  }

  @Test
  void extracts_keep_whole_words_stay_within_the_length_and_mark_the_best_hit() {
    String[] words = {
      "harbour",
      "museum",
      "opens",
      "daily",
      "tickets",
      "cost",
      "nothing",
      "children",
      "sundays",
      "exhibitions",
      "change",
      "every",
      "season",
      "guided",
      "tours",
      "start",
      "the",
      "on",
      "at"
    };
    int contentWords = words.length - 3; // the last three are stop words, never marked
    Random random = new Random(42);
    for (int round = 0; round < 300; round++) {
      List<String> picked = new ArrayList<>();
      int count = 5 + random.nextInt(120);
      for (int i = 0; i < count; i++) {
        picked.add(words[random.nextInt(words.length)]);
      }
      String body = String.join(" ", picked);
      String query = words[random.nextInt(contentWords)];
      int length = 60 + random.nextInt(200);

      String html = Snippets.extract(body, query, length);

      String shown = visible(html);
      boolean head = shown.startsWith("… ");
      boolean tail = shown.endsWith(" …");
      String inner = shown.substring(head ? 2 : 0, shown.length() - (tail ? 2 : 0));
      String where = "round " + round + ", query " + query + ", length " + length + ": " + html;
      assertTrue(
          body.contains((head ? " " : "") + inner + (tail ? " " : "")),
          "whole words, contiguous: " + where);
      assertEquals(head, !body.startsWith(inner), "leading ellipsis iff cut: " + where);
      assertEquals(tail, !body.endsWith(inner), "trailing ellipsis iff cut: " + where);
      assertTrue(inner.length() <= length, "within the length: " + where);
      assertEquals(picked.contains(query), !marked(html).isEmpty(), "hit in the window: " + where);
      for (String mark : marked(html)) {
        assertEquals(query, mark, where);
      }
    }
  }

  @Test
  void a_length_shorter_than_the_words_around_the_hit_still_gives_an_extract() {
    String html = Snippets.extract("ab internationalisation is hard", "internationalisation", 10);

    assertTrue(html.startsWith("… "), html);
    assertTrue(html.endsWith(" …"), html);
    assertTrue(visible(html).length() - 4 <= 10, html);
    assertFalse(visible(html).isBlank(), html);
  }

  // ---------------------------------------------------------------- scripts

  @Test
  void japanese_words_are_marked_by_unicode_word_breaks() {
    assertEquals("新しい<mark>コンピュータ</mark>を買った。", Snippets.extract("新しいコンピュータを買った。", "コンピュータ", 240));
    // ideographs are single-character words to the standard analyzer
    assertEquals(
        "東京の<mark>図</mark><mark>書</mark><mark>館</mark>は月曜日に休みです。",
        Snippets.extract("東京の図書館は月曜日に休みです。", "図書館", 240));
  }

  @Test
  void a_long_japanese_text_without_spaces_is_cut_within_the_length() {
    String text = "あいうえお".repeat(100) + "コンピュータ" + "かきくけこ".repeat(100);

    String html = Snippets.extract(text, "コンピュータ", 60);

    assertTrue(html.startsWith("… "), html);
    assertTrue(html.endsWith(" …"), html);
    assertEquals(List.of("コンピュータ"), marked(html));
    assertEquals(60 + 4, visible(html).length(), html);
  }

  @Test
  void a_window_edge_never_splits_a_character_outside_the_basic_plane() {
    // 𠮷 (U+20BB7) is two UTF-16 chars; without spaces the window is cut anywhere
    String text = "𠮷野家".repeat(100) + "コンピュータ" + "𠮷野家".repeat(100);
    for (int length = 40; length < 80; length++) {
      String html = Snippets.extract(text, "コンピュータ", length);

      String shown = visible(html);
      String inner = shown.substring(2, shown.length() - 2);
      assertTrue(text.contains(inner), "length " + length + ": " + html);
      assertTrue(
          inner
              .codePoints()
              .noneMatch(c -> c >= Character.MIN_SURROGATE && c <= Character.MAX_SURROGATE),
          "a lone surrogate, length " + length + ": " + html);
      assertTrue(inner.length() <= length, html);
    }
  }

  @Test
  void german_umlauts_match_in_either_case() {
    assertEquals(
        "<mark>Öffnungszeiten</mark> der <mark>Bücherei</mark>: Montag geschlossen",
        Snippets.extract(
            "Öffnungszeiten der Bücherei: Montag geschlossen", "BÜCHEREI öffnungszeiten", 240));
  }

  // ---------------------------------------------------------------- empty input

  @Test
  void an_empty_or_blank_text_gives_an_empty_extract() {
    assertEquals("", Snippets.extract("", "library", 240));
    assertEquals("", Snippets.extract(" \n\t ", "library", 240));
  }

  @Test
  void an_empty_query_gives_the_start_of_the_text_unmarked() {
    assertEquals("a &lt;b&gt; c", Snippets.extract("a <b> c", "", 240));
    assertEquals("one two three …", Snippets.extract("one two three four five", "  ", 14));
  }
}
