/*
 * Builds the demo corpus (src/main/resources/demo/corpus.jsonl.gz) from the HTML of the Debian
 * package debian-handbook. Run through scripts/demo/build-corpus.sh, which downloads and unpacks
 * the package and puts jsoup and JSON-P on the class path:
 *
 *   java -cp jsoup.jar:jakarta.json-api.jar:parsson.jar scripts/demo/BuildCorpus.java \
 *       <html-dir> <out.jsonl.gz> <modified yyyy-mm-dd> <lang>[:<max>] ...
 *
 * <html-dir> holds one folder per language (en-US, de-DE, ...). The first language is the
 * reference: all of its sections are written. Each further language contributes at most <max>
 * documents, the first in reading order whose prose is translated (at least MIN_PARAGRAPHS
 * paragraphs, at most MAX_UNTRANSLATED of them identical to the reference language's): the
 * translations in the package are partial, and untranslated sections repeat the English text.
 *
 * One document per section (sect1). A section longer than SPLIT_CHARS characters of reference text
 * is split into its introduction and one document per subsection (sect2); the decision is taken
 * on the reference language so that ids agree across languages. Chapter introductions are
 * documents of their own. The output is deterministic: sorted by id, gzip without a timestamp.
 */

import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.jsoup.nodes.Node;
import org.jsoup.nodes.TextNode;
import org.jsoup.safety.Cleaner;
import org.jsoup.safety.Safelist;
import org.jsoup.select.Elements;

public class BuildCorpus {

  /** Sections with more reference-language text than this are split at sect2. */
  static final int SPLIT_CHARS = 7000;

  /** A translated document must have this many prose paragraphs (skips one-line introductions). */
  static final int MIN_PARAGRAPHS = 2;

  /**
   * Share of prose paragraphs that may be left identical to the reference language's (a name, an
   * address, a quoted message); more means the section is not translated.
   */
  static final double MAX_UNTRANSLATED = 0.1;

  static final Pattern ID = Pattern.compile("[a-z0-9._-]{1,120}");
  static final Pattern SECTION_NUMBER =
      Pattern.compile("^((?:[0-9]+|[A-Z])(?:\\.[0-9]+)*)\\.?[\\s\\u00a0]+");
  static final Pattern EXTERNAL = Pattern.compile("^(https?|ftp|mailto):.*", Pattern.DOTALL);
  static final Set<String> BLOCKS =
      Set.of(
          "div",
          "p",
          "li",
          "td",
          "th",
          "dd",
          "dt",
          "h1",
          "h2",
          "h3",
          "h4",
          "h5",
          "h6",
          "blockquote",
          "caption");
  static final Set<String> REMOVABLE_WHEN_EMPTY =
      Set.of("div", "p", "span", "a", "strong", "em", "b", "i", "code", "dl", "ul", "ol");

  /** One section or introduction of one language, before sanitizing. */
  record Unit(
      String id,
      String lang,
      String anchor,
      String title,
      String chapter,
      String chapterName,
      String origin,
      String pageUrl,
      List<String> keywords,
      Element content,
      List<String> aliases) {

    /** Its text without the heading; blank for an introduction that only leads to subsections. */
    String ownText() {
      Element copy = content.clone();
      copy.select("> div.titlepage").remove();
      return copy.text().strip();
    }
  }

  /** Collects units; an empty introduction is dropped and its anchor resolves to the next unit. */
  static final class Units {
    final List<Unit> list = new ArrayList<>();
    private final List<String> pending = new ArrayList<>();

    void add(Unit u) {
      if (u.ownText().isEmpty()) {
        pending.add(u.anchor());
        return;
      }
      list.add(
          new Unit(
              u.id(),
              u.lang(),
              u.anchor(),
              u.title(),
              u.chapter(),
              u.chapterName(),
              u.origin(),
              u.pageUrl(),
              u.keywords(),
              u.content(),
              List.copyOf(pending)));
      pending.clear();
    }
  }

  public static void main(String[] args) throws IOException {
    if (args.length < 4) {
      System.err.println(
          "usage: BuildCorpus <html-dir> <out.jsonl.gz> <modified yyyy-mm-dd> <lang>[:<max>] ...");
      System.exit(2);
    }
    Path root = Path.of(args[0]);
    Path out = Path.of(args[1]);
    String modified = args[2];
    List<String> langs = new ArrayList<>();
    Map<String, Integer> limits = new HashMap<>();
    for (int i = 3; i < args.length; i++) {
      String[] parts = args[i].split(":");
      langs.add(parts[0]);
      limits.put(parts[0], parts.length > 1 ? Integer.parseInt(parts[1]) : Integer.MAX_VALUE);
    }

    String reference = langs.get(0);
    Set<String> split = sectionsToSplit(root.resolve(reference));
    Map<String, List<Unit>> unitsByLang = new LinkedHashMap<>();
    for (String lang : langs) {
      unitsByLang.put(lang, readLanguage(root.resolve(lang), lang, split));
    }

    Map<String, List<Unit>> selected = select(unitsByLang, reference, limits);
    List<JsonObject> docs = new ArrayList<>();
    for (String lang : langs) {
      Map<String, String> anchors = anchorIndex(selected.get(lang));
      Map<String, String> pageTops = pageTops(unitsByLang.get(lang));
      for (Unit u : selected.get(lang)) {
        docs.add(toJson(u, modified, anchors, pageTops));
      }
    }
    docs.sort(Comparator.comparing(d -> d.getString("id")));
    Set<String> seen = new HashSet<>();
    for (JsonObject d : docs) {
      String id = d.getString("id");
      if (!ID.matcher(id).matches() || !seen.add(id)) {
        throw new IllegalStateException("bad or duplicate id: " + id);
      }
    }
    write(docs, out);
    System.err.printf("wrote %d documents, %d bytes to %s%n", docs.size(), Files.size(out), out);
  }

  // ---- reading ------------------------------------------------------------------------------

  /** Pages in reading order, from the table of contents in index.html. */
  static List<String> pages(Path dir) throws IOException {
    Document index = Jsoup.parse(dir.resolve("index.html").toFile(), "UTF-8");
    Set<String> pages = new LinkedHashSet<>();
    for (Element a : index.select("div.toc a[href]")) {
      String href = a.attr("href");
      pages.add(href.contains("#") ? href.substring(0, href.indexOf('#')) : href);
    }
    return new ArrayList<>(pages);
  }

  /** Anchors of the reference sections long enough to be split at sect2. */
  static Set<String> sectionsToSplit(Path dir) throws IOException {
    Set<String> split = new HashSet<>();
    for (String page : pages(dir)) {
      Document doc = Jsoup.parse(dir.resolve(page).toFile(), "UTF-8");
      for (Element sect1 : doc.select("body div.section:has(> div.titlepage h2)")) {
        if (sect1.text().length() > SPLIT_CHARS && !sect1.select("> div.section").isEmpty()) {
          split.add(anchorOf(sect1));
        }
      }
    }
    return split;
  }

  static List<Unit> readLanguage(Path dir, String lang, Set<String> split) throws IOException {
    String prefix = lang.substring(0, 2).toLowerCase(Locale.ROOT);
    Units units = new Units();
    for (String page : pages(dir)) {
      Document doc = Jsoup.parse(dir.resolve(page).toFile(), "UTF-8");
      doc.select("a.indexterm, div.toc").remove();
      String pageUrl = doc.selectFirst("link[rel=canonical]").attr("href");
      List<String> keywords = keywords(doc);
      Element top = doc.selectFirst("body > div.section, body > div[lang]");
      String chapterName;
      String chapterTitle;
      List<Element> sect1s;
      if (top.hasClass("section")) {
        Element up = doc.selectFirst("link[rel=up]");
        chapterName = stripHtml(up.attr("href"));
        chapterTitle = chapterTitle(up.attr("title"), top);
        sect1s = List.of(top);
      } else {
        chapterName = stripHtml(page);
        chapterTitle = chapterTitle(top.selectFirst("> div.titlepage h1").text(), top);
        sect1s = top.select("> div.section");
        Element intro = top.clone();
        intro.select("> div.section").remove();
        String anchor = anchorOf(top);
        units.add(
            new Unit(
                prefix + "." + anchor,
                lang,
                anchor,
                chapterTitle,
                chapterTitle,
                chapterName,
                pageUrl,
                pageUrl,
                keywords,
                intro,
                List.of()));
      }
      for (Element sect1 : sect1s) {
        String anchor = anchorOf(sect1);
        String origin = sect1 == top ? pageUrl : pageUrl + "#" + anchor;
        Element body = sect1.clone();
        Elements children = sect1.select("> div.section");
        boolean splitHere = split.contains(anchor) && !children.isEmpty();
        if (splitHere) {
          body.select("> div.section").remove();
        }
        units.add(
            new Unit(
                prefix + "." + anchor,
                lang,
                anchor,
                titleOf(sect1),
                chapterTitle,
                chapterName,
                origin,
                pageUrl,
                keywords,
                body,
                List.of()));
        if (splitHere) {
          int ordinal = 0;
          for (Element sect2 : children) {
            ordinal++;
            String a2 = anchorOf(sect2);
            String localId = a2.startsWith("id-") ? anchor + "." + ordinal : a2;
            units.add(
                new Unit(
                    prefix + "." + localId,
                    lang,
                    a2,
                    titleOf(sect2),
                    chapterTitle,
                    chapterName,
                    pageUrl + "#" + a2,
                    pageUrl,
                    keywords,
                    sect2.clone(),
                    List.of()));
          }
        }
      }
    }
    return units.list;
  }

  static String anchorOf(Element section) {
    Element a = headingOf(section).selectFirst("> a[id]");
    if (a == null) {
      throw new IllegalStateException("section without anchor: " + section.text());
    }
    return a.id().toLowerCase(Locale.ROOT);
  }

  static String titleOf(Element section) {
    return SECTION_NUMBER.matcher(plain(headingOf(section).text())).replaceFirst("");
  }

  /** Text with no-break spaces made plain and the edges trimmed. */
  static String plain(String text) {
    return text.replace('\u00a0', ' ').strip();
  }

  static Element headingOf(Element section) {
    Element titlepage = section.selectFirst("> div.titlepage");
    Element h = titlepage == null ? null : titlepage.selectFirst("h1, h2, h3");
    if (h == null) {
      throw new IllegalStateException("section without heading: " + section.text());
    }
    return h;
  }

  /**
   * The chapter title without its label ("Chapter 14. ", "第 14 章 ", "Annexe A. "): the label's
   * number is the first component of the section numbers below it.
   */
  static String chapterTitle(String rawHeading, Element top) {
    String heading = plain(rawHeading);
    Element h = top.selectFirst("div.section > div.titlepage h2, div.section > div.titlepage h3");
    if (h == null) {
      return heading;
    }
    Matcher number = SECTION_NUMBER.matcher(plain(h.text()));
    if (!number.find()) {
      return heading;
    }
    String label = number.group(1).split("\\.")[0];
    Matcher m =
        Pattern.compile("^.*?(?<![0-9A-Za-z])" + Pattern.quote(label) + "(?![0-9A-Za-z])[\\s.章]*")
            .matcher(heading);
    return m.find() ? heading.substring(m.end()).strip() : heading;
  }

  static List<String> keywords(Document doc) {
    Element meta = doc.selectFirst("meta[name=keywords]");
    List<String> out = new ArrayList<>();
    if (meta != null) {
      for (String k : meta.attr("content").split(",")) {
        if (!k.isBlank()) {
          out.add(k.strip().toLowerCase(Locale.ROOT));
        }
      }
    }
    return out;
  }

  static String stripHtml(String file) {
    return file.endsWith(".html") ? file.substring(0, file.length() - 5) : file;
  }

  // ---- selection of translated sections ----------------------------------------------------

  static Map<String, List<Unit>> select(
      Map<String, List<Unit>> unitsByLang, String reference, Map<String, Integer> limits) {
    Map<String, Map<String, String>> referenceParas = new HashMap<>();
    for (Unit u : unitsByLang.get(reference)) {
      referenceParas.put(u.anchor(), paragraphs(u.content()));
    }
    Map<String, List<Unit>> selected = new LinkedHashMap<>();
    unitsByLang.forEach(
        (lang, units) -> {
          List<Unit> translated =
              units.stream()
                  .filter(
                      u ->
                          lang.equals(reference) || isTranslated(u, referenceParas.get(u.anchor())))
                  .toList();
          List<Unit> chosen = translated.subList(0, Math.min(limits.get(lang), translated.size()));
          System.err.printf(
              "%s: %d sections, %d translated, %d written%n",
              lang, units.size(), translated.size(), chosen.size());
          selected.put(lang, chosen);
        });
    return selected;
  }

  // ---- translation check --------------------------------------------------------------------

  /**
   * Prose paragraphs by their text, for comparing a translation: without nested blocks, and without
   * links, whose text ("Section 12.3.3, ...") is translated even in untranslated prose.
   */
  static Map<String, String> paragraphs(Element content) {
    Map<String, String> paras = new LinkedHashMap<>();
    for (Element p : content.select("div.para")) {
      Element copy = p.clone();
      copy.select("pre, div.para, div.itemizedlist, div.orderedlist, a").remove();
      String text = copy.text().strip();
      if (text.codePoints().filter(Character::isLetter).count() >= 40) {
        paras.put(text, text);
      }
    }
    return paras;
  }

  static boolean isTranslated(Unit unit, Map<String, String> referenceParas) {
    if (referenceParas == null) {
      return false;
    }
    Map<String, String> paras = paragraphs(unit.content());
    if (paras.size() < MIN_PARAGRAPHS) {
      return false;
    }
    long untranslated = paras.keySet().stream().filter(referenceParas::containsKey).count();
    return untranslated <= paras.size() * MAX_UNTRANSLATED;
  }

  // ---- links --------------------------------------------------------------------------------

  /** Every element id inside the written units, mapped to the document that contains it. */
  static Map<String, String> anchorIndex(List<Unit> units) {
    Map<String, String> index = new HashMap<>();
    for (Unit u : units) {
      index.put(u.anchor(), u.id());
      u.aliases().forEach(a -> index.put(a, u.id()));
    }
    for (Unit u : units) {
      for (Element e : u.content().select("[id]")) {
        index.putIfAbsent(e.id().toLowerCase(Locale.ROOT), u.id());
      }
    }
    return index;
  }

  /** Page file → anchor of the page's first unit (a chapter's introduction or the section). */
  static Map<String, String> pageTops(List<Unit> units) {
    Map<String, String> tops = new HashMap<>();
    for (Unit u : units) {
      String page = u.pageUrl().substring(u.pageUrl().lastIndexOf('/') + 1);
      tops.putIfAbsent(page, u.anchor());
    }
    return tops;
  }

  static String rewriteLink(
      String href, Unit unit, Map<String, String> anchors, Map<String, String> pageTops) {
    if (EXTERNAL.matcher(href).matches()) {
      return href;
    }
    String page = href.contains("#") ? href.substring(0, href.indexOf('#')) : href;
    String fragment = href.contains("#") ? href.substring(href.indexOf('#') + 1) : "";
    if (page.isEmpty()) {
      page = unit.pageUrl().substring(unit.pageUrl().lastIndexOf('/') + 1);
    }
    String target = fragment.isEmpty() ? pageTops.get(page) : fragment.toLowerCase(Locale.ROOT);
    String doc = target == null ? null : anchors.get(target);
    if (doc != null) {
      return "demo/" + doc;
    }
    String base = unit.pageUrl().substring(0, unit.pageUrl().lastIndexOf('/') + 1);
    return base + page + (fragment.isEmpty() ? "" : "#" + fragment);
  }

  // ---- sanitizing ---------------------------------------------------------------------------

  static String sanitize(Unit unit, Map<String, String> anchors, Map<String, String> pageTops) {
    Element content = unit.content().clone();
    Element own = content.selectFirst("> div.titlepage");
    if (own != null) {
      own.remove();
    }
    for (Element titlepage : content.select("div.titlepage")) {
      Element heading = titlepage.selectFirst("h1,h2,h3,h4,h5,h6,p.title");
      if (heading != null) {
        titlepage.replaceWith(heading);
      } else {
        titlepage.remove();
      }
    }
    for (Element img : content.select("img.callout")) {
      img.replaceWith(new TextNode("(" + img.attr("alt") + ")"));
    }
    for (Element a : content.select("a[href]")) {
      a.attr("href", rewriteLink(a.attr("href"), unit, anchors, pageTops));
    }
    Document dirty = Document.createShell("https://corpus.invalid/");
    dirty.body().appendChildren(new ArrayList<>(content.childNodes()));
    Safelist safelist = Safelist.relaxed().removeTags("img").preserveRelativeLinks(true);
    Document clean = new Cleaner(safelist).clean(dirty);
    clean.body().select("span").unwrap();
    removeEmpty(clean.body());
    normalizeWhitespace(clean.body());
    clean.outputSettings().prettyPrint(false).charset(StandardCharsets.UTF_8);
    return clean.body().html().strip();
  }

  static void removeEmpty(Element body) {
    boolean changed = true;
    while (changed) {
      changed = false;
      for (Element e : body.select("*")) {
        if (e != body
            && REMOVABLE_WHEN_EMPTY.contains(e.normalName())
            && e.children().isEmpty()
            && e.text().isBlank()) {
          e.remove();
          changed = true;
        }
      }
    }
  }

  /** Collapses source indentation outside pre; trims text at the edges of block elements. */
  static void normalizeWhitespace(Element body) {
    for (TextNode t : body.textNodes()) {
      collapse(t);
    }
    for (Element e : body.select("*")) {
      if (insidePre(e)) {
        continue;
      }
      for (TextNode t : e.textNodes()) {
        collapse(t);
      }
      if (BLOCKS.contains(e.normalName())) {
        trimEdges(e);
      }
    }
  }

  static boolean insidePre(Element e) {
    for (Element p = e; p != null; p = p.parent()) {
      if (p.normalName().equals("pre")) {
        return true;
      }
    }
    return false;
  }

  static void collapse(TextNode t) {
    t.text(t.getWholeText().replaceAll("[ \\t\\r\\n]+", " "));
  }

  static void trimEdges(Element e) {
    Node first = e.childNodeSize() > 0 ? e.childNode(0) : null;
    if (first instanceof TextNode t) {
      t.text(t.getWholeText().stripLeading());
    }
    Node last = e.childNodeSize() > 0 ? e.childNode(e.childNodeSize() - 1) : null;
    if (last instanceof TextNode t) {
      t.text(t.getWholeText().stripTrailing());
    }
  }

  // ---- tags and output ----------------------------------------------------------------------

  /** Chapter short name, the chapter's keywords found in the text, then frequent packages. */
  static List<String> tags(Unit unit) {
    Set<String> tags = new LinkedHashSet<>();
    tags.add(unit.chapterName());
    String text = unit.content().text().toLowerCase(Locale.ROOT);
    for (String k : unit.keywords()) {
      if (tags.size() < 3 && text.contains(k)) {
        tags.add(k);
      }
    }
    Map<String, Integer> counts = new TreeMap<>();
    for (Element e : unit.content().select("span.pkg, code.command")) {
      String term = e.text().strip().split("\\s+")[0].toLowerCase(Locale.ROOT);
      if (term.matches("[a-z0-9][a-z0-9.+-]{1,39}")) {
        counts.merge(term, 1, Integer::sum);
      }
    }
    counts.entrySet().stream()
        .sorted(Map.Entry.<String, Integer>comparingByValue().reversed())
        .map(Map.Entry::getKey)
        .filter(t -> !tags.contains(t))
        .limit(5 - tags.size())
        .forEach(tags::add);
    return new ArrayList<>(tags);
  }

  static JsonObject toJson(
      Unit u, String modified, Map<String, String> anchors, Map<String, String> pageTops) {
    String body = sanitize(u, anchors, pageTops);
    if (body.isEmpty()) {
      throw new IllegalStateException("empty body: " + u.id());
    }
    JsonArrayBuilder tags = Json.createArrayBuilder();
    tags(u).forEach(tags::add);
    return Json.createObjectBuilder()
        .add("id", u.id())
        .add("language", u.lang().substring(0, 2).toLowerCase(Locale.ROOT))
        .add("title", u.title())
        .add("chapter", u.chapter())
        .add("type", "handbook-section")
        .add("tags", tags)
        .add("modified", modified)
        .add("origin", u.origin())
        .add("body", body)
        .build();
  }

  static void write(List<JsonObject> docs, Path out) throws IOException {
    Files.createDirectories(out.toAbsolutePath().getParent());
    try (OutputStream file = Files.newOutputStream(out);
        GZIPOutputStream gzip =
            new GZIPOutputStream(file, 1 << 16) {
              {
                def.setLevel(Deflater.BEST_COMPRESSION);
              }
            };
        Writer w = new BufferedWriter(new OutputStreamWriter(gzip, StandardCharsets.UTF_8))) {
      for (JsonObject d : docs) {
        w.write(d.toString());
        w.write('\n');
      }
    }
  }
}
