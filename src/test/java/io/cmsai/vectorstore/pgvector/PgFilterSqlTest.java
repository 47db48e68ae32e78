package io.cmsai.vectorstore.pgvector;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.cmsai.vectorstore.filter.Filter;
import io.cmsai.vectorstore.pgvector.internal.PgFilterSql;
import io.cmsai.vectorstore.pgvector.internal.SqlFragment;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The SQL generated for filters: values and field names are always bound, never spliced. */
class PgFilterSqlTest {

  @Test
  void equality_and_membership_become_bound_jsonb_containment() {
    SqlFragment eq = PgFilterSql.where(Filter.eq("type", "news"));
    SqlFragment in = PgFilterSql.where(Filter.in("year", 2023, 2024L));

    assertEquals("COALESCE(metadata @> ?::jsonb, false)", eq.sql());
    assertEquals(List.of("{\"type\":\"news\"}"), eq.parameters());
    assertEquals("COALESCE(metadata @> ?::jsonb OR metadata @> ?::jsonb, false)", in.sql());
    assertEquals(List.of("{\"year\":2023}", "{\"year\":2024}"), in.parameters());
  }

  @Test
  void ranges_compare_typed_values_with_the_field_name_bound() {
    SqlFragment numbers = PgFilterSql.where(Filter.between("year", 2020, 2.5e3));
    SqlFragment text = PgFilterSql.where(Filter.gt("title", "m"));

    assertEquals(
        "COALESCE((CASE WHEN jsonb_typeof(metadata -> ?) = 'number' THEN (metadata ->> ?)::float8"
            + " END) >= ? AND (CASE WHEN jsonb_typeof(metadata -> ?) = 'number' THEN (metadata"
            + " ->> ?)::float8 END) <= ?, false)",
        numbers.sql());
    assertEquals(List.of("year", "year", 2020.0, "year", "year", 2500.0), numbers.parameters());
    assertEquals(
        "COALESCE((CASE WHEN jsonb_typeof(metadata -> ?) = 'string' THEN metadata ->> ? END)"
            + " COLLATE \"C\" > ?, false)",
        text.sql());
    assertEquals(List.of("title", "title", "m"), text.parameters());
  }

  @Test
  void combinations_nest_in_parentheses_and_all_is_true() {
    SqlFragment sql =
        PgFilterSql.where(
            Filter.and(
                Filter.eq("live", true),
                Filter.not(Filter.or(Filter.eq("a", 1), Filter.eq("b", 0.5)))));

    assertEquals(
        "(COALESCE(metadata @> ?::jsonb, false)) AND (NOT ((COALESCE(metadata @> ?::jsonb, false))"
            + " OR (COALESCE(metadata @> ?::jsonb, false))))",
        sql.sql());
    assertEquals(List.of("{\"live\":true}", "{\"a\":1}", "{\"b\":0.5}"), sql.parameters());
    assertEquals("TRUE", PgFilterSql.where(Filter.all()).sql());
  }

  @Test
  void injection_attempts_stay_inside_bound_json_values() {
    String attack = "x'); DROP TABLE ai_setting; --\" \\ \n";
    SqlFragment sql = PgFilterSql.where(Filter.eq("type", attack));

    assertEquals("COALESCE(metadata @> ?::jsonb, false)", sql.sql());
    assertEquals(
        List.of("{\"type\":\"x'); DROP TABLE ai_setting; --\\\" \\\\ \\n\"}"), sql.parameters());
    assertFalse(sql.sql().contains("DROP"));
    assertThrows(IllegalArgumentException.class, () -> Filter.eq("type') OR 1=1 --", "x"));
    assertThrows(IllegalArgumentException.class, () -> Filter.gt("year", true));
  }

  @Test
  void table_and_schema_names_are_checked_before_any_sql() {
    for (String bad :
        new String[] {"docs; DROP TABLE x", "\"docs\"", "Docs", "1docs", "", "a".repeat(64)}) {
      assertThrows(IllegalArgumentException.class, () -> PgVectorSettings.of(bad, 3), bad);
    }
    assertThrows(
        IllegalArgumentException.class,
        () ->
            new PgVectorSettings(
                "public; --",
                "docs",
                3,
                io.cmsai.vectorstore.DistanceMetric.COSINE,
                io.cmsai.vectorstore.IndexSpec.none(),
                Optional.empty(),
                "simple"));
    assertEquals("public.docs_2024", PgVectorSettings.of("docs_2024", 3).qualifiedName());
  }
}
