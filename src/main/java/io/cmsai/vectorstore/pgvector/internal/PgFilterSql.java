package io.cmsai.vectorstore.pgvector.internal;

import io.cmsai.platform.Jsons;
import io.cmsai.vectorstore.filter.Filter;
import jakarta.json.JsonObjectBuilder;
import java.util.ArrayList;
import java.util.List;

/**
 * Converts a {@link Filter} into a SQL condition on the {@code metadata jsonb} column. Every value
 * and every field name is a bound parameter: equality and membership as {@code metadata @>
 * ?::jsonb} containment (served by the table's GIN index), ranges as typed comparisons guarded by
 * {@code jsonb_typeof}. Each leaf is wrapped in {@code COALESCE(..., false)} so that a record
 * lacking the field does not match it and does match its negation, as {@link Filter#matches}
 * defines. Strings compare in code-point order ({@code COLLATE "C"}). Stateless.
 */
public final class PgFilterSql {

  private PgFilterSql() {}

  /** The condition for {@code filter}. */
  public static SqlFragment where(Filter filter) {
    List<Object> parameters = new ArrayList<>();
    String sql = convert(filter, parameters);
    return new SqlFragment(sql, parameters);
  }

  private static String convert(Filter filter, List<Object> parameters) {
    if (filter instanceof Filter.Eq eq) {
      parameters.add(containment(eq.field(), eq.value()));
      return "COALESCE(metadata @> ?::jsonb, false)";
    }
    if (filter instanceof Filter.In in) {
      List<String> parts = new ArrayList<>();
      for (Object value : in.values()) {
        parameters.add(containment(in.field(), value));
        parts.add("metadata @> ?::jsonb");
      }
      return "COALESCE(" + String.join(" OR ", parts) + ", false)";
    }
    if (filter instanceof Filter.Range range) {
      return range(range, parameters);
    }
    if (filter instanceof Filter.And and) {
      return group(and.filters(), " AND ", parameters);
    }
    if (filter instanceof Filter.Or or) {
      return group(or.filters(), " OR ", parameters);
    }
    if (filter instanceof Filter.Not not) {
      return "NOT (" + convert(not.filter(), parameters) + ")";
    }
    return "TRUE";
  }

  private static String group(List<Filter> filters, String operator, List<Object> parameters) {
    List<String> parts = new ArrayList<>();
    for (Filter f : filters) {
      parts.add("(" + convert(f, parameters) + ")");
    }
    return String.join(operator, parts);
  }

  private static String range(Filter.Range range, List<Object> parameters) {
    boolean text = range.lower() instanceof String || range.upper() instanceof String;
    String value =
        text
            ? "(CASE WHEN jsonb_typeof(metadata -> ?) = 'string' THEN metadata ->> ? END) COLLATE \"C\""
            : "(CASE WHEN jsonb_typeof(metadata -> ?) = 'number' THEN (metadata ->> ?)::float8 END)";
    List<String> parts = new ArrayList<>();
    if (range.lower() != null) {
      parameters.add(range.field());
      parameters.add(range.field());
      parameters.add(bound(range.lower()));
      parts.add(value + (range.lowerInclusive() ? " >= ?" : " > ?"));
    }
    if (range.upper() != null) {
      parameters.add(range.field());
      parameters.add(range.field());
      parameters.add(bound(range.upper()));
      parts.add(value + (range.upperInclusive() ? " <= ?" : " < ?"));
    }
    return "COALESCE(" + String.join(" AND ", parts) + ", false)";
  }

  private static Object bound(Object value) {
    return value instanceof Number n ? (Object) n.doubleValue() : value;
  }

  /** {@code {"field": value}} as JSON text, built by the JSON library (never by concatenation). */
  static String containment(String field, Object value) {
    JsonObjectBuilder object = Jsons.JSON.createObjectBuilder();
    if (value instanceof String s) {
      object.add(field, s);
    } else if (value instanceof Long l) {
      object.add(field, l);
    } else if (value instanceof Double d) {
      object.add(field, d);
    } else {
      object.add(field, (Boolean) value);
    }
    return object.build().toString();
  }
}
