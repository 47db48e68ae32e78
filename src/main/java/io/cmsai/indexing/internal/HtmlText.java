package io.cmsai.indexing.internal;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Set;
import org.jsoup.Jsoup;
import org.jsoup.nodes.CDataNode;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.jsoup.nodes.Node;
import org.jsoup.nodes.TextNode;
import org.jsoup.select.NodeFilter;

/**
 * HTML (a CMS body) to clean plain text: paragraphs separated by a blank line. Thread-safe, static.
 *
 * <p>jsoup parses leniently, as a browser would: unclosed and misnested tags, stray end tags and
 * unknown elements never fail. What a reader does not see is dropped: {@code script}, {@code
 * style}, {@code noscript}, {@code template}, {@code iframe}, {@code object}, {@code embed}, {@code
 * svg}, {@code canvas}, {@code audio}, {@code video}, {@code head}, form controls, ruby annotations
 * ({@code rt}, {@code rp}), elements with the {@code hidden} attribute, comments and CDATA sections
 * (which HTML treats as comments). Then:
 *
 * <ul>
 *   <li>block elements ({@code p}, {@code div}, {@code section}, {@code article}, headings, {@code
 *       blockquote}, {@code pre}, {@code figure}, tables, lists...) are paragraphs of their own;
 *   <li>{@code br} is a line break, two in a row a paragraph break; list items are lines {@code "-
 *       item"} in their list's paragraph (nested lists too); table rows are lines with the
 *       non-empty cells joined by {@code " | "};
 *   <li>inline elements add nothing: {@code <b>foo</b><i>bar</i>} is {@code foobar};
 *   <li>entities are decoded; non-breaking and other Unicode spaces become spaces; zero-width,
 *       soft-hyphen, direction and other invisible format characters and control characters are
 *       removed (the zero-width (non-)joiners, which shape Persian, Indic scripts and emoji, are
 *       kept); runs of spaces become one; lines are trimmed; no more than one blank line in a row;
 *   <li>{@code pre} keeps its line breaks.
 * </ul>
 *
 * <p><b>Cost.</b> jsoup builds the whole document tree, so time and memory grow linearly with the
 * markup, and the tree is the bound: per MB of typical article markup, measured on JDK 17 on a busy
 * 2-core machine, 50–110 ms and about 11 MB of transient heap. A 50 MB body took 2.3–2.9 s and
 * needed about 550 MB of heap besides the input string (it failed with {@code -Xmx500m} and passed
 * with {@code -Xmx700m}). Callers cap the HTML they pass (a CMS body is rarely above 1 MB); the
 * cap, not this class, keeps a huge body from exhausting the heap.
 */
public final class HtmlText {

  private static final Set<String> DROPPED =
      Set.of(
          "script",
          "style",
          "noscript",
          "template",
          "iframe",
          "object",
          "embed",
          "svg",
          "canvas",
          "audio",
          "video",
          "head",
          "input",
          "button",
          "select",
          "option",
          "optgroup",
          "textarea",
          "datalist",
          "meter",
          "progress",
          "rt",
          "rp");

  /** Elements that are paragraphs of their own. */
  private static final Set<String> PARAGRAPHS =
      Set.of(
          "p",
          "div",
          "section",
          "article",
          "aside",
          "header",
          "footer",
          "nav",
          "main",
          "address",
          "blockquote",
          "details",
          "summary",
          "dialog",
          "fieldset",
          "legend",
          "figure",
          "figcaption",
          "form",
          "h1",
          "h2",
          "h3",
          "h4",
          "h5",
          "h6",
          "hgroup",
          "hr",
          "pre",
          "table",
          "caption",
          "ul",
          "ol",
          "menu",
          "dl",
          "center",
          "body",
          "html");

  /** Elements that are lines within a paragraph. */
  private static final Set<String> LINES = Set.of("li", "dt", "dd", "tr");

  private HtmlText() {}

  /**
   * The text of {@code html}; {@code ""} for {@code null} or blank input or markup without text.
   */
  public static String toText(String html) {
    if (html == null || html.isBlank()) {
      return "";
    }
    Document document = Jsoup.parse(html);
    TextWriter writer = new TextWriter();
    writer.traverse(document.body() != null ? document.body() : document);
    return writer.text();
  }

  /** Writes the text of the nodes it visits, in document order. Not thread-safe: one per call. */
  private static final class TextWriter implements NodeFilter {

    private static final int NONE = 0;
    private static final int LINE = 1;
    private static final int PARAGRAPH = 2;

    private final StringBuilder out = new StringBuilder();
    private final Deque<boolean[]> rows = new ArrayDeque<>(); // whether each open row has text
    private int pendingBreak = NONE;
    private boolean pendingSpace;
    private String pendingMarker;
    private int preDepth;
    private int cellDepth;
    private int listItemDepth;

    @Override
    public FilterResult head(Node node, int depth) {
      if (node instanceof TextNode) {
        if (!(node instanceof CDataNode)) {
          text(((TextNode) node).getWholeText());
        }
        return FilterResult.CONTINUE;
      }
      if (!(node instanceof Element)) {
        return FilterResult.SKIP_ENTIRELY; // comments, doctypes, XML declarations
      }
      Element element = (Element) node;
      String name = element.normalName();
      if (DROPPED.contains(name) || element.hasAttr("hidden")) {
        return FilterResult.SKIP_ENTIRELY;
      }
      open(name);
      return FilterResult.CONTINUE;
    }

    @Override
    public FilterResult tail(Node node, int depth) {
      if (node instanceof Element) {
        close(((Element) node).normalName());
      }
      return FilterResult.CONTINUE;
    }

    String text() {
      return Chars.tidy(out);
    }

    private void open(String name) {
      switch (name) {
        case "br":
          lineBreak(pendingBreak == NONE ? LINE : PARAGRAPH); // <br><br> separates paragraphs
          return;
        case "li":
          lineBreak(LINE);
          listItemDepth++;
          pendingMarker = "- ";
          return;
        case "tr":
          lineBreak(LINE);
          rows.push(new boolean[1]);
          return;
        case "td":
        case "th":
          if (!rows.isEmpty() && rows.peek()[0]) {
            pendingMarker = " | "; // not before the row's first text: empty cells vanish
          }
          cellDepth++;
          return;
        case "pre":
          lineBreak(PARAGRAPH);
          preDepth++;
          return;
        default:
          blockBoundary(name);
      }
    }

    private void close(String name) {
      switch (name) {
        case "li":
          listItemDepth--;
          lineBreak(LINE);
          return;
        case "tr":
          if (!rows.isEmpty()) {
            rows.pop();
          }
          lineBreak(LINE);
          return;
        case "td":
        case "th":
          cellDepth--;
          pendingSpace = true;
          return;
        case "pre":
          preDepth--;
          lineBreak(PARAGRAPH);
          return;
        default:
          blockBoundary(name);
      }
    }

    private void blockBoundary(String name) {
      if (PARAGRAPHS.contains(name)) {
        lineBreak(listItemDepth > 0 ? LINE : PARAGRAPH); // a list stays one paragraph
      } else if (LINES.contains(name)) {
        lineBreak(LINE);
      }
    }

    /** A break before the next text; inside a table cell only a space, to keep the row a line. */
    private void lineBreak(int kind) {
      if (cellDepth > 0) {
        pendingSpace = true;
      } else {
        pendingBreak = Math.max(pendingBreak, kind);
      }
    }

    private void text(String raw) {
      String clean = Chars.clean(raw, preDepth > 0);
      if (clean.isEmpty()) {
        return;
      }
      if (preDepth > 0) {
        flushSeparators();
        out.append(clean);
        if (!rows.isEmpty()) {
          rows.peek()[0] = true;
        }
        return;
      }
      boolean leadingSpace = clean.charAt(0) == ' ';
      boolean trailingSpace = clean.charAt(clean.length() - 1) == ' ';
      String words = clean.strip();
      if (leadingSpace) {
        pendingSpace = true;
      }
      if (!words.isEmpty()) {
        flushSeparators();
        out.append(words);
        if (!rows.isEmpty()) {
          rows.peek()[0] = true;
        }
      }
      pendingSpace = trailingSpace;
    }

    /** The break, space or marker due before the next text. */
    private void flushSeparators() {
      if (out.length() > 0) {
        if (pendingBreak == PARAGRAPH) {
          out.append("\n\n");
        } else if (pendingBreak == LINE) {
          out.append('\n');
        } else if (pendingSpace && pendingMarker == null && !endsWithSpace()) {
          out.append(' ');
        }
      }
      if (pendingMarker != null) {
        out.append(pendingMarker);
      }
      pendingBreak = NONE;
      pendingSpace = false;
      pendingMarker = null;
    }

    private boolean endsWithSpace() {
      char last = out.charAt(out.length() - 1);
      return last == ' ' || last == '\n';
    }
  }

  /** Character clean-up. Stateless. */
  private static final class Chars {

    private static final int ZERO_WIDTH_NON_JOINER = 0x200C;
    private static final int ZERO_WIDTH_JOINER = 0x200D;

    private Chars() {}

    /**
     * {@code raw} without invisible characters and with every run of white space as one space (kept
     * at either end, so adjacent text can tell); in preformatted text line breaks stay, and spaces
     * after them go.
     */
    static String clean(String raw, boolean preformatted) {
      StringBuilder clean = new StringBuilder(raw.length());
      boolean space = false;
      int i = 0;
      while (i < raw.length()) {
        int cp = raw.codePointAt(i);
        i += Character.charCount(cp);
        if (cp == '\r' && i < raw.length() && raw.charAt(i) == '\n') {
          continue; // CR LF is one line break
        }
        if (preformatted && isLineBreak(cp)) {
          clean.append('\n');
          space = false;
        } else if (isSpace(cp)) {
          space = true;
        } else if (!isInvisible(cp)) {
          if (space && !(preformatted && endsWithLineBreak(clean))) {
            clean.append(' ');
          }
          space = false;
          clean.appendCodePoint(cp);
        }
      }
      if (space) {
        clean.append(' ');
      }
      return clean.toString();
    }

    /**
     * The final text: lines without spaces at either end, at most one blank line in a row, no blank
     * lines at the start or end.
     */
    static String tidy(CharSequence text) {
      StringBuilder tidy = new StringBuilder(text.length());
      int newlines = 0;
      int lineStart = 0;
      for (int i = 0; i <= text.length(); i++) {
        if (i < text.length() && text.charAt(i) != '\n') {
          continue;
        }
        String line = text.subSequence(lineStart, i).toString().strip();
        lineStart = i + 1;
        if (line.isEmpty()) {
          newlines++;
          continue;
        }
        if (tidy.length() > 0) {
          tidy.append(newlines > 1 ? "\n\n" : "\n");
        }
        tidy.append(line);
        newlines = 1;
      }
      return tidy.toString();
    }

    private static boolean isLineBreak(int cp) {
      return cp == '\n' || cp == '\r' || cp == 0x2028 || cp == 0x2029 || cp == 0x0B || cp == 0x0C;
    }

    private static boolean isSpace(int cp) {
      return Character.isWhitespace(cp) || Character.isSpaceChar(cp) || isLineBreak(cp);
    }

    /** Control, format (zero-width, soft hyphen, direction marks, BOM) and unpaired surrogates. */
    private static boolean isInvisible(int cp) {
      int type = Character.getType(cp);
      if (type == Character.FORMAT) {
        return cp != ZERO_WIDTH_NON_JOINER && cp != ZERO_WIDTH_JOINER;
      }
      return type == Character.CONTROL || type == Character.SURROGATE;
    }

    private static boolean endsWithLineBreak(StringBuilder text) {
      return text.length() > 0 && text.charAt(text.length() - 1) == '\n';
    }
  }
}
