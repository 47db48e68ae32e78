package io.cmsai.bench.vector.data;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;

/**
 * Distinct text passages from documentation on this machine: paragraphs (split at blank lines; man
 * pages with their troff markup removed) of 8 to 120 words, longer ones cut into pieces of 120
 * words, kept when they read as prose (mostly letters and words); whitespace normalised, duplicates
 * dropped. Files are read in sorted order, so the list is the same on every run on the same
 * machine.
 */
public final class Passages {
  public static final List<String> ROOTS =
      List.of(
          "/usr/share/doc",
          "/usr/share/man/man1",
          "/usr/share/man/man2",
          "/usr/share/man/man3",
          "/usr/share/man/man4",
          "/usr/share/man/man5",
          "/usr/share/man/man6",
          "/usr/share/man/man7",
          "/usr/share/man/man8",
          "/usr/share/info",
          "/usr/share/common-licenses");
  private static final int MIN_WORDS = 8;
  private static final int MAX_WORDS = 120;
  private static final Pattern NOT_PROSE =
      Pattern.compile(
          ".*\\.(png|gif|jpe?g|svg|ico|json"
              + "|xml|c|h|pl|py|sh|js|css|cocci|amd64|pdf|ps|dvi|el|ini|conf|cfg|ya?ml|pem|crt|html?"
              + "|patch|diff|in|m4|ac|am|mk|rb|pm|java|tcl|awk|sed|sql|gpg|asc|sig|bin|so|a|zip|jar)$");
  private static final Set<String> BREAKS =
      Set.of(
          "SH", "SS", "PP", "LP", "P", "IP", "TP", "sp", "br", "HP", "Sh", "Ss", "Pp", "Bl", "El",
          "It", "Bd", "Ed", "nf", "fi", "TH", "Dd", "Dt", "Os", "RS", "RE", "EX", "EE", "TQ");
  private static final Pattern ESCAPE =
      Pattern.compile(
          "\\\\(f(\\[[^\\]]*\\]|\\(..|.)"
              + "|\\*(\\[[^\\]]*\\]|\\(..|.)|\\((..)|\\[([^\\]]*)\\]|s[-+]?\\d+|[-e&%c| ^0~:/,]"
              + "|\".*$|.)");
  private static final Pattern WORD = Pattern.compile("\\p{L}[\\p{L}'’-]*[.,;:!?)]*");

  public static List<String> collect(List<String> roots) throws IOException {
    List<Path> files = new ArrayList<>();
    for (String root : roots) {
      Path r = Path.of(root);
      if (!Files.isDirectory(r)) {
        continue;
      }
      try (Stream<Path> s = Files.walk(r)) {
        s.filter(Files::isRegularFile).filter(p -> !Files.isSymbolicLink(p)).forEach(files::add);
      }
    }
    files.sort(Comparator.naturalOrder());
    LinkedHashSet<String> passages = new LinkedHashSet<>();
    for (Path p : files) {
      String name = p.getFileName().toString();
      boolean man = p.toString().startsWith("/usr/share/man/");
      if (!man
          && NOT_PROSE
              .matcher(name.replaceFirst("\\.gz$", "").toLowerCase(Locale.ROOT))
              .matches()) {
        continue;
      }
      String text;
      try {
        text = read(p);
      } catch (IOException e) {
        continue; // unreadable or not gzip after all: skip
      }
      if (text.indexOf('\0') >= 0) {
        continue;
      }
      for (String paragraph : man ? troffParagraphs(text) : paragraphs(text)) {
        passages.addAll(pieces(paragraph));
      }
    }
    return new ArrayList<>(passages);
  }

  private static String read(Path p) throws IOException {
    try (InputStream in =
        p.toString().endsWith(".gz")
            ? new GZIPInputStream(Files.newInputStream(p))
            : Files.newInputStream(p)) {
      return new String(in.readNBytes(4 << 20), StandardCharsets.UTF_8);
    }
  }

  private static List<String> paragraphs(String text) {
    return List.of(text.replace('\u001f', '\n').split("\\n\\s*\\n"));
  }

  /** Text lines and the text arguments of macros; paragraph and section macros break. */
  private static List<String> troffParagraphs(String text) {
    List<String> out = new ArrayList<>();
    StringBuilder current = new StringBuilder();
    for (String line : text.split("\n")) {
      if (line.startsWith(".") || line.startsWith("'")) {
        String rest = line.substring(1).trim();
        String macro = rest.split("\\s+", 2)[0];
        if (macro.isEmpty() || macro.startsWith("\\\"")) {
          continue;
        }
        if (BREAKS.contains(macro)) {
          flush(current, out);
        } else if (Character.isUpperCase(macro.charAt(0)) && rest.length() > macro.length()) {
          current.append(' ').append(unescape(rest.substring(macro.length()).replace("\"", "")));
        }
      } else if (line.isBlank()) {
        flush(current, out);
      } else {
        current.append(' ').append(unescape(line));
      }
    }
    flush(current, out);
    return out;
  }

  private static void flush(StringBuilder current, List<String> out) {
    if (current.length() > 0) {
      out.add(current.toString());
      current.setLength(0);
    }
  }

  private static String unescape(String s) {
    Matcher m = ESCAPE.matcher(s);
    StringBuilder b = new StringBuilder();
    while (m.find()) {
      String all = m.group();
      String replacement;
      if (all.equals("\\-")) {
        replacement = "-";
      } else if (all.equals("\\e")) {
        replacement = "\\";
      } else if (all.equals("\\ ") || all.equals("\\~")) {
        replacement = " ";
      } else if (m.group(4) != null) {
        replacement = special(m.group(4));
      } else if (m.group(5) != null) {
        replacement = special(m.group(5));
      } else {
        replacement = "";
      }
      m.appendReplacement(b, Matcher.quoteReplacement(replacement));
    }
    m.appendTail(b);
    return b.toString();
  }

  private static String special(String name) {
    return switch (name) {
      case "em", "en", "hy" -> "-";
      case "aq", "oq", "cq" -> "'";
      case "dq", "lq", "rq" -> "\"";
      case "bu" -> "*";
      case "co" -> "(c)";
      default -> "";
    };
  }

  /** The paragraph's prose pieces of MIN_WORDS..MAX_WORDS words. */
  private static List<String> pieces(String paragraph) {
    String normalised = paragraph.replaceAll("\\s+", " ").trim();
    if (normalised.isEmpty()) {
      return List.of();
    }
    String[] words = normalised.split(" ");
    List<String> out = new ArrayList<>();
    for (int from = 0; from < words.length; from += MAX_WORDS) {
      int to = Math.min(words.length, from + MAX_WORDS);
      if (to - from < MIN_WORDS) {
        break;
      }
      String piece = String.join(" ", Arrays.copyOfRange(words, from, to));
      if (prose(piece, to - from)) {
        out.add(piece);
      }
    }
    return out;
  }

  private static boolean prose(String s, int words) {
    int letters = 0;
    int visible = 0;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (!Character.isWhitespace(c)) {
        visible++;
        if (Character.isLetter(c)) {
          letters++;
        }
      }
    }
    if (letters < 0.75 * visible) {
      return false;
    }
    long wordy = Arrays.stream(s.split(" ")).filter(w -> WORD.matcher(w).matches()).count();
    return wordy >= 0.6 * words;
  }
}
