package io.cmsai.platform;

/**
 * Request text (user names, ids, paths) made safe for a log line, so that a caller cannot forge log
 * lines or hide text with terminal escapes. Control characters (C0 including CR, LF and ESC, DEL,
 * C1), the Unicode line and paragraph separators (U+2028, U+2029) and bidirectional overrides are
 * written as {@code \n}, {@code \r}, {@code \t} or {@code \}{@code uXXXX}; a backslash and a double
 * quote are escaped too, so the result is unambiguous.
 */
public final class LogText {

  /** The longest text {@link #quote(String)} keeps (characters before escaping). */
  public static final int MAX_LENGTH = 100;

  private LogText() {}

  /**
   * {@code text} escaped, in double quotes, cut to {@value #MAX_LENGTH} characters (then followed
   * by {@code …} after the closing quote); {@code null} becomes {@code null} without quotes.
   */
  public static String quote(String text) {
    if (text == null) {
      return "null";
    }
    boolean cut = text.length() > MAX_LENGTH;
    String kept = cut ? text.substring(0, MAX_LENGTH) : text;
    return "\"" + escape(kept) + "\"" + (cut ? "…" : "");
  }

  /** {@code text} with every character that could break or disguise a log line escaped. */
  public static String escape(String text) {
    StringBuilder out = new StringBuilder(text.length() + 8);
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        case '\\' -> out.append("\\\\");
        case '"' -> out.append("\\\"");
        default -> {
          if (needsEscape(c)) {
            String hex = Integer.toHexString(c);
            out.append("\\u").append("0".repeat(4 - hex.length())).append(hex);
          } else {
            out.append(c);
          }
        }
      }
    }
    return out.toString();
  }

  private static boolean needsEscape(char c) {
    return c < 0x20
        || (c >= 0x7f && c <= 0x9f)
        || c == '\u2028'
        || c == '\u2029'
        || (c >= '\u202a' && c <= '\u202e')
        || (c >= '\u2066' && c <= '\u2069');
  }
}
