package io.cmsai.vectorstore.embedded.internal;

import io.cmsai.vectorstore.filter.Filter;
import java.util.ArrayList;
import java.util.List;
import org.apache.lucene.document.DoublePoint;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.BooleanClause.Occur;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.MatchAllDocsQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.TermInSetQuery;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.search.TermRangeQuery;
import org.apache.lucene.util.BytesRef;

/**
 * Turns a {@link Filter} into a Lucene query over the fields of {@link RecordDocuments}, with
 * exactly the semantics of {@link Filter#matches}:
 *
 * <ul>
 *   <li>a value only meets stored values of its own kind (a string never equals a number or a
 *       boolean), because each kind is indexed under its own field; a record without the field
 *       matches no {@code eq}, {@code in} or range;
 *   <li>numbers compare as doubles, like {@code Number.doubleValue()} in {@link Filter#matches}:
 *       equality by {@code ==} (so {@code 0.0} equals {@code -0.0}), ranges by {@link
 *       Double#compare} (the order of {@link DoublePoint});
 *   <li>strings range in {@link String#compareTo} order ({@link RecordDocuments#sortable});
 *   <li>{@code not f} is every document except those matching {@code f} ({@code +*:* -f}), so it
 *       matches records that lack the field.
 * </ul>
 *
 * Values are terms or points, never query syntax, so no value can change the query's structure.
 * Stateless and thread-safe.
 */
public final class LuceneFilterConverter {

  private LuceneFilterConverter() {}

  /** The query that matches exactly the records {@code filter} matches. */
  public static Query toQuery(Filter filter) {
    if (filter instanceof Filter.Eq eq) {
      return equal(eq.field(), eq.value());
    }
    if (filter instanceof Filter.In in) {
      return oneOf(in.field(), in.values());
    }
    if (filter instanceof Filter.Range range) {
      return range.lower() instanceof String || range.upper() instanceof String
          ? textRange(range)
          : numberRange(range);
    }
    if (filter instanceof Filter.And and) {
      return combine(and.filters(), Occur.FILTER);
    }
    if (filter instanceof Filter.Or or) {
      return combine(or.filters(), Occur.SHOULD);
    }
    if (filter instanceof Filter.Not not) {
      return new BooleanQuery.Builder()
          .add(new MatchAllDocsQuery(), Occur.MUST)
          .add(toQuery(not.filter()), Occur.MUST_NOT)
          .build();
    }
    return new MatchAllDocsQuery();
  }

  private static Query equal(String field, Object value) {
    if (value instanceof String text) {
      return new TermQuery(new Term(RecordDocuments.stringField(field), text));
    }
    if (value instanceof Boolean flag) {
      return new TermQuery(new Term(RecordDocuments.booleanField(field), flag.toString()));
    }
    double number = ((Number) value).doubleValue();
    String points = RecordDocuments.numberField(field);
    return number == 0
        ? DoublePoint.newRangeQuery(points, -0.0, 0.0)
        : DoublePoint.newExactQuery(points, number);
  }

  private static Query oneOf(String field, List<Object> values) {
    List<BytesRef> texts = new ArrayList<>();
    List<BytesRef> flags = new ArrayList<>();
    List<Double> numbers = new ArrayList<>();
    for (Object value : values) {
      if (value instanceof String text) {
        texts.add(new BytesRef(text));
      } else if (value instanceof Boolean flag) {
        flags.add(new BytesRef(flag.toString()));
      } else {
        double number = ((Number) value).doubleValue();
        numbers.add(number);
        if (number == 0) {
          numbers.add(-number); // == treats 0.0 and -0.0 as equal; points do not
        }
      }
    }
    List<Query> kinds = new ArrayList<>();
    if (!texts.isEmpty()) {
      kinds.add(new TermInSetQuery(RecordDocuments.stringField(field), texts));
    }
    if (!flags.isEmpty()) {
      kinds.add(new TermInSetQuery(RecordDocuments.booleanField(field), flags));
    }
    if (!numbers.isEmpty()) {
      kinds.add(DoublePoint.newSetQuery(RecordDocuments.numberField(field), numbers));
    }
    return kinds.size() == 1 ? kinds.get(0) : any(kinds);
  }

  private static Query textRange(Filter.Range range) {
    return new TermRangeQuery(
        RecordDocuments.sortableField(range.field()),
        range.lower() == null ? null : RecordDocuments.sortable((String) range.lower()),
        range.upper() == null ? null : RecordDocuments.sortable((String) range.upper()),
        range.lowerInclusive(),
        range.upperInclusive());
  }

  private static Query numberRange(Filter.Range range) {
    double lower = Double.NEGATIVE_INFINITY;
    double upper = Double.POSITIVE_INFINITY;
    if (range.lower() != null) {
      lower = ((Number) range.lower()).doubleValue();
      lower = range.lowerInclusive() ? lower : DoublePoint.nextUp(lower);
    }
    if (range.upper() != null) {
      upper = ((Number) range.upper()).doubleValue();
      upper = range.upperInclusive() ? upper : DoublePoint.nextDown(upper);
    }
    return DoublePoint.newRangeQuery(RecordDocuments.numberField(range.field()), lower, upper);
  }

  private static Query combine(List<Filter> filters, Occur occur) {
    if (filters.size() == 1) {
      return toQuery(filters.get(0));
    }
    BooleanQuery.Builder query = new BooleanQuery.Builder();
    filters.forEach(f -> query.add(toQuery(f), occur));
    return query.build();
  }

  private static Query any(List<Query> queries) {
    BooleanQuery.Builder query = new BooleanQuery.Builder();
    queries.forEach(q -> query.add(q, Occur.SHOULD));
    return query.build();
  }
}
