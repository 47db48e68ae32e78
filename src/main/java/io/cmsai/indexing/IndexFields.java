package io.cmsai.indexing;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;

/**
 * The metadata every indexed chunk carries in the vector store, for filters and results. Tags and
 * access groups are free text, but metadata field names are identifiers and values are scalars; so
 * each tag becomes a boolean field {@code t_<hash>} and each group {@code g_<hash>} (16 hex digits
 * of the SHA-256 of the lower-cased tag or exact group), which every store can filter with plain
 * equality.
 */
public final class IndexFields {

  /** The content source name. */
  public static final String SOURCE = "source";

  /** The item id within its source. */
  public static final String ITEM = "item";

  /** The item title. */
  public static final String TITLE = "title";

  /** The item URL. */
  public static final String URL = "url";

  /** The primary language subtag, e.g. {@code en} for {@code en-GB}. */
  public static final String LANGUAGE = "lang";

  /** The content type. */
  public static final String TYPE = "type";

  /** {@code true} when everyone may see the item (no access groups). */
  public static final String PUBLIC = "public";

  /** Where the chunk's own text starts in the record text (after the title/context prefix). */
  public static final String BODY_AT = "body_at";

  private IndexFields() {}

  /** The boolean field that marks a tag. */
  public static String tag(String tag) {
    return "t_" + hash(tag.strip().toLowerCase(Locale.ROOT));
  }

  /** The boolean field that marks an access group. */
  public static String group(String group) {
    return "g_" + hash(group.strip());
  }

  /** The primary language subtag of a BCP 47 tag, lower-case ({@code und} when blank). */
  public static String primaryLanguage(String languageTag) {
    if (languageTag == null || languageTag.isBlank()) {
      return "und";
    }
    String primary = languageTag.strip();
    int dash = primary.indexOf('-');
    return (dash < 0 ? primary : primary.substring(0, dash)).toLowerCase(Locale.ROOT);
  }

  private static String hash(String text) {
    return HexFormat.of().formatHex(sha256(text), 0, 8);
  }

  /** SHA-256 of {@code text} as UTF-8. */
  public static byte[] sha256(String text) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }
}
