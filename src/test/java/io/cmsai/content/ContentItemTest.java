package io.cmsai.content;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

class ContentItemTest {

  private static final Instant MODIFIED = Instant.parse("2026-01-31T12:00:00Z");

  private static ContentItem item(String id) {
    return new ContentItem(
        id, "Title", "<p>Body</p>", "/page", "en", Set.of(), "article", true, Set.of(), MODIFIED);
  }

  private static ContentItem withTags(Set<String> tags) {
    return new ContentItem("p1", "T", "", "", "en", tags, "", true, Set.of(), MODIFIED);
  }

  private static ContentItem withGroups(Set<String> groups) {
    return new ContentItem("p1", "T", "", "", "en", Set.of(), "", true, groups, MODIFIED);
  }

  private static ContentItem withLanguage(String language) {
    return new ContentItem("p1", "T", "", "", language, Set.of(), "", true, Set.of(), MODIFIED);
  }

  private static Set<String> numbered(String prefix, int count) {
    return IntStream.rangeClosed(1, count).mapToObj(i -> prefix + i).collect(Collectors.toSet());
  }

  // ---------------------------------------------------------------- id

  @ParameterizedTest
  @NullSource
  @ValueSource(strings = {"", "   ", "a\nb", "tab\there", "nul\u0000", "del\u007f"})
  void an_empty_blank_or_control_character_id_is_refused(String id) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> item(id));

    assertEquals("content id must be 1..160 characters without control characters", e.getMessage());
  }

  @Test
  void an_id_of_up_to_160_characters_is_accepted() {
    String longest = "x".repeat(ContentItem.MAX_ID_LENGTH);

    assertEquals(longest, item(longest).id());
    assertEquals("päge/ü 1", item("päge/ü 1").id());
    assertThrows(IllegalArgumentException.class, () -> item(longest + "x"));
  }

  // ---------------------------------------------------------------- text fields

  @Test
  void missing_values_become_empty_and_text_fields_are_stripped() {
    ContentItem item =
        new ContentItem(
            "p1", "  Title \n", null, " /page ", null, null, " news ", false, null, null);

    assertEquals("Title", item.title());
    assertEquals("", item.bodyHtml());
    assertEquals("/page", item.url());
    assertEquals("und", item.language());
    assertEquals(Set.of(), item.tags());
    assertEquals("news", item.type());
    assertEquals(Set.of(), item.accessGroups());
    assertEquals(Instant.EPOCH, item.modified());
    assertEquals(
        "",
        new ContentItem("p1", null, "", null, "", Set.of(), null, true, Set.of(), null).title());
  }

  @Test
  void the_body_is_kept_as_given() {
    String body = "  <p>one</p>\n\n  <p>two</p>  ";

    assertEquals(
        body,
        new ContentItem("p1", "", body, "", "", Set.of(), "", true, Set.of(), MODIFIED).bodyHtml());
  }

  @Test
  void a_title_longer_than_1000_characters_is_refused() {
    String title = "t".repeat(1000);

    assertEquals(
        title,
        new ContentItem("p1", title, "", "", "", Set.of(), "", true, Set.of(), null).title());
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                new ContentItem("p1", title + "t", "", "", "", Set.of(), "", true, Set.of(), null));
    assertEquals("title of p1 is longer than 1000 characters", e.getMessage());
  }

  @Test
  void a_url_longer_than_2000_characters_is_refused() {
    String url = "/" + "u".repeat(1999);

    assertEquals(url, withUrl(url).url());
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> withUrl(url + "u"));
    assertEquals("url of p1 must be at most 2000 characters", e.getMessage());
  }

  @Test
  void only_http_https_site_paths_and_module_paths_are_accepted_as_urls() {
    for (String good :
        List.of(
            "",
            "https://www.example.org/a?b=c#d",
            "HTTP://example.org",
            "/",
            "/page",
            "/a/b?c=d:e",
            "demo/item-1")) {
      assertEquals(good, withUrl(good).url(), good);
    }
    for (String bad :
        List.of(
            "javascript:alert('u1')",
            "JaVaScRiPt:alert(1)",
            " javascript:alert(1)",
            "java\tscript:alert(1)",
            "data:text/html,<script>alert(1)</script>",
            "vbscript:x",
            "mailto:a@example.org",
            "//evil.example/phish",
            "/\\evil.example/x",
            "\\\\evil.example",
            "http:///nohost",
            "https:evil.example",
            "/a\nb",
            "/a\u0000")) {
      IllegalArgumentException e =
          assertThrows(IllegalArgumentException.class, () -> withUrl(bad), bad);
      assertTrue(e.getMessage().startsWith("url of p1 "), e.getMessage());
      assertFalse(e.getMessage().contains("2000"), e.getMessage());
    }
  }

  private static ContentItem withUrl(String url) {
    return new ContentItem("p1", "", "", url, "", Set.of(), "", true, Set.of(), null);
  }

  @Test
  void a_type_longer_than_100_characters_is_refused() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                new ContentItem(
                    "p1", "", "", "", "", Set.of(), "t".repeat(101), true, Set.of(), null));

    assertEquals("type of p1 is longer than 100 characters", e.getMessage());
  }

  // ---------------------------------------------------------------- language

  @ParameterizedTest
  @CsvSource({
    "en, en",
    "EN, en",
    "' de ', de",
    "pt-br, pt-BR",
    "EN-gb, en-GB",
    "zh-hant-tw, zh-Hant-TW",
    "sr-Latn, sr-Latn",
    "es-419, es-419"
  })
  void the_language_becomes_a_well_formed_bcp_47_tag(String given, String tag) {
    assertEquals(tag, withLanguage(given).language());
  }

  @ParameterizedTest
  @NullSource
  @ValueSource(strings = {"", "  "})
  void a_blank_language_is_und(String language) {
    assertEquals("und", withLanguage(language).language());
  }

  @ParameterizedTest
  @ValueSource(strings = {"xx_!!", "en_US", "toolonglang", "e", "en--us", "1234"})
  void an_invalid_language_tag_is_refused_with_the_value(String language) {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> withLanguage(language));

    assertEquals(
        "language of p1 is not a BCP 47 tag such as en or pt-BR: '" + language + "'",
        e.getMessage());
  }

  // ---------------------------------------------------------------- tags and groups

  @Test
  void tags_are_stripped_lower_cased_de_duplicated_and_sorted() {
    Set<String> tags =
        new HashSet<>(Arrays.asList(" News ", "news", "EVENTS", "Ärger", "", "  ", null));

    ContentItem item = withTags(tags);

    assertEquals(List.of("events", "news", "ärger"), List.copyOf(item.tags()));
    assertThrows(UnsupportedOperationException.class, () -> item.tags().add("more"));
  }

  @Test
  void access_groups_are_stripped_de_duplicated_and_sorted_but_keep_their_case() {
    ContentItem item = withGroups(new HashSet<>(Arrays.asList(" Staff", "Staff ", "admins", " ")));

    assertEquals(List.of("Staff", "admins"), List.copyOf(item.accessGroups()));
    assertThrows(UnsupportedOperationException.class, () -> item.accessGroups().clear());
  }

  @Test
  void at_most_max_tags_distinct_tags_are_accepted_after_de_duplication() {
    Set<String> fifty = numbered("tag", ContentItem.MAX_TAGS);
    Set<String> fiftyInTwoCases = new HashSet<>(fifty);
    fiftyInTwoCases.add("TAG1");

    assertEquals(ContentItem.MAX_TAGS, withTags(fifty).tags().size());
    assertEquals(ContentItem.MAX_TAGS, withTags(fiftyInTwoCases).tags().size());
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> withTags(numbered("tag", ContentItem.MAX_TAGS + 1)));
    assertEquals("p1 has more than 50 tags", e.getMessage());
  }

  @Test
  void more_than_max_tags_access_groups_are_refused() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> withGroups(numbered("group", ContentItem.MAX_TAGS + 1)));

    assertEquals("p1 has more than 50 access groups", e.getMessage());
  }

  @Test
  void a_tag_or_group_longer_than_100_characters_or_with_control_characters_is_refused() {
    IllegalArgumentException longTag =
        assertThrows(IllegalArgumentException.class, () -> withTags(Set.of("t".repeat(101))));
    IllegalArgumentException controlGroup =
        assertThrows(IllegalArgumentException.class, () -> withGroups(Set.of("staff\u0007")));

    assertEquals(
        "tags of p1 must be at most 100 characters without control characters",
        longTag.getMessage());
    assertEquals(
        "access groups of p1 must be at most 100 characters without control characters",
        controlGroup.getMessage());
    assertEquals(Set.of("t".repeat(100)), withTags(Set.of(" " + "t".repeat(100) + " ")).tags());
  }

  // ---------------------------------------------------------------- public

  @Test
  void an_item_is_public_when_it_has_no_access_groups() {
    assertTrue(withGroups(Set.of()).isPublic());
    assertTrue(withGroups(null).isPublic());
    assertTrue(withGroups(Set.of("  ")).isPublic(), "blank groups are dropped");
    assertFalse(withGroups(Set.of("staff")).isPublic());
  }
}
