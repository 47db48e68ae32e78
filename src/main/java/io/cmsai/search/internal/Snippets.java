package io.cmsai.search.internal;

import io.cmsai.platform.Html;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.standard.StandardAnalyzer;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;
import org.apache.lucene.analysis.tokenattributes.OffsetAttribute;

/**
 * Cuts a short extract from a chunk around the query's words and marks them. Words are compared as
 * Lucene's {@link StandardAnalyzer} sees them (Unicode word breaks, lower case, so it works for any
 * script). When no word occurs (a purely semantic match) the extract is the chunk's start.
 * Thread-safe.
 */
public final class Snippets {

  private static final Analyzer ANALYZER = new StandardAnalyzer();

  /** Words too common to mark (English; other languages' words are all marked). */
  private static final Set<String> STOP_WORDS =
      Set.of(
          "a", "an", "and", "are", "as", "at", "be", "but", "by", "can", "do", "does", "for",
          "from", "how", "i", "if", "in", "into", "is", "it", "my", "no", "not", "of", "on", "or",
          "so", "such", "that", "the", "their", "then", "there", "these", "they", "this", "to",
          "was", "what", "when", "where", "which", "who", "why", "will", "with", "you", "your");

  private record Token(int start, int end) {}

  private Snippets() {}

  /**
   * An HTML extract of about {@code length} characters of {@code text}: escaped, the query's words
   * wrapped in {@code <mark>}, "…" where text was left out.
   */
  public static String extract(String text, String query, int length) {
    String body = text.strip().replaceAll("\\s+", " ");
    if (body.isEmpty()) {
      return "";
    }
    Set<String> words = new HashSet<>();
    tokens(
        query,
        (term, start, end) -> {
          if (!STOP_WORDS.contains(term)) {
            words.add(term);
          }
        });
    List<Token> hits = new ArrayList<>();
    tokens(
        body,
        (term, start, end) -> {
          if (words.contains(term)) {
            hits.add(new Token(start, end));
          }
        });
    int windowFrom = bestWindow(body, hits, length);
    int windowTo = Math.min(body.length(), windowFrom + length);
    int from = wordStart(body, windowFrom);
    int to = wordEnd(body, windowTo);
    if (to <= from) { // a window narrower than the words at its edges: cut them instead
      from = windowFrom;
      to = windowTo;
    }
    if (from > 0 && Character.isLowSurrogate(body.charAt(from))) {
      from++; // never half a character (a surrogate pair) at either edge
    }
    if (to < body.length() && Character.isLowSurrogate(body.charAt(to))) {
      to--;
    }
    StringBuilder html = new StringBuilder();
    if (from > 0) {
      html.append("… ");
    }
    int at = from;
    for (Token hit : hits) {
      if (hit.start() < from || hit.end() > to) {
        continue;
      }
      escape(body, at, hit.start(), html);
      html.append("<mark>");
      escape(body, hit.start(), hit.end(), html);
      html.append("</mark>");
      at = hit.end();
    }
    escape(body, at, to, html);
    if (to < body.length()) {
      html.append(" …");
    }
    return html.toString();
  }

  /** The start of the window of {@code length} that holds the most hits (its first hit early). */
  private static int bestWindow(String body, List<Token> hits, int length) {
    if (hits.isEmpty() || body.length() <= length) {
      return 0;
    }
    int best = 0;
    int bestCount = 0;
    int j = 0;
    for (int i = 0; i < hits.size(); i++) {
      while (j < hits.size() && hits.get(j).end() - hits.get(i).start() <= length) {
        j++;
      }
      if (j - i > bestCount) {
        bestCount = j - i;
        best = i;
      }
    }
    int start = Math.max(0, hits.get(best).start() - length / 5);
    return Math.min(start, Math.max(0, body.length() - length));
  }

  private static int wordStart(String body, int at) {
    if (at == 0) {
      return 0;
    }
    int space = body.indexOf(' ', at);
    return space < 0 || space - at > 20 ? at : space + 1;
  }

  private static int wordEnd(String body, int at) {
    if (at >= body.length()) {
      return body.length();
    }
    int space = body.lastIndexOf(' ', at);
    return space < 0 || at - space > 20 ? at : space;
  }

  private interface TokenSink {
    void accept(String term, int start, int end);
  }

  private static void tokens(String text, TokenSink sink) {
    try (TokenStream stream = ANALYZER.tokenStream("text", text)) {
      CharTermAttribute term = stream.addAttribute(CharTermAttribute.class);
      OffsetAttribute offset = stream.addAttribute(OffsetAttribute.class);
      stream.reset();
      while (stream.incrementToken()) {
        sink.accept(term.toString(), offset.startOffset(), offset.endOffset());
      }
      stream.end();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void escape(String text, int from, int to, StringBuilder out) {
    out.append(Html.escape(text.substring(from, to)));
  }
}
