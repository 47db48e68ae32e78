package io.cmsai.vectorstore.filter;

import io.cmsai.vectorstore.Metadata;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A condition on metadata. Field names are checked identifiers and values are typed ({@link
 * Metadata}), so a converter never has to trust either. A record without the field does not match
 * {@link Eq}, {@link In} or {@link Range} (and so matches their {@link Not}).
 */
public sealed interface Filter {

  /** Matches every record. */
  record All() implements Filter {}

  /** {@code field == value}. */
  record Eq(String field, Object value) implements Filter {
    public Eq {
      field = Metadata.field(field);
      value = Metadata.value(field, value);
    }
  }

  /** {@code field} equals one of {@code values} (1 to 1000 values). */
  record In(String field, List<Object> values) implements Filter {
    public In {
      field = Metadata.field(field);
      if (values == null || values.isEmpty() || values.size() > 1000) {
        throw new IllegalArgumentException("'in' needs 1..1000 values for " + field);
      }
      String name = field;
      values = values.stream().map(v -> Metadata.value(name, v)).toList();
    }
  }

  /**
   * {@code lower <(=) field <(=) upper}; a missing bound is open. Bounds are numbers or strings
   * (compared as text).
   */
  record Range(
      String field, Object lower, boolean lowerInclusive, Object upper, boolean upperInclusive)
      implements Filter {
    public Range {
      field = Metadata.field(field);
      if (lower == null && upper == null) {
        throw new IllegalArgumentException("a range on " + field + " needs a bound");
      }
      lower = lower == null ? null : bound(field, lower);
      upper = upper == null ? null : bound(field, upper);
      if (lower != null
          && upper != null
          && (lower instanceof String) != (upper instanceof String)) {
        throw new IllegalArgumentException("the bounds of " + field + " mix text and numbers");
      }
    }

    private static Object bound(String field, Object value) {
      Object checked = Metadata.value(field, value);
      if (checked instanceof Boolean) {
        throw new IllegalArgumentException("a range on " + field + " cannot use a boolean bound");
      }
      return checked;
    }
  }

  /** Every one of {@code filters}. */
  record And(List<Filter> filters) implements Filter {
    public And {
      filters = List.copyOf(filters);
      if (filters.isEmpty()) {
        throw new IllegalArgumentException("'and' needs at least one filter");
      }
    }
  }

  /** Any of {@code filters}. */
  record Or(List<Filter> filters) implements Filter {
    public Or {
      filters = List.copyOf(filters);
      if (filters.isEmpty()) {
        throw new IllegalArgumentException("'or' needs at least one filter");
      }
    }
  }

  /** Not {@code filter}. */
  record Not(Filter filter) implements Filter {
    public Not {
      Objects.requireNonNull(filter, "filter");
    }
  }

  static Filter all() {
    return new All();
  }

  static Filter eq(String field, Object value) {
    return new Eq(field, value);
  }

  static Filter in(String field, Object... values) {
    return new In(field, Arrays.asList(values));
  }

  static Filter gt(String field, Object value) {
    return new Range(field, value, false, null, false);
  }

  static Filter gte(String field, Object value) {
    return new Range(field, value, true, null, false);
  }

  static Filter lt(String field, Object value) {
    return new Range(field, null, false, value, false);
  }

  static Filter lte(String field, Object value) {
    return new Range(field, null, false, value, true);
  }

  /** {@code lower <= field <= upper}. */
  static Filter between(String field, Object lower, Object upper) {
    return new Range(field, lower, true, upper, true);
  }

  static Filter and(Filter... filters) {
    return new And(List.of(filters));
  }

  static Filter or(Filter... filters) {
    return new Or(List.of(filters));
  }

  static Filter not(Filter filter) {
    return new Not(filter);
  }

  /** Whether a record with this metadata matches (the reference semantics every store follows). */
  default boolean matches(Map<String, Object> metadata) {
    if (this instanceof Eq eq) {
      return metadata.containsKey(eq.field()) && same(metadata.get(eq.field()), eq.value());
    }
    if (this instanceof In in) {
      return metadata.containsKey(in.field())
          && in.values().stream().anyMatch(v -> same(metadata.get(in.field()), v));
    }
    if (this instanceof Range r) {
      return metadata.containsKey(r.field()) && inRange(metadata.get(r.field()), r);
    }
    if (this instanceof And and) {
      return and.filters().stream().allMatch(f -> f.matches(metadata));
    }
    if (this instanceof Or or) {
      return or.filters().stream().anyMatch(f -> f.matches(metadata));
    }
    if (this instanceof Not not) {
      return !not.filter().matches(metadata);
    }
    return true; // All
  }

  private static boolean same(Object stored, Object wanted) {
    if (stored instanceof Number a && wanted instanceof Number b) {
      return a.doubleValue() == b.doubleValue();
    }
    return Objects.equals(stored, wanted);
  }

  private static boolean inRange(Object stored, Range r) {
    return (r.lower() == null || compare(stored, r.lower(), r.lowerInclusive(), true))
        && (r.upper() == null || compare(stored, r.upper(), r.upperInclusive(), false));
  }

  private static boolean compare(Object stored, Object bound, boolean inclusive, boolean lower) {
    int c;
    if (stored instanceof Number a && bound instanceof Number b) {
      c = Double.compare(a.doubleValue(), b.doubleValue());
    } else if (stored instanceof String a && bound instanceof String b) {
      c = a.compareTo(b);
    } else {
      return false;
    }
    return lower ? (inclusive ? c >= 0 : c > 0) : (inclusive ? c <= 0 : c < 0);
  }
}
