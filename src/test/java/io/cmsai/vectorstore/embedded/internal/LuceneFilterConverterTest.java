package io.cmsai.vectorstore.embedded.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import io.cmsai.vectorstore.DistanceMetric;
import io.cmsai.vectorstore.VectorRecord;
import io.cmsai.vectorstore.filter.Filter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import org.apache.lucene.analysis.standard.StandardAnalyzer;
import org.apache.lucene.document.Document;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.StoredFields;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.search.TermRangeQuery;
import org.apache.lucene.store.ByteBuffersDirectory;
import org.junit.jupiter.api.Test;

/** The Lucene queries of filters: their form, and the same matches as {@link Filter#matches}. */
class LuceneFilterConverterTest {

  @Test
  void equality_uses_one_field_per_kind_of_value() {
    assertEquals("s.type:news", query(Filter.eq("type", "news")));
    assertEquals("b.live:true", query(Filter.eq("live", true)));
    assertEquals("n.year:[2022.0 TO 2022.0]", query(Filter.eq("year", 2022)));
    assertEquals("n.score:[-0.0 TO 0.0]", query(Filter.eq("score", 0.0)), "0.0 == -0.0");
  }

  @Test
  void membership_groups_values_by_kind() {
    assertEquals("s.type:(blog page)", query(Filter.in("type", "page", "blog")));
    assertEquals("s.x:(a) b.x:(true) n.x:{-0.0 0.0 1.0}", query(Filter.in("x", "a", 1, 0, true)));
  }

  @Test
  void number_ranges_are_double_ranges_with_exclusive_bounds_moved_inwards() {
    assertEquals("n.year:[2022.0 TO Infinity]", query(Filter.gte("year", 2022)));
    assertEquals(
        "n.score:[-Infinity TO " + Math.nextDown(0.75) + "]", query(Filter.lt("score", 0.75)));
    assertEquals("n.year:[2019.0 TO 2022.5]", query(Filter.between("year", 2019, 2022.5)));
  }

  @Test
  void text_ranges_compare_utf16_code_units() {
    assertEquals(
        new TermRangeQuery("r.name", RecordDocuments.sortable("m"), null, false, false),
        LuceneFilterConverter.toQuery(Filter.gt("name", "m")));
  }

  @Test
  void combinations_filter_should_and_exclude_from_all() {
    assertEquals(
        "#s.type:news #b.live:true",
        query(Filter.and(Filter.eq("type", "news"), Filter.eq("live", true))));
    assertEquals(
        "s.type:page b.live:false",
        query(Filter.or(Filter.eq("type", "page"), Filter.eq("live", false))));
    assertEquals("+*:* -s.type:news", query(Filter.not(Filter.eq("type", "news"))));
    assertEquals("*:*", query(Filter.all()));
  }

  @Test
  void injection_looking_values_stay_single_terms() {
    for (String value :
        List.of("it's \"quoted\" ' OR 1=1 --", "*:* OR id:[* TO *]", "a) OR (b", "\\\" -x +y")) {
      Query query = LuceneFilterConverter.toQuery(Filter.eq("type", value));

      TermQuery term = assertInstanceOf(TermQuery.class, query);
      assertEquals(new Term("s.type", value), term.getTerm());
      assertEquals("s.type:" + value, query.toString());
    }
  }

  @Test
  void random_filters_match_exactly_the_records_filter_matches_does() throws IOException {
    Random random = new Random(5);
    List<Map<String, Object>> records = new ArrayList<>();
    for (int i = 0; i < 300; i++) {
      records.add(randomMetadata(random));
    }
    try (ByteBuffersDirectory directory = new ByteBuffersDirectory()) {
      index(directory, records);
      try (DirectoryReader reader = DirectoryReader.open(directory)) {
        IndexSearcher searcher = new IndexSearcher(reader);
        for (int i = 0; i < 2_000; i++) {
          Filter filter = randomFilter(random, 3);

          Set<Integer> expected = new TreeSet<>();
          for (int r = 0; r < records.size(); r++) {
            if (filter.matches(records.get(r))) {
              expected.add(r);
            }
          }
          assertEquals(expected, found(searcher, filter), filter.toString());
        }
      }
    }
  }

  // ---- helpers ----

  private static String query(Filter filter) {
    return LuceneFilterConverter.toQuery(filter).toString();
  }

  private static final String[] FIELDS = {"a", "b", "c"};

  private static final Object[] VALUES = {
    "x",
    "y",
    "",
    "true",
    "1",
    "😀",
    "\uFFFD",
    "a😀",
    "ab",
    "Z",
    0L,
    1L,
    -1L,
    5L,
    9_007_199_254_740_993L,
    0.0,
    -0.0,
    1.0,
    5.0,
    2.5,
    -1.5,
    9_007_199_254_740_992.0,
    true,
    false
  };

  private static Map<String, Object> randomMetadata(Random random) {
    Map<String, Object> metadata = new LinkedHashMap<>();
    for (String field : FIELDS) {
      if (random.nextInt(4) > 0) {
        metadata.put(field, VALUES[random.nextInt(VALUES.length)]);
      }
    }
    return metadata;
  }

  private static Filter randomFilter(Random random, int depth) {
    String field = FIELDS[random.nextInt(FIELDS.length)];
    int kind = random.nextInt(depth > 0 ? 7 : 3);
    return switch (kind) {
      case 0 -> Filter.eq(field, value(random));
      case 1 -> new Filter.In(field, List.of(value(random), value(random), value(random)));
      case 2 -> randomRange(random, field);
      case 3 -> Filter.and(randomFilter(random, depth - 1), randomFilter(random, depth - 1));
      case 4 -> Filter.or(randomFilter(random, depth - 1), randomFilter(random, depth - 1));
      case 5 -> Filter.not(randomFilter(random, depth - 1));
      default -> Filter.all();
    };
  }

  private static Filter randomRange(Random random, String field) {
    boolean text = random.nextBoolean();
    Object lower = random.nextInt(3) == 0 ? null : bound(random, text);
    Object upper = lower != null && random.nextInt(3) == 0 ? null : bound(random, text);
    return new Filter.Range(field, lower, random.nextBoolean(), upper, random.nextBoolean());
  }

  private static Object bound(Random random, boolean text) {
    while (true) {
      Object value = value(random);
      if (text ? value instanceof String : value instanceof Number) {
        return value;
      }
    }
  }

  private static Object value(Random random) {
    return VALUES[random.nextInt(VALUES.length)];
  }

  private static void index(ByteBuffersDirectory directory, List<Map<String, Object>> records)
      throws IOException {
    try (IndexWriter writer =
        new IndexWriter(directory, new IndexWriterConfig(new StandardAnalyzer()))) {
      for (int r = 0; r < records.size(); r++) {
        writer.addDocument(
            RecordDocuments.toDocument(
                new VectorRecord("" + r, new float[] {1, r}, "", records.get(r)),
                DistanceMetric.L2));
      }
    }
  }

  private static Set<Integer> found(IndexSearcher searcher, Filter filter) throws IOException {
    StoredFields stored = searcher.storedFields();
    Map<Integer, Integer> byDoc = new HashMap<>();
    Set<Integer> found = new TreeSet<>();
    for (ScoreDoc hit : searcher.search(LuceneFilterConverter.toQuery(filter), 1_000).scoreDocs) {
      int id =
          byDoc.computeIfAbsent(
              hit.doc, doc -> Integer.parseInt(document(stored, doc).get(RecordDocuments.ID)));
      found.add(id);
    }
    return found;
  }

  private static Document document(StoredFields stored, int doc) {
    try {
      return stored.document(doc);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
