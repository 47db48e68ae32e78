package io.cmsai.content;

import java.time.Instant;
import java.util.IllformedLocaleException;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * One piece of site content as the indexer sees it.
 *
 * <p>Values are normalised on construction: tags and access groups are trimmed, de-duplicated and
 * sorted (tags lower-cased), the language becomes a well-formed BCP 47 tag ({@code und} when
 * blank). Invalid values are refused with a message naming the field.
 *
 * @param id the item's id within its source: 1 to {@value #MAX_ID_LENGTH} characters, no control
 *     characters
 * @param title plain-text title (may be empty, at most 1000 characters)
 * @param bodyHtml the body as HTML (plain text is fine too); may be empty
 * @param url where a visitor reads the item (absolute or site-relative)
 * @param language BCP 47 language tag, e.g. {@code en} or {@code pt-BR}
 * @param tags free tags (at most {@value #MAX_TAGS})
 * @param type the content type, e.g. {@code article} (may be empty)
 * @param published only published items are searchable; unpublished ones are removed from the index
 * @param accessGroups groups allowed to see the item; empty = everyone
 * @param modified last modification time
 */
public record ContentItem(
    String id,
    String title,
    String bodyHtml,
    String url,
    String language,
    Set<String> tags,
    String type,
    boolean published,
    Set<String> accessGroups,
    Instant modified) {

  /** The longest item id. */
  public static final int MAX_ID_LENGTH = 160;

  /** The most tags or access groups an item may have. */
  public static final int MAX_TAGS = 50;

  private static final Pattern CONTROL = Pattern.compile("\\p{Cntrl}");

  public ContentItem {
    if (id == null || id.isBlank() || id.length() > MAX_ID_LENGTH || CONTROL.matcher(id).find()) {
      throw new IllegalArgumentException(
          "content id must be 1.." + MAX_ID_LENGTH + " characters without control characters");
    }
    title = title == null ? "" : title.strip();
    if (title.length() > 1000) {
      throw new IllegalArgumentException("title of " + id + " is longer than 1000 characters");
    }
    bodyHtml = bodyHtml == null ? "" : bodyHtml;
    url = url == null ? "" : url.strip();
    if (url.length() > 2000 || CONTROL.matcher(url).find()) {
      throw new IllegalArgumentException("url of " + id + " must be at most 2000 characters");
    }
    language = normaliseLanguage(id, language);
    tags = normaliseSet(id, "tags", tags, true);
    type = type == null ? "" : type.strip();
    if (type.length() > 100) {
      throw new IllegalArgumentException("type of " + id + " is longer than 100 characters");
    }
    accessGroups = normaliseSet(id, "access groups", accessGroups, false);
    modified = modified == null ? Instant.EPOCH : modified;
  }

  /** Whether everyone may see the item (no access groups). */
  public boolean isPublic() {
    return accessGroups.isEmpty();
  }

  /**
   * {@code language} as a well-formed BCP 47 tag, or {@code und} when blank.
   *
   * @throws IllegalArgumentException when it is not well-formed
   */
  public static String normaliseLanguage(String where, String language) {
    if (language == null || language.isBlank()) {
      return "und";
    }
    try {
      String tag = new Locale.Builder().setLanguageTag(language.strip()).build().toLanguageTag();
      if (tag.isEmpty() || tag.length() > 35) {
        throw new IllformedLocaleException("empty");
      }
      return tag;
    } catch (IllformedLocaleException e) {
      throw new IllegalArgumentException(
          "language of " + where + " is not a BCP 47 tag such as en or pt-BR: '" + language + "'",
          e);
    }
  }

  private static Set<String> normaliseSet(
      String id, String what, Set<String> values, boolean lowerCase) {
    if (values == null || values.isEmpty()) {
      return Set.of();
    }
    TreeSet<String> clean = new TreeSet<>();
    for (String value : values) {
      if (value == null || value.isBlank()) {
        continue;
      }
      String v = value.strip();
      if (v.length() > 100 || CONTROL.matcher(v).find()) {
        throw new IllegalArgumentException(
            what + " of " + id + " must be at most 100 characters without control characters");
      }
      clean.add(lowerCase ? v.toLowerCase(Locale.ROOT) : v);
    }
    if (clean.size() > MAX_TAGS) {
      throw new IllegalArgumentException(id + " has more than " + MAX_TAGS + " " + what);
    }
    return java.util.Collections.unmodifiableSortedSet(clean);
  }
}
