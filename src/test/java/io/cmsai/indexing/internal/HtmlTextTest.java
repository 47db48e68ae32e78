package io.cmsai.indexing.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cmsai.testing.TextSamples;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

class HtmlTextTest {

  @ParameterizedTest
  @NullSource
  @ValueSource(
      strings = {
        "",
        "   \n\t ",
        "<p>   </p><div>&nbsp;</div>",
        "<br><br><hr>",
        "<!-- only a comment -->",
        "<script>alert(1)</script><style>p{}</style>",
        "<html><head><title>Title only</title></head><body></body></html>",
        "<img src=a.png alt=\"an image\">",
        "&#8203;&shy;&#xFEFF;"
      })
  void empty_bodies_give_no_text(String html) {
    assertEquals("", HtmlText.toText(html));
  }

  @Test
  void inline_tags_join_and_blocks_separate() {
    assertEquals("foobar", HtmlText.toText("<b>foo</b><i>bar</i>"));
    assertEquals("foo bar", HtmlText.toText("<b>foo</b> <i>bar</i>"));
    assertEquals("foo\n\nbar", HtmlText.toText("<p>foo</p><p>bar</p>"));
    assertEquals("foo\n\nbar", HtmlText.toText("<div>foo</div>\n\n\n<div>bar</div>"));
    assertEquals("one two", HtmlText.toText("<p>one<span> </span>two</p>"));
    assertEquals("a link here", HtmlText.toText("a <a href='/x'>link</a> here"));
  }

  @Test
  void headings_are_paragraphs_and_breaks_are_lines() {
    assertEquals(
        "Title\n\nIntro line\nsecond line\n\nSub\n\nText",
        HtmlText.toText("<h1>Title</h1>Intro line<br>second line<h2>Sub</h2><p>Text</p>"));
    assertEquals("a\nb\n\nc", HtmlText.toText("a<br>b<br><br>c"));
    assertEquals("a\n\nb", HtmlText.toText("a<br><br><br><br>b"));
  }

  @Test
  void scripts_styles_and_other_invisible_content_are_stripped() {
    String html =
        "<html><head><title>T</title><style>body{color:red}</style>"
            + "<script>var secret = 'x';</script></head><body>"
            + "<p>visible<script>document.write('no')</script> text</p>"
            + "<noscript>enable JavaScript</noscript><template><p>later</p></template>"
            + "<iframe src=x>frame</iframe><object>fallback</object><svg><text>svg</text></svg>"
            + "<canvas>canvas</canvas><video>no video</video><div hidden>hidden</div>"
            + "<form><label>Name</label> <input value=v><textarea>typed</textarea>"
            + "<select><option>choice</option></select><button>Send</button></form>"
            + "</body></html>";

    assertEquals("visible text\n\nName", HtmlText.toText(html));
  }

  @Test
  void entities_are_decoded_and_spaces_normalised() {
    assertEquals(
        "Fish & Chips <3 \"quoted\" it's café 5 € 😀",
        HtmlText.toText(
            "Fish &amp; Chips &lt;3 &quot;quoted&quot; it&#39;s caf&eacute;"
                + "&nbsp;5&#8239;&euro;&ensp;&#x1F600;"));
    assertEquals("a b", HtmlText.toText("a \t\n\r\n   b"));
    assertEquals("in formation", HtmlText.toText("in&nbsp;&nbsp;&nbsp;formation"));
  }

  @Test
  void invisible_characters_are_removed_but_joiners_kept() {
    assertEquals("information", HtmlText.toText("in&shy;for&#8203;ma&#x2060;tion"));
    assertEquals("xy", HtmlText.toText("x&#x200E;&#xFEFF;\u0007\u0000y"));
    assertEquals("👨‍👩‍👧", HtmlText.toText("👨\u200D👩\u200D👧"));
    assertEquals("می‌خواهم", HtmlText.toText("می\u200Cخواهم")); // Persian ZWNJ stays
    assertFalse(HtmlText.toText("a\uD800b").contains("\uD800")); // unpaired surrogate
  }

  @Test
  void lists_are_lines_with_dashes() {
    assertEquals(
        "Shopping:\n\n- eggs\n- milk\n- fruit\n- apples\n- pears\n\nDone",
        HtmlText.toText(
            "<p>Shopping:</p><ul><li>eggs</li><li>milk<li>fruit<ul><li>apples</li>"
                + "<li>pears</li></ul></li></ul><p>Done</p>"));
    assertEquals("- one\n- two", HtmlText.toText("<ol><li><p>one</p></li><li>two</li></ol>"));
    assertEquals("- a", HtmlText.toText("<ul><li></li><li>a</li><li> </li></ul>"));
  }

  @Test
  void table_rows_are_lines_with_cells_joined() {
    String html =
        "<table><caption>Prices</caption><thead><tr><th>Name</th><th>Price</th></tr></thead>"
            + "<tbody><tr><td><p>Apple</p><p>green</p></td><td>1&nbsp;&euro;</td></tr>"
            + "<tr><td></td><td>only second</td></tr><tr><td>a<br>b</td><td>c</td></tr>"
            + "</tbody></table><p>After</p>";

    assertEquals(
        "Prices\n\nName | Price\nApple green | 1 €\nonly second\na b | c\n\nAfter",
        HtmlText.toText(html));
  }

  @Test
  void preformatted_text_keeps_its_lines() {
    assertEquals(
        "Code:\n\nint x = 1;\nif (x > 0) {\nreturn;\n}\n\nafter",
        HtmlText.toText(
            "<p>Code:</p><pre>int x = 1;\nif (x &gt; 0) {\n    return;\n}\n</pre>after"));
    assertEquals("a\n\nb", HtmlText.toText("<pre>a\n\n\n\nb</pre>"));
    assertEquals("x y", HtmlText.toText("<pre><b>x</b> y</pre>"));
  }

  @Test
  void comments_and_cdata_are_not_text() {
    assertEquals(
        "before after",
        HtmlText.toText(
            "before <!-- a comment --><![CDATA[ x < y ]]><!--[if IE]>ie<![endif]-->after"));
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "<p>unclosed <b>bold <i>both</p>after | unclosed bold both\\n\\nafter",
        "<p>one<p>two | one\\n\\ntwo",
        "</div></p>stray end tags</span> | stray end tags",
        "<div><span>x</div>y | x\\n\\ny",
        "a < b and c > d | a < b and c > d",
        "<<>><p>x | <<>>\\n\\nx",
        "<p class=\"unterminated>text</p> | ''",
        "<unknown-tag>kept</unknown-tag> text | kept text",
        "<table><td>cell without row</td></table> | cell without row",
        "<li>item without list | - item without list",
        "<p>nested <p>paragraphs</p></p> | nested\\n\\nparagraphs"
      })
  void malformed_html_is_read_leniently(String html, String text) {
    assertEquals(text.replace("\\n", "\n"), HtmlText.toText(html));
  }

  @Test
  void a_very_long_word_is_kept_whole() {
    String word = "x".repeat(20_000);
    String url = "https://example.org/" + "a1b2".repeat(5_000);

    assertEquals("before " + word + " after", HtmlText.toText("<p>before " + word + " after</p>"));
    assertEquals(url, HtmlText.toText("<a href='" + url + "'>" + url + "</a>"));
  }

  @Test
  void non_latin_scripts_pass_through() {
    for (String name : new String[] {"ja", "zh", "zh-tw", "ar", "ru", "th", "ko", "hi", "emoji"}) {
      String text = TextSamples.text(name).strip();
      String html = "<p>" + text.replace("\n\n", "</p><p>") + "</p>";

      assertEquals(text, HtmlText.toText(html), name);
    }
  }

  @Test
  void right_to_left_markup_keeps_the_text() {
    assertEquals(
        "مرحبا بالعالم\n\nПривет, мир",
        HtmlText.toText("<p dir=rtl>مرحبا <b>بالعالم</b></p><p lang=ru>Привет, мир</p>"));
  }

  @Test
  void a_full_document_gives_its_body_text() {
    String html =
        "<!DOCTYPE html><html lang=en><head><meta charset=utf-8><title>Page</title>"
            + "<link rel=stylesheet href=x.css></head><body><header><nav><a>Home</a></nav></header>"
            + "<main><article><h1>News</h1><p>The <em>council</em> met.</p></article></main>"
            + "<footer>© 2026</footer></body></html>";

    assertEquals("Home\n\nNews\n\nThe council met.\n\n© 2026", HtmlText.toText(html));
  }

  @Test
  void ruby_annotations_are_dropped() {
    assertEquals(
        "漢字です", HtmlText.toText("<ruby>漢<rp>(</rp><rt>かん</rt><rp>)</rp>字<rt>じ</rt></ruby>です"));
  }

  @Test
  void the_same_html_gives_the_same_text() {
    String html = sampleArticle(2_000);

    assertEquals(HtmlText.toText(html), HtmlText.toText(html));
  }

  @Test
  void eight_megabytes_of_markup_take_linear_time() {
    String html = sampleArticle(8 << 20);
    MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    HtmlText.toText(sampleArticle(1 << 20)); // warm up

    long started = System.nanoTime();
    String text = HtmlText.toText(html);
    double seconds = (System.nanoTime() - started) / 1e9;

    double megabytes = html.length() / (double) (1 << 20);
    System.out.printf(
        "HtmlText: %.1f MB of markup in %.2f s (%.0f ms per MB), %d MB of text, heap in use %d MB%n",
        megabytes,
        seconds,
        seconds * 1000 / megabytes,
        text.length() >> 20,
        memory.getHeapMemoryUsage().getUsed() >> 20);
    assertTrue(text.startsWith("Heading 0\n\nThe city council approved"), text.substring(0, 80));
    assertTrue(seconds < 60, "8 MB took " + seconds + " s");
  }

  /** Typical article markup, about {@code size} characters. */
  private static String sampleArticle(int size) {
    StringBuilder html = new StringBuilder(size + 1_000);
    for (int i = 0; html.length() < size; i++) {
      html.append("<div class=\"section\"><h2>Heading ")
          .append(i)
          .append("</h2><p>The city council approved the <b>new budget</b> on Tuesday after a")
          .append(" <a href=\"/debate\">four-hour debate</a>. Most money goes to transport")
          .append(" &amp; schools.</p><ul><li>First item</li><li>Second <em>item</em></li></ul>")
          .append("<table><tr><td>a</td><td>b</td></tr></table></div>\n");
    }
    return html.toString();
  }
}
