package io.cmsai.vectorstore.milvus;

import static io.cmsai.vectorstore.milvus.MilvusFilterConverter.toExpression;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cmsai.vectorstore.filter.Filter;
import io.cmsai.vectorstore.milvus.internal.MilvusRows;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class MilvusFilterConverterTest {

  @Test
  void equality_is_written_over_the_json_field_with_typed_literals() {
    assertEquals("metadata[\"type\"] == \"news\"", toExpression(Filter.eq("type", "news")));
    assertEquals("metadata[\"year\"] == 2024", toExpression(Filter.eq("year", 2024)));
    assertEquals("metadata[\"year\"] == -7", toExpression(Filter.eq("year", -7L)));
    assertEquals("metadata[\"rating\"] == 4.5", toExpression(Filter.eq("rating", 4.5)));
    assertEquals("metadata[\"tiny\"] == 1.0E-7", toExpression(Filter.eq("tiny", 1e-7)));
    assertEquals("metadata[\"live\"] == true", toExpression(Filter.eq("live", true)));
  }

  @Test
  void the_most_negative_long_is_written_as_a_decimal_that_reads_back_exactly() {
    String expression = toExpression(Filter.eq("n", Long.MIN_VALUE));

    assertEquals("metadata[\"n\"] == -9.223372036854776E18", expression);
    assertEquals(-0x1p63, Double.parseDouble(expression.substring(expression.indexOf('-'))));
  }

  @Test
  void membership_of_one_type_uses_in_and_mixed_types_an_or_of_equalities() {
    assertEquals(
        "metadata[\"type\"] in [\"page\", \"blog\"]",
        toExpression(Filter.in("type", "page", "blog")));
    assertEquals(
        "metadata[\"year\"] in [2020, 2024]", toExpression(Filter.in("year", 2020, 2024L)));
    assertEquals(
        "(metadata[\"x\"] == \"a\" or metadata[\"x\"] == 1 or metadata[\"x\"] == 1.5)",
        toExpression(Filter.in("x", "a", 1, 1.5)));
    assertEquals("metadata[\"type\"] == \"page\"", toExpression(Filter.in("type", "page")));
  }

  @Test
  void ranges_write_one_comparison_per_bound() {
    assertEquals("metadata[\"year\"] >= 2022", toExpression(Filter.gte("year", 2022)));
    assertEquals("metadata[\"year\"] > 2022", toExpression(Filter.gt("year", 2022)));
    assertEquals("metadata[\"score\"] < 0.75", toExpression(Filter.lt("score", 0.75)));
    assertEquals(
        "metadata[\"day\"] <= \"2024-12-31\"", toExpression(Filter.lte("day", "2024-12-31")));
    assertEquals(
        "(metadata[\"year\"] >= 2019 and metadata[\"year\"] <= 2022)",
        toExpression(Filter.between("year", 2019, 2022)));
  }

  @Test
  void combinations_are_parenthesised_and_not_always_takes_parentheses() {
    assertEquals(
        "(metadata[\"type\"] == \"news\" and metadata[\"live\"] == true)",
        toExpression(Filter.and(Filter.eq("type", "news"), Filter.eq("live", true))));
    assertEquals(
        "(metadata[\"type\"] == \"page\" or (metadata[\"a\"] == 1 and metadata[\"b\"] == 2))",
        toExpression(
            Filter.or(
                Filter.eq("type", "page"), Filter.and(Filter.eq("a", 1), Filter.eq("b", 2)))));
    assertEquals(
        "not (metadata[\"type\"] == \"news\")",
        toExpression(Filter.not(Filter.eq("type", "news"))));
    assertEquals("metadata[\"a\"] == 1", toExpression(Filter.and(Filter.eq("a", 1))));
  }

  @Test
  void all_is_no_expression_at_the_top_and_always_true_inside() {
    assertEquals("", toExpression(Filter.all()));
    assertEquals("not (id != \"\")", toExpression(Filter.not(Filter.all())));
    assertEquals(
        "(id != \"\" and metadata[\"a\"] == 1)",
        toExpression(Filter.and(Filter.all(), Filter.eq("a", 1))));
  }

  @Test
  void quotes_cannot_end_a_string_literal_early() {
    assertEquals(
        "metadata[\"type\"] == \"a\\\" or 1==1 or \\\"\"",
        toExpression(Filter.eq("type", "a\" or 1==1 or \"")));
    assertEquals(
        "metadata[\"t\"] == \"it's \\\"quoted\\\" ' OR 1=1 --\"",
        toExpression(Filter.eq("t", "it's \"quoted\" ' OR 1=1 --")));
  }

  @Test
  void backslashes_and_control_characters_are_escaped() {
    assertEquals("\"C:\\\\temp\\\\\"", MilvusFilterConverter.stringLiteral("C:\\temp\\"));
    assertEquals("\"\\\\\\\"\"", MilvusFilterConverter.stringLiteral("\\\""));
    assertEquals(
        "\"line\\nnext\\r\\ttab\"", MilvusFilterConverter.stringLiteral("line\nnext\r\ttab"));
    assertEquals(
        "\"bell\\u0007 nul\\u0000 del\\u007f\"",
        MilvusFilterConverter.stringLiteral("bell\u0007 nul\u0000 del\u007f"));
    assertEquals("\"ünï ✓ 🦙\"", MilvusFilterConverter.stringLiteral("ünï ✓ 🦙"));
  }

  @Test
  void escaped_literals_read_back_as_the_original_text() {
    for (String hostile :
        List.of(
            "a\" or 1==1 or \"", "C:\\temp\\", "\\\"", "two\nlines\r\n", "\u0000\u001f", "🦙 ü")) {
      MilvusExpression.Node parsed = MilvusExpression.parse(toExpression(Filter.eq("k", hostile)));
      assertTrue(
          parsed.test(row(Map.of("k", hostile))),
          "round trip of " + hostile.codePoints().boxed().toList());
      assertFalse(parsed.test(row(Map.of("k", hostile + "x"))));
    }
  }

  @Test
  void ids_are_quoted_like_any_string() {
    assertEquals(
        "id in [\"a\", \"b\\\"c\", \"d\\\\\"]",
        MilvusFilterConverter.idsIn(List.of("a", "b\"c", "d\\")));
    assertEquals("id != \"\"", MilvusFilterConverter.everything());
    assertThrows(IllegalArgumentException.class, () -> MilvusFilterConverter.idsIn(List.of()));
  }

  /**
   * Random filters over random metadata: what Milvus's rules make of the expression (as the test
   * double evaluates them) equals the port's reference semantics, missing keys and mixed types
   * included.
   */
  @Test
  void milvus_semantics_of_the_expression_equal_the_reference_semantics() {
    Random random = new Random(42);
    int checked = 0;
    for (int i = 0; i < 3000; i++) {
      Filter filter = randomFilter(random, 3);
      MilvusExpression.Node parsed = parse(toExpression(filter));
      for (int j = 0; j < 8; j++) {
        Map<String, Object> metadata = randomMetadata(random);
        assertEquals(
            filter.matches(metadata),
            parsed.test(row(metadata)),
            () -> toExpression(filter) + " on " + metadata);
        checked++;
      }
    }
    assertEquals(24_000, checked);
  }

  private static MilvusExpression.Node parse(String expression) {
    return expression.isEmpty()
        ? new MilvusExpression.And(List.of())
        : MilvusExpression.parse(expression);
  }

  private static MilvusExpression.Row row(Map<String, Object> metadata) {
    return new MilvusExpression.Row("id-1", "", MilvusRows.metadataJson(metadata));
  }

  private static final List<String> FIELDS = List.of("a", "b", "c");

  private static Filter randomFilter(Random random, int depth) {
    int kind = random.nextInt(depth == 0 ? 4 : 8);
    String field = FIELDS.get(random.nextInt(FIELDS.size()));
    return switch (kind) {
      case 0 -> Filter.eq(field, randomValue(random));
      case 1 -> Filter.in(field, randomValue(random), randomValue(random), randomValue(random));
      case 2 -> randomRange(random, field);
      case 3 -> Filter.all();
      case 4 -> Filter.and(randomFilter(random, depth - 1), randomFilter(random, depth - 1));
      case 5 -> Filter.or(randomFilter(random, depth - 1), randomFilter(random, depth - 1));
      default -> Filter.not(randomFilter(random, depth - 1));
    };
  }

  private static Filter randomRange(Random random, String field) {
    boolean text = random.nextBoolean();
    Object lower = random.nextBoolean() ? null : bound(random, text);
    Object upper = lower != null && random.nextBoolean() ? null : bound(random, text);
    return new Filter.Range(field, lower, random.nextBoolean(), upper, random.nextBoolean());
  }

  private static Object bound(Random random, boolean text) {
    if (text) {
      return String.valueOf((char) ('a' + random.nextInt(4)));
    }
    return random.nextBoolean() ? (Object) (long) random.nextInt(5) : random.nextInt(9) / 2.0;
  }

  private static Object randomValue(Random random) {
    return switch (random.nextInt(5)) {
      case 0 -> String.valueOf((char) ('a' + random.nextInt(4)));
      case 1 -> (long) (random.nextInt(7) - 2);
      case 2 -> random.nextInt(9) / 2.0 - 1;
      case 3 -> random.nextBoolean();
      default -> random.nextBoolean() ? "a\"\\" : "";
    };
  }

  private static Map<String, Object> randomMetadata(Random random) {
    Map<String, Object> metadata = new LinkedHashMap<>();
    List<String> fields = new ArrayList<>(FIELDS);
    for (String field : fields) {
      if (random.nextInt(3) > 0) {
        metadata.put(field, randomValue(random));
      }
    }
    return metadata;
  }
}
