package io.cmsai.vectorstore.embedded.internal;

import io.cmsai.vectorstore.DistanceMetric;
import io.cmsai.vectorstore.Match;
import io.cmsai.vectorstore.VectorRecord;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.DoublePoint;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.KnnFloatVectorField;
import org.apache.lucene.document.StoredField;
import org.apache.lucene.document.StringField;
import org.apache.lucene.document.TextField;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexableField;
import org.apache.lucene.util.BytesRef;
import org.apache.lucene.util.UnicodeUtil;

/**
 * The Lucene document of a {@link VectorRecord}, and back.
 *
 * <p>Fields: {@value #ID} (term, stored), {@value #TEXT} (analysed for BM25, stored), {@value
 * #VECTOR} (HNSW). Each metadata entry {@code k} is stored once with its type ({@code m.k}: string,
 * long, double, or a 0/1 int for a boolean, so every value reads back as the type it was written
 * with) and indexed for filtering under a name per kind of value, so values of different types
 * never meet: strings as terms ({@code s.k}) and as UTF-16 code-unit bytes for ranges ({@code r.k},
 * ordered like {@link String#compareTo}), every number as a {@link DoublePoint} ({@code n.k}, so a
 * long and a double compare numerically), booleans as {@code true}/{@code false} terms ({@code
 * b.k}). Metadata names never contain {@code .}, so they cannot collide with the fixed fields.
 */
public final class RecordDocuments {

  /** The record id: one term, stored. */
  public static final String ID = "id";

  /** The record text: analysed for full-text search, stored. */
  public static final String TEXT = "text";

  /** The vector (as {@link LuceneScores#prepare prepared}). */
  public static final String VECTOR = "vector";

  private static final String STORED = "m.";

  /** The longest metadata string: its UTF-16 bytes must fit one Lucene term. */
  private static final int MAX_INDEXED_CHARS = IndexWriter.MAX_TERM_LENGTH / 2;

  private RecordDocuments() {}

  /** The document of {@code record} in a store compared by {@code metric}. */
  public static Document toDocument(VectorRecord record, DistanceMetric metric) {
    Document document = new Document();
    document.add(new StringField(ID, record.id(), Field.Store.YES));
    document.add(new TextField(TEXT, record.text(), Field.Store.YES));
    document.add(
        new KnnFloatVectorField(
            VECTOR,
            LuceneScores.prepare(metric, record.vector()),
            LuceneScores.similarity(metric)));
    record.metadata().forEach((name, value) -> addMetadata(document, record.id(), name, value));
    return document;
  }

  /** The match of a stored document. */
  public static Match toMatch(Document document, double score) {
    Map<String, Object> metadata = new LinkedHashMap<>();
    for (IndexableField field : document.getFields()) {
      if (field.name().startsWith(STORED)) {
        metadata.put(field.name().substring(STORED.length()), storedValue(field));
      }
    }
    return new Match(document.get(ID), score, document.get(TEXT), metadata);
  }

  /** Field of the string terms of metadata {@code name}. */
  static String stringField(String name) {
    return "s." + name;
  }

  /** Field of the ordered string bytes of metadata {@code name} ({@link #sortable}). */
  static String sortableField(String name) {
    return "r." + name;
  }

  /** Field of the numbers of metadata {@code name}, as doubles. */
  static String numberField(String name) {
    return "n." + name;
  }

  /** Field of the boolean terms of metadata {@code name}. */
  static String booleanField(String name) {
    return "b." + name;
  }

  /**
   * {@code text} as big-endian UTF-16 bytes: their unsigned byte order is {@link String#compareTo}
   * order (Lucene's usual UTF-8 terms order by code point, which differs for characters above
   * U+FFFF).
   */
  static BytesRef sortable(String text) {
    return new BytesRef(text.getBytes(StandardCharsets.UTF_16BE));
  }

  private static void addMetadata(Document document, String id, String name, Object value) {
    if (value instanceof String text) {
      checkIndexable(id, name, text);
      document.add(new StoredField(STORED + name, text));
      document.add(new StringField(stringField(name), text, Field.Store.NO));
      document.add(new StringField(sortableField(name), sortable(text), Field.Store.NO));
    } else if (value instanceof Boolean flag) {
      document.add(new StoredField(STORED + name, flag ? 1 : 0));
      document.add(new StringField(booleanField(name), flag.toString(), Field.Store.NO));
    } else if (value instanceof Long number) {
      document.add(new StoredField(STORED + name, number.longValue()));
      document.add(new DoublePoint(numberField(name), number.doubleValue()));
    } else {
      double number = (Double) value;
      document.add(new StoredField(STORED + name, number));
      document.add(new DoublePoint(numberField(name), number));
    }
  }

  private static void checkIndexable(String id, String name, String text) {
    if (text.length() > MAX_INDEXED_CHARS
        || UnicodeUtil.calcUTF16toUTF8Length(text, 0, text.length())
            > IndexWriter.MAX_TERM_LENGTH) {
      throw new IllegalArgumentException(
          "metadata "
              + name
              + " of record "
              + id
              + " is too long to filter on ("
              + text.length()
              + " characters; the embedded store takes up to "
              + MAX_INDEXED_CHARS
              + "): keep long text in the record's text instead");
    }
  }

  private static Object storedValue(IndexableField field) {
    Number number = field.numericValue();
    if (number instanceof Integer flag) {
      return flag != 0;
    }
    return number != null ? number : field.stringValue();
  }
}
