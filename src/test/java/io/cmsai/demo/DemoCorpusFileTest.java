package io.cmsai.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cmsai.platform.Jsons;
import jakarta.json.JsonArray;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The demo corpus and its labelled evaluation set, as files: the formats that the demo content
 * source and the search quality test rely on (see src/main/resources/demo/NOTICE.md).
 */
class DemoCorpusFileTest {

  private static final String CORPUS = "/demo/corpus.jsonl.gz";
  private static final String EVAL = "/demo/eval-queries.json";
  private static final long MAX_CORPUS_BYTES = 4L * 1024 * 1024;
  private static final Pattern ID = Pattern.compile("[a-z0-9._-]{1,120}");
  private static final Set<String> LANGUAGES = Set.of("en", "de", "ja");
  private static final Set<String> FIELDS =
      Set.of("id", "language", "title", "chapter", "type", "tags", "modified", "origin", "body");
  private static final Set<String> KINDS = Set.of("semantic", "keyword", "mixed");
  private static final Pattern HREF = Pattern.compile("href=\"([^\"]*)\"");
  private static final Pattern FORBIDDEN =
      Pattern.compile("<script|<style|<img|<iframe|javascript:", Pattern.CASE_INSENSITIVE);
  private static final Pattern KANA = Pattern.compile("[\\p{IsHiragana}\\p{IsKatakana}]");

  private static List<JsonObject> docs;
  private static Map<String, JsonObject> byId;
  private static List<JsonObject> queries;

  @BeforeAll
  static void readFiles() throws IOException {
    docs = readCorpus();
    byId = new LinkedHashMap<>();
    docs.forEach(d -> byId.put(d.getString("id"), d));
    queries =
        Jsons.readValue(resourceBytes(EVAL)).asJsonArray().stream()
            .map(JsonValue::asJsonObject)
            .toList();
  }

  @Test
  void corpus_file_is_at_most_4_mb() throws IOException {
    long size = resourceBytes(CORPUS).length;

    assertTrue(size <= MAX_CORPUS_BYTES, size + " bytes");
  }

  @Test
  void corpus_has_at_least_300_documents() {
    assertTrue(docs.size() >= 300, docs.size() + " documents");
  }

  @Test
  void ids_are_unique_sorted_and_well_formed() {
    List<String> ids = docs.stream().map(d -> d.getString("id")).toList();

    assertEquals(ids.size(), new HashSet<>(ids).size(), "duplicate ids");
    assertEquals(ids.stream().sorted().toList(), ids, "not sorted by id");
    ids.forEach(id -> assertTrue(ID.matcher(id).matches(), id));
  }

  @Test
  void every_document_has_every_field_and_no_other() {
    for (JsonObject d : docs) {
      assertEquals(FIELDS, d.keySet(), d.getString("id", "?"));
      assertValidFields(d);
    }
  }

  @Test
  void bodies_are_sanitized_html_without_scripts_styles_or_images() {
    for (JsonObject d : docs) {
      String body = d.getString("body");
      Matcher forbidden = FORBIDDEN.matcher(body);
      boolean found = forbidden.find();
      assertFalse(found, () -> d.getString("id") + " contains " + forbidden.group());
    }
  }

  @Test
  void links_go_to_corpus_documents_or_to_absolute_urls() {
    for (JsonObject d : docs) {
      Matcher href = HREF.matcher(d.getString("body"));
      while (href.find()) {
        String target = href.group(1);
        if (target.startsWith("demo/")) {
          assertTrue(byId.containsKey(target.substring(5)), d.getString("id") + " -> " + target);
        } else {
          assertTrue(target.matches("(https?|ftp|mailto):.+"), d.getString("id") + " -> " + target);
        }
      }
    }
  }

  @Test
  void languages_are_english_german_and_japanese() {
    Map<String, Long> perLanguage =
        docs.stream()
            .collect(
                Collectors.groupingBy(
                    d -> d.getString("language"), TreeMap::new, Collectors.counting()));

    assertEquals(LANGUAGES, perLanguage.keySet());
    perLanguage.forEach((lang, n) -> assertTrue(n >= 40, lang + ": " + n + " documents"));
  }

  @Test
  void japanese_documents_hold_japanese_text() {
    docs.stream()
        .filter(d -> d.getString("language").equals("ja"))
        .forEach(
            d ->
                assertTrue(
                    KANA.matcher(d.getString("body")).find(), d.getString("id") + " has no kana"));
  }

  @Test
  void evaluation_set_has_at_least_60_well_formed_queries() {
    assertTrue(queries.size() >= 60, queries.size() + " queries");
    Set<String> texts = new HashSet<>();
    for (JsonObject q : queries) {
      String text = q.getString("query");
      assertFalse(text.isBlank());
      assertTrue(texts.add(text), "duplicate query: " + text);
      assertTrue(LANGUAGES.contains(q.getString("language")), text);
      assertTrue(KINDS.contains(q.getString("kind")), text);
    }
  }

  @Test
  void every_query_has_a_grade_2_document_and_only_grades_1_and_2() {
    for (JsonObject q : queries) {
      Map<String, Integer> grades = grades(q);
      assertFalse(grades.isEmpty(), q.getString("query"));
      assertTrue(grades.containsValue(2), "no grade-2 document: " + q.getString("query"));
      grades.values().forEach(g -> assertTrue(g == 1 || g == 2, q.getString("query")));
    }
  }

  @Test
  void relevant_documents_exist_in_the_query_language() {
    for (JsonObject q : queries) {
      for (String id : grades(q).keySet()) {
        JsonObject doc = byId.get(id);
        assertNotNull(doc, "unknown document " + id + " for: " + q.getString("query"));
        assertEquals(q.getString("language"), doc.getString("language"), id);
      }
    }
  }

  @Test
  void evaluation_set_covers_every_kind_and_language() {
    Set<String> kinds = queries.stream().map(q -> q.getString("kind")).collect(Collectors.toSet());
    Set<String> languages =
        queries.stream().map(q -> q.getString("language")).collect(Collectors.toSet());

    assertEquals(KINDS, kinds);
    assertEquals(LANGUAGES, languages);
  }

  private static void assertValidFields(JsonObject d) {
    String id = d.getString("id");
    String language = d.getString("language");
    assertTrue(LANGUAGES.contains(language), id);
    assertTrue(id.startsWith(language + "."), id);
    assertFalse(d.getString("title").isBlank(), id);
    assertFalse(d.getString("chapter").isBlank(), id);
    assertEquals("handbook-section", d.getString("type"), id);
    assertValidTags(id, d.getJsonArray("tags"));
    assertEquals(LocalDate.parse(d.getString("modified")).toString(), d.getString("modified"), id);
    URI origin = URI.create(d.getString("origin"));
    assertEquals("https", origin.getScheme(), id);
    assertEquals("debian-handbook.info", origin.getHost(), id);
    assertFalse(d.getString("body").isBlank(), id);
  }

  private static void assertValidTags(String id, JsonArray tags) {
    assertTrue(tags.size() >= 1 && tags.size() <= 5, id + ": " + tags);
    List<String> values = new ArrayList<>();
    for (JsonValue tag : tags) {
      String value = ((JsonString) tag).getString();
      assertFalse(value.isBlank(), id);
      assertEquals(value.strip(), value, id);
      assertEquals(value.toLowerCase(Locale.ROOT), value, id);
      assertFalse(value.contains("<"), id + ": " + value);
      values.add(value);
    }
    assertEquals(values.size(), new HashSet<>(values).size(), id + ": duplicate tags " + values);
  }

  private static Map<String, Integer> grades(JsonObject query) {
    Map<String, Integer> grades = new LinkedHashMap<>();
    query
        .getJsonObject("relevant")
        .forEach((id, g) -> grades.put(id, ((JsonNumber) g).intValueExact()));
    return grades;
  }

  private static List<JsonObject> readCorpus() throws IOException {
    try (InputStream in = resource(CORPUS);
        BufferedReader lines =
            new BufferedReader(
                new InputStreamReader(new GZIPInputStream(in), StandardCharsets.UTF_8))) {
      return lines.lines().map(Jsons::readObject).toList();
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
  }

  private static byte[] resourceBytes(String name) throws IOException {
    try (InputStream in = resource(name)) {
      return in.readAllBytes();
    }
  }

  private static InputStream resource(String name) {
    InputStream in = DemoCorpusFileTest.class.getResourceAsStream(name);
    assertNotNull(in, name + " is not on the class path");
    return in;
  }
}
