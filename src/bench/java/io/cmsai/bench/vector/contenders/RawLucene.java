package io.cmsai.bench.vector.contenders;

import io.cmsai.bench.vector.data.Dataset;
import io.cmsai.testing.WorkDirs;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.apache.lucene.analysis.standard.StandardAnalyzer;
import org.apache.lucene.codecs.KnnVectorsFormat;
import org.apache.lucene.codecs.KnnVectorsReader;
import org.apache.lucene.codecs.KnnVectorsWriter;
import org.apache.lucene.codecs.lucene912.Lucene912Codec;
import org.apache.lucene.codecs.lucene99.Lucene99HnswVectorsFormat;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.DoublePoint;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.KnnFloatVectorField;
import org.apache.lucene.document.StoredField;
import org.apache.lucene.document.StringField;
import org.apache.lucene.document.TextField;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.SegmentReadState;
import org.apache.lucene.index.SegmentWriteState;
import org.apache.lucene.index.VectorSimilarityFunction;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.FSDirectory;
import org.apache.lucene.util.BytesRef;

/**
 * Baseline: a plain IndexWriter (Lucene's defaults, StandardAnalyzer, HNSW maxConn/beamWidth as the
 * store's) adding the documents the store would write, one commit at the end. Settling closes the
 * writer, which waits for running merges.
 */
public final class RawLucene implements IngestContender {
  private final Path root;
  private Path path;
  private Directory directory;
  private IndexWriter writer;

  public RawLucene(Path root) {
    this.root = root;
  }

  @Override
  public String key() {
    return "raw";
  }

  @Override
  public String name() {
    return "plain Lucene IndexWriter (one commit)";
  }

  public Path path() {
    return path;
  }

  @Override
  public void create(String name, Dataset data, boolean indexed) throws IOException {
    closeWriter();
    path = root.resolve(name);
    WorkDirs.deleteTree(path);
    Files.createDirectories(path);
    directory = FSDirectory.open(path);
    writer =
        new IndexWriter(
            directory,
            new IndexWriterConfig(new StandardAnalyzer())
                .setOpenMode(IndexWriterConfig.OpenMode.CREATE)
                .setCodec(codec(data.dims())));
  }

  /** Lucene's default codec with HNSW(maxConn 16, beamWidth 64) and room for > 1024 dims. */
  public static Lucene912Codec codec(int dims) {
    KnnVectorsFormat hnsw = new Lucene99HnswVectorsFormat(Hnsw.M, Hnsw.EF_CONSTRUCTION);
    KnnVectorsFormat wide =
        new KnnVectorsFormat(hnsw.getName()) {
          @Override
          public KnnVectorsWriter fieldsWriter(SegmentWriteState state) throws IOException {
            return hnsw.fieldsWriter(state);
          }

          @Override
          public KnnVectorsReader fieldsReader(SegmentReadState state) throws IOException {
            return hnsw.fieldsReader(state);
          }

          @Override
          public int getMaxDimensions(String field) {
            return Math.max(dims, hnsw.getMaxDimensions(field));
          }
        };
    return new Lucene912Codec() {
      @Override
      public KnnVectorsFormat getKnnVectorsFormatForField(String field) {
        return wide;
      }
    };
  }

  @Override
  public void ingest(Dataset data, int batch) throws IOException {
    for (int i = 0; i < data.rows(); i++) {
      writer.addDocument(document(data, i));
    }
    writer.commit();
  }

  /**
   * The fields RecordDocuments.toDocument writes for row i: id (term, stored), text (analysed,
   * stored), vector (HNSW, DOT_PRODUCT on the unit vector), and per metadata entry a stored value
   * plus its filter fields (a long: DoublePoint n.k; a string: terms s.k and UTF-16BE bytes r.k).
   */
  public static Document document(Dataset data, int i) {
    Document d = new Document();
    d.add(new StringField("id", data.id(i), Field.Store.YES));
    d.add(new TextField("text", data.text(i), Field.Store.YES));
    d.add(
        new KnnFloatVectorField("vector", data.vectors()[i], VectorSimilarityFunction.DOT_PRODUCT));
    long n = i;
    d.add(new StoredField("m.n", n));
    d.add(new DoublePoint("n.n", n));
    String group = "g" + (i % 10);
    d.add(new StoredField("m.group", group));
    d.add(new StringField("s.group", group, Field.Store.NO));
    d.add(
        new StringField(
            "r.group", new BytesRef(group.getBytes(StandardCharsets.UTF_16BE)), Field.Store.NO));
    return d;
  }

  @Override
  public void settle() throws IOException {
    closeWriter();
  }

  @Override
  public long count() throws IOException {
    return numDocs(path);
  }

  public static long numDocs(Path path) throws IOException {
    try (Directory d = FSDirectory.open(path);
        DirectoryReader r = DirectoryReader.open(d)) {
      return r.numDocs();
    }
  }

  /** Segments and size of a settled index, for the report. */
  public static String segments(Path path) {
    try (Directory d = FSDirectory.open(path);
        DirectoryReader r = DirectoryReader.open(d)) {
      long bytes = 0;
      for (String file : d.listAll()) {
        bytes += d.fileLength(file);
      }
      return String.format(
          Locale.ROOT,
          "settled index: %d segment(s), %.0f MB on disk",
          r.leaves().size(),
          bytes / 1e6);
    } catch (IOException e) {
      return "settled index: unreadable (" + e.getMessage() + ")";
    }
  }

  @Override
  public String describe() {
    return "`IndexWriterConfig(StandardAnalyzer)`, Lucene912Codec with"
        + " `Lucene99HnswVectorsFormat("
        + Hnsw.M
        + ", "
        + Hnsw.EF_CONSTRUCTION
        + ")`, default"
        + " RAM buffer and merge policy; the same fields as the store's documents";
  }

  @Override
  public String details() {
    return segments(path);
  }

  @Override
  public long serverPid() {
    return -1;
  }

  @Override
  public void drop() throws IOException {
    closeWriter();
    WorkDirs.deleteTree(path);
  }

  @Override
  public void close() throws IOException {
    closeWriter();
  }

  private void closeWriter() throws IOException {
    if (writer != null) {
      writer.close();
      writer = null;
    }
    if (directory != null) {
      directory.close();
      directory = null;
    }
  }
}
