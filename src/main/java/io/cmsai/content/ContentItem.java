package io.cmsai.content;

import io.cmsai.content.internal.ContentJson;
import jakarta.json.JsonObject;
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

  /** A scheme or other colon in the first path segment ({@code mailto:}, {@code javascript:}). */
  private static final Pattern SCHEME = Pattern.compile("^[^/?#]*:");

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
    url = checkUrl(id, url == null ? "" : url.strip());
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

  /**
   * {@code url} when a browser can only take it for a web page: empty (no link), {@code http} or
   * {@code https} with a host, a site path starting with one {@code /} (not {@code //} or {@code
   * /\}, which browsers read as another host), or a path relative to the module without a scheme
   * ({@code demo/x}). Never {@code javascript:}, {@code data:} or any other scheme, control
   * characters or backslashes: the URL is served raw in the public search JSON.
   */
  private static String checkUrl(String id, String url) {
    if (url.length() > 2000) {
      throw new IllegalArgumentException("url of " + id + " must be at most 2000 characters");
    }
    if (url.isEmpty()) {
      return url;
    }
    if (CONTROL.matcher(url).find() || url.indexOf('\\') >= 0) {
      throw badUrl(id, "must not contain control characters or backslashes");
    }
    String lower = url.toLowerCase(java.util.Locale.ROOT);
    if (lower.startsWith("http://") || lower.startsWith("https://")) {
      try {
        java.net.URI parsed = new java.net.URI(url);
        if (parsed.getHost() != null && !parsed.getHost().isEmpty()) {
          return url;
        }
      } catch (java.net.URISyntaxException e) {
        throw new IllegalArgumentException("url of " + id + " is not a valid http(s) URL", e);
      }
      throw badUrl(id, "must name a host after http(s)://");
    }
    if (url.startsWith("/") ? !url.startsWith("//") : !SCHEME.matcher(url).find()) {
      return url;
    }
    throw badUrl(
        id,
        "must be an http:// or https:// URL or a site path starting with a single /, got '"
            + (url.length() > 40 ? url.substring(0, 40) + "…" : url)
            + "'");
  }

  private static IllegalArgumentException badUrl(String id, String why) {
    return new IllegalArgumentException("url of " + id + " " + why);
  }

  /**
   * This item as JSON, in the push API's shape ({@code id, title, body, url, language, tags, type,
   * published, accessGroups, modified}); {@link #fromJson} reads it back unchanged.
   */
  public JsonObject toJson() {
    return ContentJson.write(this);
  }

  /**
   * The item {@code id} described by {@code json} (the push API's body, or {@link #toJson()}).
   *
   * @throws IllegalArgumentException naming the field when a value has the wrong type or is
   *     invalid, or the body names an unknown field
   */
  public static ContentItem fromJson(String id, JsonObject json) {
    return ContentJson.read(id, json);
  }
}
