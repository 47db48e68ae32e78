package io.cmsai.indexing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cmsai.config.SettingsRepository;
import io.cmsai.content.ContentItem;
import io.cmsai.indexing.internal.Catalog;
import io.cmsai.indexing.internal.Catalog.Counts;
import io.cmsai.platform.DataDirectory;
import io.cmsai.platform.Database;
import io.cmsai.platform.DatabaseSettings;
import io.cmsai.platform.SchemaMigrator;
import io.cmsai.testing.TestDatabases;
import io.cmsai.vectorstore.EmbeddingFingerprint;
import io.cmsai.vectorstore.Match;
import io.cmsai.vectorstore.SearchRequest;
import io.cmsai.vectorstore.VectorRecord;
import io.cmsai.vectorstore.VectorStore;
import io.cmsai.vectorstore.VectorStoreConfiguration;
import io.cmsai.vectorstore.VectorStoreFactory;
import io.cmsai.vectorstore.VectorStoreSettings;
import io.cmsai.vectorstore.VectorStores;
import io.cmsai.vectorstore.embedded.EmbeddedVectorStoreFactory;
import io.cmsai.vectorstore.filter.Filter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IndexPipelineTest {

  @TempDir Path dataDir;

  private Database database;
  private HashingEmbeddingModel model;
  private FaultyFactory factory;
  private VectorStores stores;
  private IndexPipeline pipeline;

  @BeforeEach
  void setUp() {
    database =
        new Database(
            new DatabaseSettings("jdbc:h2:" + dataDir.resolve("db/cms-ai"), "sa", "", 2),
            TestDatabases.ENTITIES);
    database.open();
    SchemaMigrator.migrate(database.dataSource());
    model = new HashingEmbeddingModel();
    VectorStoreConfiguration configuration =
        new VectorStoreConfiguration(key -> Optional.empty(), Map::of, (values, removed) -> {});
    factory =
        new FaultyFactory(new EmbeddedVectorStoreFactory(new DataDirectory(dataDir.toString())));
    stores = new VectorStores(configuration, List.of(factory));
    pipeline =
        new IndexPipeline(
            database,
            () -> model,
            configuration::current,
            stores,
            new SettingsRepository(database),
            new IndexSettings(64, 8, 0.25, 100_000, 4),
            Clock.systemUTC());
  }

  @AfterEach
  void tearDown() {
    database.close();
  }

  @Test
  void every_chunk_is_one_vector_and_unchanged_items_are_not_embedded_again() {
    List<SourcedItem> items = List.of(item("a", 30), item("b", 3), item("c", 12));

    IndexOutcome first = pipeline.index(items, 1);

    assertEquals(3, first.items());
    assertEquals(first.chunksWritten(), model.embedded.get());
    assertConsistent();
    assertTrue(store().count() > 3, "long bodies are cut into several chunks");

    model.embedded.set(0);
    IndexOutcome again = pipeline.index(items, 2);
    assertEquals(3, again.unchanged());
    assertEquals(0, model.embedded.get(), "nothing changed, nothing embedded");
    assertConsistent();
  }

  @Test
  void a_changed_item_re_embeds_only_its_changed_chunks_and_drops_the_old_ones() {
    pipeline.index(List.of(item("a", 30)), 1);
    long before = store().count();
    model.embedded.set(0);

    ContentItem changed =
        content("a", body(30).replace("paragraph 29 ", "paragraph twenty-nine rewritten "), true);
    IndexOutcome outcome = pipeline.index(List.of(new SourcedItem("cms", changed)), 1);

    assertEquals(1, outcome.items());
    assertTrue(
        model.embedded.get() >= 1 && model.embedded.get() < before,
        "only the changed chunks: " + model.embedded.get() + " of " + before);
    assertEquals(outcome.chunksWritten(), outcome.chunksDeleted(), "one chunk replaced");
    assertConsistent();
  }

  @Test
  void unpublished_and_removed_items_leave_no_vectors() {
    pipeline.index(List.of(item("a", 5), item("b", 5)), 1);

    IndexOutcome outcome =
        pipeline.index(List.of(new SourcedItem("cms", content("a", body(5), false))), 1);
    assertEquals(1, outcome.removed());
    assertEquals(1, pipeline.remove(List.<String[]>of(new String[] {"cms", "b"})));

    assertEquals(0, store().count());
    assertConsistent();
  }

  @Test
  void a_crash_after_writing_vectors_is_repaired_by_running_the_batch_again() {
    List<SourcedItem> items = List.of(item("a", 20), item("b", 20));
    pipeline.index(items, 1);
    List<SourcedItem> changed =
        List.of(
            new SourcedItem("cms", content("a", body(20) + " new ending", true)),
            new SourcedItem("cms", content("b", "completely different text", true)));
    factory.failDeletes = true;

    assertThrows(IllegalStateException.class, () -> pipeline.index(changed, 1));
    Counts counts = counts();
    assertTrue(
        counts.pendingVectors() > 0, "new vectors are recorded as pending before they are written");

    factory.failDeletes = false;
    pipeline.index(changed, 1);

    assertConsistent();
    assertEquals(0, counts().pendingVectors());
  }

  @Test
  void an_item_deleted_after_a_crash_leaves_no_orphan_vectors() {
    factory.failDeletes = true;
    pipeline.index(List.of(item("a", 3)), 1);
    assertThrows(
        IllegalStateException.class,
        () ->
            pipeline.index(List.of(new SourcedItem("cms", content("a", "other words", true))), 1));
    factory.failDeletes = false;

    pipeline.remove(List.<String[]>of(new String[] {"cms", "a"}));

    assertEquals(0, store().count(), "the vectors written before the crash were known and deleted");
    assertEquals(0, counts().liveVectors() + counts().pendingVectors());
  }

  @Test
  void an_embedding_failure_writes_nothing_and_a_retry_completes() {
    model.failing = true;
    assertThrows(IllegalStateException.class, () -> pipeline.index(List.of(item("a", 10)), 1));
    assertEquals(0, store().count());

    model.failing = false;
    pipeline.index(List.of(item("a", 10)), 1);
    assertConsistent();
  }

  @Test
  void the_sweep_removes_items_a_run_did_not_see() {
    pipeline.index(List.of(item("a", 3), item("b", 3), item("c", 3)), 1);

    pipeline.index(List.of(item("a", 3), item("c", 3)), 2);
    assertEquals(1, pipeline.sweep(2, Set.of("cms")));

    List<Match> all = store().search(SearchRequest.of(query("paragraph")).topK(100).build());
    assertTrue(all.stream().noneMatch(m -> m.metadata().get(IndexFields.ITEM).equals("b")));
    assertConsistent();
    assertEquals(2, pipeline.sweep(3, Set.of("other")), "a source no longer active is swept too");
    assertEquals(0, store().count());
  }

  @Test
  void chunks_carry_the_metadata_search_filters_on() {
    ContentItem item =
        new ContentItem(
            "x",
            "Firewall basics",
            "<p>Packets are filtered by the kernel.</p>",
            "/docs/x",
            "en-GB",
            Set.of("Security", "network"),
            "article",
            true,
            Set.of("staff"),
            Instant.EPOCH);
    pipeline.index(List.of(new SourcedItem("cms", item)), 1);

    Match match =
        store()
            .search(
                SearchRequest.of(query("packets kernel"))
                    .filter(
                        Filter.and(
                            Filter.eq(IndexFields.LANGUAGE, "en"),
                            Filter.eq(IndexFields.tag("security"), true),
                            Filter.eq(IndexFields.group("staff"), true),
                            Filter.eq(IndexFields.PUBLIC, false)))
                    .build())
            .get(0);
    assertEquals("x", match.metadata().get(IndexFields.ITEM));
    assertEquals("Firewall basics", match.metadata().get(IndexFields.TITLE));
    assertTrue(match.text().startsWith("Firewall basics"), "the title prefixes each chunk");
    long bodyAt = (Long) match.metadata().get(IndexFields.BODY_AT);
    assertTrue(match.text().substring((int) bodyAt).startsWith("Packets"), match.text());
  }

  @Test
  void a_different_store_or_model_starts_the_catalogue_afresh() {
    pipeline.index(List.of(item("a", 3)), 1);
    new SettingsRepository(database).put(IndexPipeline.CATALOG_STORE_KEY, "another store");

    pipeline.index(List.of(item("b", 3)), 1);

    assertEquals(1, counts().items(), "only b is recorded");
    assertConsistent();
  }

  // ---- helpers ----

  private VectorStore store() {
    return pipeline.store();
  }

  private Counts counts() {
    return database.withConnection(Catalog::counts);
  }

  private void assertConsistent() {
    Counts counts = counts();
    assertEquals(
        counts.liveVectors(), store().count(), "one vector per live chunk in the catalogue");
    assertEquals(0, counts.pendingVectors(), "no pending chunks");
  }

  private float[] query(String text) {
    return model.embed(text);
  }

  private static SourcedItem item(String id, int paragraphs) {
    return new SourcedItem("cms", content(id, body(paragraphs), true));
  }

  private static ContentItem content(String id, String body, boolean published) {
    return new ContentItem(
        id,
        "Title " + id,
        body,
        "/" + id,
        "en",
        Set.of(),
        "page",
        published,
        Set.of(),
        Instant.EPOCH);
  }

  private static String body(int paragraphs) {
    StringBuilder html = new StringBuilder();
    for (int i = 0; i < paragraphs; i++) {
      html.append("<p>This is paragraph ")
          .append(i)
          .append(" of the body, with a few more words about topic ")
          .append(i % 7)
          .append(".</p>");
    }
    return html.toString();
  }

  /** The embedded store, with deletes that can be made to fail (a crash mid-batch). */
  private static final class FaultyFactory implements VectorStoreFactory {
    private final VectorStoreFactory delegate;
    volatile boolean failDeletes;

    FaultyFactory(VectorStoreFactory delegate) {
      this.delegate = delegate;
    }

    @Override
    public VectorStoreSettings.Kind kind() {
      return delegate.kind();
    }

    @Override
    public OpenedStore open(
        VectorStoreSettings settings, int dimension, Optional<EmbeddingFingerprint> fingerprint) {
      OpenedStore opened = delegate.open(settings, dimension, fingerprint);
      VectorStore store = opened.store();
      VectorStore faulty =
          new VectorStore() {
            @Override
            public io.cmsai.vectorstore.StoreDescription describe() {
              return store.describe();
            }

            @Override
            public void upsert(List<VectorRecord> records) {
              store.upsert(records);
            }

            @Override
            public void delete(Collection<String> ids) {
              if (failDeletes) {
                throw new IllegalStateException("crash (test)");
              }
              store.delete(new ArrayList<>(ids));
            }

            @Override
            public void delete(Filter filter) {
              store.delete(filter);
            }

            @Override
            public List<Match> search(SearchRequest request) {
              return store.search(request);
            }

            @Override
            public long count() {
              return store.count();
            }
          };
      return new OpenedStore(faulty, opened.resources());
    }

    @Override
    public Inspection inspect(VectorStoreSettings settings) {
      return delegate.inspect(settings);
    }

    @Override
    public void drop(VectorStoreSettings settings) {
      delegate.drop(settings);
    }
  }
}
