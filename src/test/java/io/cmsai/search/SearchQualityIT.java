package io.cmsai.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cmsai.config.SettingsRepository;
import io.cmsai.content.ContentSource;
import io.cmsai.content.DemoContent;
import io.cmsai.embeddings.LocalEmbeddingModel;
import io.cmsai.indexing.IndexPipeline;
import io.cmsai.indexing.IndexSettings;
import io.cmsai.indexing.SourcedItem;
import io.cmsai.indexing.internal.SourceWalk;
import io.cmsai.platform.DataDirectory;
import io.cmsai.platform.Database;
import io.cmsai.platform.DatabaseSettings;
import io.cmsai.platform.Jsons;
import io.cmsai.platform.SchemaMigrator;
import io.cmsai.testing.TestDatabases;
import io.cmsai.vectorstore.VectorStoreConfiguration;
import io.cmsai.vectorstore.VectorStores;
import io.cmsai.vectorstore.embedded.EmbeddedVectorStoreFactory;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The measured quality check of semantic search: indexes the demo corpus with the in-process
 * all-MiniLM-L6-v2 model into the embedded store, runs the labelled queries of {@code
 * demo/eval-queries.json} in dense, keyword and hybrid mode, and computes recall@10 and nDCG@10
 * (graded relevance). Writes the figures to {@code target/search-quality.md}. No network: an
 * integration test only because indexing the corpus takes a while.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SearchQualityIT {

  private static final int K = 10;

  private Database database;
  private SemanticSearch search;
  private final List<Query> queries = new ArrayList<>();
  private long indexMillis;
  private int chunks;

  private record Query(String text, String language, String kind, Map<String, Integer> relevant) {}

  /** Recall@10 and nDCG@10 summed over queries. */
  private static final class Score {
    double recall;
    double ndcg;
    int n;

    void add(double r, double d) {
      recall += r;
      ndcg += d;
      n++;
    }

    double recall() {
      return recall / n;
    }

    double ndcg() {
      return ndcg / n;
    }
  }

  @BeforeAll
  void indexTheDemoCorpus(@TempDir Path dataDir) throws IOException {
    database =
        new Database(
            new DatabaseSettings("jdbc:h2:" + dataDir.resolve("db/cms-ai"), "sa", "", 2),
            TestDatabases.ENTITIES);
    database.open();
    SchemaMigrator.migrate(database.dataSource());
    LocalEmbeddingModel model =
        new LocalEmbeddingModel(
            dataDir.resolve("cache/djl"), LocalEmbeddingModel.DEFAULT_BATCH_SIZE);
    VectorStoreConfiguration configuration =
        new VectorStoreConfiguration(key -> Optional.empty(), Map::of, (values, removed) -> {});
    VectorStores stores =
        new VectorStores(
            configuration,
            List.of(new EmbeddedVectorStoreFactory(new DataDirectory(dataDir.toString()))));
    IndexPipeline pipeline =
        new IndexPipeline(
            database,
            () -> model,
            configuration::current,
            stores,
            new SettingsRepository(database),
            IndexSettings.DEFAULTS,
            Clock.systemUTC());
    long start = System.nanoTime();
    ContentSource demo = new DemoContent("true");
    SourceWalk walk = new SourceWalk(List.of(demo), null, 100);
    List<SourcedItem> batch = new ArrayList<>();
    for (SourcedItem item = walk.next(); item != null; item = walk.next()) {
      batch.add(item);
      if (batch.size() == 64) {
        chunks += pipeline.index(batch, 1).chunksWritten();
        batch.clear();
      }
    }
    chunks += pipeline.index(batch, 1).chunksWritten();
    indexMillis = (System.nanoTime() - start) / 1_000_000;
    search = new SemanticSearch(pipeline, Optional::empty, Set::of, 100, Duration.ofMinutes(1));
    readQueries();
  }

  @AfterAll
  void close() {
    database.close();
  }

  @Test
  void hybrid_is_not_worse_than_dense_and_every_mode_finds_the_answers() throws IOException {
    Map<SearchMode, Map<String, Score>> scores = new EnumMap<>(SearchMode.class);
    for (SearchMode mode : List.of(SearchMode.DENSE, SearchMode.KEYWORD, SearchMode.HYBRID)) {
      Map<String, Score> byGroup = new HashMap<>();
      for (Query query : queries) {
        List<String> found =
            search
                .search(
                    new SearchQuery(
                        query.text(), K, mode, Optional.of(query.language()), Set.of(), Set.of()))
                .hits()
                .stream()
                .map(SearchHit::id)
                .toList();
        double recall = recall(found, query.relevant());
        double ndcg = ndcg(found, query.relevant());
        for (String group : List.of("all", query.kind(), "lang:" + query.language())) {
          byGroup.computeIfAbsent(group, g -> new Score()).add(recall, ndcg);
        }
      }
      scores.put(mode, byGroup);
    }
    Files.writeString(Path.of("target", "search-quality.md"), report(scores));

    Score dense = scores.get(SearchMode.DENSE).get("all");
    Score keyword = scores.get(SearchMode.KEYWORD).get("all");
    Score hybrid = scores.get(SearchMode.HYBRID).get("all");
    assertEquals(queries.size(), dense.n);
    assertTrue(
        hybrid.ndcg() >= dense.ndcg() && hybrid.recall() >= dense.recall(),
        "hybrid must not be worse than dense: " + report(scores));
    assertTrue(dense.recall() > 0.5 && keyword.recall() > 0.5, report(scores));
  }

  private static double recall(List<String> found, Map<String, Integer> relevant) {
    long hit = found.stream().limit(K).filter(relevant::containsKey).count();
    return (double) hit / Math.min(K, relevant.size());
  }

  /** nDCG@10 with gain 2^grade - 1. */
  private static double ndcg(List<String> found, Map<String, Integer> relevant) {
    double dcg = 0;
    for (int i = 0; i < Math.min(K, found.size()); i++) {
      int grade = relevant.getOrDefault(found.get(i), 0);
      dcg += (Math.pow(2, grade) - 1) / (Math.log(i + 2) / Math.log(2));
    }
    List<Integer> ideal = relevant.values().stream().sorted((a, b) -> b - a).toList();
    double idcg = 0;
    for (int i = 0; i < Math.min(K, ideal.size()); i++) {
      idcg += (Math.pow(2, ideal.get(i)) - 1) / (Math.log(i + 2) / Math.log(2));
    }
    return idcg == 0 ? 0 : dcg / idcg;
  }

  private String report(Map<SearchMode, Map<String, Score>> scores) {
    StringBuilder out = new StringBuilder();
    out.append("Demo corpus: ")
        .append(new DemoContent("true").count())
        .append(" documents, ")
        .append(chunks)
        .append(" chunks, indexed in ")
        .append(indexMillis / 1000.0)
        .append(" s; ")
        .append(queries.size())
        .append(" labelled queries; all-MiniLM-L6-v2 (in-process), embedded Lucene store.\n\n")
        .append("| group | queries | dense recall@10 | dense nDCG@10 | keyword recall@10 |")
        .append(" keyword nDCG@10 | hybrid recall@10 | hybrid nDCG@10 |\n")
        .append("|---|---|---|---|---|---|---|---|\n");
    for (String group : scores.get(SearchMode.DENSE).keySet().stream().sorted().toList()) {
      out.append("| ")
          .append(group)
          .append(" | ")
          .append(scores.get(SearchMode.DENSE).get(group).n);
      for (SearchMode mode : List.of(SearchMode.DENSE, SearchMode.KEYWORD, SearchMode.HYBRID)) {
        Score s = scores.get(mode).get(group);
        out.append(String.format(Locale.ROOT, " | %.3f | %.3f", s.recall(), s.ndcg()));
      }
      out.append(" |\n");
    }
    return out.toString();
  }

  private void readQueries() throws IOException {
    try (InputStream in =
        getClass().getClassLoader().getResourceAsStream("demo/eval-queries.json")) {
      String json = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      for (JsonValue value : Jsons.JSON.createReader(new java.io.StringReader(json)).readArray()) {
        JsonObject o = value.asJsonObject();
        Map<String, Integer> relevant = new HashMap<>();
        o.getJsonObject("relevant")
            .forEach((id, grade) -> relevant.put(id, ((jakarta.json.JsonNumber) grade).intValue()));
        queries.add(
            new Query(
                o.getString("query"), o.getString("language"), o.getString("kind"), relevant));
      }
    }
  }
}
