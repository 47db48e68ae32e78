package io.cmsai.vectorstore;

import java.util.regex.Pattern;

/**
 * The naming rules of the stores' tables, collections, schemas and databases, written once: a name
 * that passes can be put into SQL, a Milvus expression or a path without quoting. Each check
 * returns the name or throws {@link IllegalArgumentException} stating the rule. Thread-safe.
 */
public final class Names {

  private static final Pattern LOWER_IDENTIFIER = Pattern.compile("[a-z_][a-z0-9_]{0,62}");
  private static final Pattern MILVUS = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,254}");
  private static final Pattern EMBEDDED = Pattern.compile("[A-Za-z0-9_-]{1,64}");

  private Names() {}

  /**
   * A PostgreSQL identifier the module creates (table, schema), or the settings' embedded index
   * name: lower-case letters, digits and {@code _}, starting with a letter or {@code _}, up to 63
   * characters.
   *
   * @param what {@code table}, {@code schema} or {@code index}, for the message
   */
  public static String lowerIdentifier(String what, String name) {
    if (name == null || !LOWER_IDENTIFIER.matcher(name).matches()) {
      throw new IllegalArgumentException(
          "invalid "
              + what
              + " name "
              + quote(name)
              + ": use lower-case letters, digits and '_', starting with a letter or '_' (up to 63"
              + " characters)");
    }
    return name;
  }

  /**
   * A Milvus collection or database name: letters, digits and {@code _}, starting with a letter or
   * {@code _}, up to 255 characters.
   *
   * @param what {@code collection} or {@code database}, for the message
   */
  public static String milvus(String what, String name) {
    if (name == null || !MILVUS.matcher(name).matches()) {
      throw new IllegalArgumentException(
          "invalid Milvus "
              + what
              + " name "
              + quote(name)
              + ": use letters, digits and '_', starting with a letter or '_' (up to 255"
              + " characters)");
    }
    return name;
  }

  /** An embedded (Lucene) index directory name: 1 to 64 letters, digits, {@code _} or {@code -}. */
  public static String embedded(String name) {
    if (name == null || !EMBEDDED.matcher(name).matches()) {
      throw new IllegalArgumentException(
          "invalid embedded index name "
              + quote(name)
              + ": use 1 to 64 letters, digits, '_' and '-' (no dots, slashes or spaces)");
    }
    return name;
  }

  private static String quote(String name) {
    if (name == null) {
      return "(none)";
    }
    String shown = name.length() > 60 ? name.substring(0, 60) + "…" : name;
    return "'" + shown.replaceAll("\\p{Cntrl}", "?") + "'"; // never echo control characters
  }
}
