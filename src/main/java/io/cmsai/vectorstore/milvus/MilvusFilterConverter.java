package io.cmsai.vectorstore.milvus;

import io.cmsai.vectorstore.filter.Filter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Turns a {@link Filter} into a Milvus boolean expression over the collection's JSON {@code
 * metadata} field, e.g. {@code (metadata["type"] == "news" and metadata["year"] >= 2022)}.
 *
 * <p>Nothing is spliced in unchecked: field names are identifiers ({@link
 * io.cmsai.vectorstore.Metadata#field}), strings become double-quoted literals with {@code \},
 * {@code "} and control characters escaped (Milvus decodes them like Go string literals), numbers
 * are written by {@link Long#toString}/{@link Double#toString} (finite only), booleans as {@code
 * true}/{@code false}. Every composite is parenthesised and {@code not} always takes a
 * parenthesised operand ({@code not} binds tighter than {@code ==} in Milvus's grammar).
 *
 * <p>Semantics equal {@link Filter#matches}: Milvus evaluates a comparison or {@code in} on a JSON
 * key that is missing, or holds a value of another type, as false, and {@code not} negates that, so
 * a record lacking the field matches {@code not(eq)} but not {@code eq}, {@code in} or a range
 * (segcore's {@code UnaryExpr}/{@code TermExpr} on JSON; no {@code exists} guard is needed). An
 * integer compares equal to the same decimal either way round, as in {@link Filter#matches}. {@code
 * in} lists of one type are sent as {@code in [...]}; mixed lists as an {@code or} of equalities,
 * since Milvus types a JSON {@code in} by its first value. Strings compare by UTF-8 bytes in Milvus
 * and by UTF-16 units in {@link Filter#matches}: ranges over text differ only for characters beyond
 * U+FFFF against U+E000..U+FFFF.
 *
 * <p>Stateless and thread-safe.
 */
public final class MilvusFilterConverter {

  /** The JSON field holding the metadata. */
  public static final String METADATA_FIELD = "metadata";

  /** The primary key field. */
  public static final String ID_FIELD = "id";

  private static final String ALWAYS = ID_FIELD + " != \"\"";

  private MilvusFilterConverter() {}

  /**
   * The expression for {@code filter}; {@code ""} (no filter) for {@link Filter#all()} at the top.
   */
  public static String toExpression(Filter filter) {
    return filter instanceof Filter.All ? "" : convert(filter);
  }

  /** An expression every record matches ({@code id != ""}: ids are never empty). */
  public static String everything() {
    return ALWAYS;
  }

  /** {@code id in ["a", "b"]} for these ids (at least one). */
  public static String idsIn(Collection<String> ids) {
    if (ids.isEmpty()) {
      throw new IllegalArgumentException("idsIn needs at least one id");
    }
    return ID_FIELD + " in " + list(new ArrayList<>(ids));
  }

  /** {@code value} as a double-quoted Milvus string literal. */
  public static String stringLiteral(String value) {
    StringBuilder out = new StringBuilder(value.length() + 2).append('"');
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      switch (c) {
        case '\\' -> out.append("\\\\");
        case '"' -> out.append("\\\"");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        default -> {
          if (c < 0x20 || c == 0x7f) {
            out.append(String.format("\\u%04x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    return out.append('"').toString();
  }

  private static String convert(Filter filter) {
    if (filter instanceof Filter.Eq eq) {
      return equality(eq.field(), eq.value());
    }
    if (filter instanceof Filter.In in) {
      return membership(in);
    }
    if (filter instanceof Filter.Range range) {
      return range(range);
    }
    if (filter instanceof Filter.And and) {
      return join(and.filters(), " and ");
    }
    if (filter instanceof Filter.Or or) {
      return join(or.filters(), " or ");
    }
    if (filter instanceof Filter.Not not) {
      return "not (" + convert(not.filter()) + ")";
    }
    return ALWAYS; // All, nested
  }

  private static String equality(String field, Object value) {
    return key(field) + " == " + literal(value);
  }

  private static String membership(Filter.In in) {
    List<Object> values = in.values();
    if (values.size() == 1) {
      return equality(in.field(), values.get(0));
    }
    boolean oneType = values.stream().map(Object::getClass).distinct().count() == 1;
    if (oneType) {
      return key(in.field()) + " in " + list(values);
    }
    return values.stream()
        .map(v -> equality(in.field(), v))
        .collect(Collectors.joining(" or ", "(", ")"));
  }

  private static String range(Filter.Range range) {
    List<String> bounds = new ArrayList<>();
    if (range.lower() != null) {
      bounds.add(
          key(range.field()) + (range.lowerInclusive() ? " >= " : " > ") + literal(range.lower()));
    }
    if (range.upper() != null) {
      bounds.add(
          key(range.field()) + (range.upperInclusive() ? " <= " : " < ") + literal(range.upper()));
    }
    return bounds.size() == 1 ? bounds.get(0) : "(" + String.join(" and ", bounds) + ")";
  }

  private static String join(List<Filter> filters, String operator) {
    if (filters.size() == 1) {
      return convert(filters.get(0));
    }
    return filters.stream()
        .map(MilvusFilterConverter::convert)
        .collect(Collectors.joining(operator, "(", ")"));
  }

  private static String key(String field) {
    return METADATA_FIELD + "[\"" + field + "\"]";
  }

  private static String list(List<?> values) {
    return values.stream()
        .map(MilvusFilterConverter::literal)
        .collect(Collectors.joining(", ", "[", "]"));
  }

  private static String literal(Object value) {
    if (value instanceof String s) {
      return stringLiteral(s);
    }
    if (value instanceof Boolean b) {
      return b.toString();
    }
    if (value instanceof Long l) {
      // -2^63 has no int64 literal (the minus is an operator); this decimal reads back as it
      // exactly.
      return l == Long.MIN_VALUE ? Double.toString(l.doubleValue()) : l.toString();
    }
    if (value instanceof Double d && Double.isFinite(d)) {
      return d.toString();
    }
    throw new IllegalArgumentException(
        "cannot write " + value + " into a Milvus expression: not a checked metadata value");
  }
}
