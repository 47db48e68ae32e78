package io.cmsai.content.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cmsai.content.ContentItem;
import io.cmsai.platform.Jsons;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ContentJsonTest {

  private static final ContentItem FULL =
      new ContentItem(
          "page-1",
          "Öffnungszeiten \"Bücherei\"",
          "<p>Mo–Fr 9–18 Uhr</p>\n<script>x()</script>",
          "/de/bücherei?x=1&y=2",
          "de-CH",
          Set.of("Library", "hours"),
          "article",
          false,
          Set.of("staff", "Editors"),
          Instant.parse("2026-01-31T12:00:00.123Z"));

  private static ContentItem read(String json) {
    return ContentJson.read("page-1", Jsons.readObject(json));
  }

  @Test
  void an_item_survives_a_round_trip_through_json_text() {
    String text = ContentJson.write(FULL).toString();

    assertEquals(FULL, ContentJson.read(FULL.id(), Jsons.readObject(text)));
  }

  @Test
  void every_field_is_written_under_its_documented_name() {
    JsonObject json = ContentJson.write(FULL);

    assertEquals(
        Set.of(
            "id",
            "title",
            "body",
            "url",
            "language",
            "tags",
            "type",
            "published",
            "accessGroups",
            "modified"),
        json.keySet());
    assertEquals("page-1", json.getString("id"));
    assertEquals("Öffnungszeiten \"Bücherei\"", json.getString("title"));
    assertEquals(FULL.bodyHtml(), json.getString("body"));
    assertEquals("/de/bücherei?x=1&y=2", json.getString("url"));
    assertEquals("de-CH", json.getString("language"));
    assertEquals(
        List.of("hours", "library"), json.getJsonArray("tags").getValuesAs(JsonString::getString));
    assertEquals("article", json.getString("type"));
    assertFalse(json.getBoolean("published"));
    assertEquals(
        List.of("Editors", "staff"),
        json.getJsonArray("accessGroups").getValuesAs(JsonString::getString));
    assertEquals("2026-01-31T12:00:00.123Z", json.getString("modified"));
  }

  @Test
  void missing_optional_fields_get_their_defaults() {
    Instant before = Instant.now();
    ContentItem item = read("{}");
    Instant after = Instant.now();

    assertEquals("page-1", item.id());
    assertEquals("", item.title());
    assertEquals("", item.bodyHtml());
    assertEquals("", item.url());
    assertEquals("und", item.language());
    assertEquals(Set.of(), item.tags());
    assertEquals("", item.type());
    assertTrue(item.published(), "published unless it says otherwise");
    assertTrue(item.isPublic());
    assertFalse(item.modified().isBefore(before) || item.modified().isAfter(after));
  }

  @Test
  void null_values_count_as_missing() {
    ContentItem item =
        read(
            "{\"title\":null,\"body\":null,\"url\":null,\"language\":null,\"tags\":null,"
                + "\"type\":null,\"published\":null,\"accessGroups\":null,\"modified\":null}");

    assertEquals("", item.title());
    assertEquals("und", item.language());
    assertEquals(Set.of(), item.tags());
    assertTrue(item.published());
    assertEquals(Set.of(), item.accessGroups());
  }

  @Test
  void values_read_are_normalised_like_any_item() {
    ContentItem item =
        read(
            "{\"title\":\" Hi \",\"language\":\"PT-br\",\"tags\":[\"B\",\"a\",\"b\"],"
                + "\"published\":true,\"modified\":\" 2026-01-31T12:00:00Z \"}");

    assertEquals("Hi", item.title());
    assertEquals("pt-BR", item.language());
    assertEquals(List.of("a", "b"), List.copyOf(item.tags()));
    assertTrue(item.published());
    assertEquals(Instant.parse("2026-01-31T12:00:00Z"), item.modified());
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '`',
      value = {
        "{\"tags\":5}                    | 'tags' must be an array of strings",
        "{\"tags\":\"news\"}             | 'tags' must be an array of strings",
        "{\"tags\":[\"news\",1]}         | 'tags' must be an array of strings",
        "{\"tags\":[null]}               | 'tags' must be an array of strings",
        "{\"accessGroups\":{}}           | 'accessGroups' must be an array of strings",
        "{\"title\":3}                   | 'title' must be a string",
        "{\"body\":[\"<p>\"]}            | 'body' must be a string",
        "{\"url\":false}                 | 'url' must be a string",
        "{\"language\":1}                | 'language' must be a string",
        "{\"type\":{}}                   | 'type' must be a string",
        "{\"published\":\"yes\"}         | 'published' must be true or false",
        "{\"published\":1}               | 'published' must be true or false",
        "{\"modified\":1769860800}       | 'modified' must be a string",
        "{\"modified\":\"yesterday\"}    | "
            + "'modified' must be an ISO-8601 instant such as 2026-01-31T12:00:00Z",
      })
  void a_value_of_the_wrong_type_is_refused_naming_the_field(String json, String message) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> read(json));

    assertEquals(message, e.getMessage());
  }

  @Test
  void an_unknown_field_is_refused_instead_of_silently_dropped() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> read("{\"bodyHtml\":\"<p>x</p>\"}"));

    assertEquals(
        "unknown field 'bodyHtml': the fields are id, title, body, url, language, tags, type,"
            + " published, accessGroups, modified",
        e.getMessage());
  }

  @Test
  void an_id_in_the_body_must_be_the_path_s() {
    assertEquals("page-1", read("{\"id\":\"page-1\"}").id());
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> read("{\"id\":\"page-2\"}"));

    assertEquals(
        "id in the body ('page-2') differs from the id in the path ('page-1')", e.getMessage());
  }

  @Test
  void an_invalid_value_is_refused_with_the_item_s_own_message() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> read("{\"language\":\"xx_!!\"}"));

    assertEquals(
        "language of page-1 is not a BCP 47 tag such as en or pt-BR: 'xx_!!'", e.getMessage());
  }

  @Test
  void published_false_is_read_from_text_and_from_a_built_object() {
    JsonObject built = Jsons.JSON.createObjectBuilder().add("published", false).build();

    assertFalse(read("{\"published\":false}").published());
    assertFalse(ContentJson.read("page-1", built).published());
  }
}
