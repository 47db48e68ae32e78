package io.cmsai.vectorstore.embedded.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.cmsai.vectorstore.DistanceMetric;
import io.cmsai.vectorstore.VectorRecord;
import io.cmsai.vectorstore.filter.Filter;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.apache.lucene.analysis.standard.StandardAnalyzer;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.NoMergePolicy;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.store.ByteBuffersDirectory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Exact search over several segments holding deleted documents (merging is off, so the deletions
 * stay in the segments instead of being merged away as the store's commits usually do).
 */
class ExactSearchTest {

  private final ByteBuffersDirectory directory = new ByteBuffersDirectory();
  private DirectoryReader reader;
  private IndexSearcher searcher;

  @BeforeEach
  void index() throws IOException {
    IndexWriterConfig config =
        new IndexWriterConfig(new StandardAnalyzer()).setMergePolicy(NoMergePolicy.INSTANCE);
    try (IndexWriter writer = new IndexWriter(directory, config)) {
      for (int segment = 0; segment < 3; segment++) {
        for (int i = 0; i < 4; i++) {
          int n = segment * 4 + i;
          writer.addDocument(
              RecordDocuments.toDocument(
                  new VectorRecord("r" + n, new float[] {1, n}, "", Map.of("odd", n % 2 == 1)),
                  DistanceMetric.L2));
        }
        writer.commit();
      }
      writer.deleteDocuments(
          new Term(RecordDocuments.ID, "r0"), new Term(RecordDocuments.ID, "r5"));
      writer.commit();
    }
    reader = DirectoryReader.open(directory);
    searcher = new IndexSearcher(reader);
  }

  @AfterEach
  void close() throws IOException {
    reader.close();
    directory.close();
  }

  @Test
  void ranks_every_live_document_across_segments_best_first() throws IOException {
    List<Ranked> top = ExactSearch.top(searcher, new float[] {1, 0}, null, 20, DistanceMetric.L2);

    assertEquals(3, reader.leaves().size());
    assertEquals(List.of("r1", "r2", "r3", "r4", "r6", "r7", "r8", "r9", "r10", "r11"), ids(top));
    assertEquals(1 / (1 + 1.0), top.get(0).score(), 1e-12);
  }

  @Test
  void keeps_the_n_best_matching_the_filter() throws IOException {
    List<Ranked> top =
        ExactSearch.top(
            searcher,
            new float[] {1, 8},
            LuceneFilterConverter.toQuery(Filter.eq("odd", true)),
            3,
            DistanceMetric.L2);

    assertEquals(List.of("r7", "r9", "r11"), ids(top));
  }

  @Test
  void scores_given_documents_in_any_order() throws IOException {
    List<Ranked> all = ExactSearch.top(searcher, new float[] {1, 0}, null, 20, DistanceMetric.L2);
    List<Integer> docs = new ArrayList<>(all.stream().map(Ranked::doc).toList());
    Collections.reverse(docs);

    Map<Integer, Double> scores =
        ExactSearch.scores(searcher, new float[] {1, 0}, docs, DistanceMetric.L2);

    assertEquals(all.size(), scores.size());
    all.forEach(r -> assertEquals(r.score(), scores.get(r.doc()), 1e-12));
  }

  private List<String> ids(List<Ranked> ranked) throws IOException {
    List<String> ids = new ArrayList<>();
    for (Ranked r : ranked) {
      ids.add(searcher.storedFields().document(r.doc()).get(RecordDocuments.ID));
    }
    return ids;
  }
}
