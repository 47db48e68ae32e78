package io.cmsai.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cmsai.content.ContentDeleted;
import io.cmsai.content.ContentItem;
import io.cmsai.content.ContentSaved;
import io.cmsai.content.ContentSources;
import io.cmsai.indexing.ContentIndex;
import io.cmsai.indexing.IndexBusyException;
import io.cmsai.indexing.IndexFreshness;
import io.cmsai.indexing.IndexQueue;
import io.cmsai.indexing.IndexRun;
import io.cmsai.indexing.IndexStatus;
import io.cmsai.platform.DataDirectory;
import io.cmsai.search.SearchHit;
import io.cmsai.search.SearchMode;
import io.cmsai.search.SearchQuery;
import io.cmsai.search.SearchResults;
import io.cmsai.search.SemanticSearch;
import io.cmsai.testing.BuiltWar;
import io.cmsai.testing.TestServices;
import io.cmsai.vectorstore.VectorStoreConfiguration;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.BooleanSupplier;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Runs inside Payara Micro with the real built WAR plus a host content source ({@link
 * ItContentSource}): full re-index through the Jakarta Batch job, incremental changes through the
 * CDI events, search with access groups and filters, first on the embedded store, then on
 * PostgreSQL + pgvector. After every step the catalogue and the store agree exactly: one vector per
 * live chunk, nothing pending.
 */
@ExtendWith(ArquillianExtension.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ContentIndexIT {

  private static final Duration RUN_TIMEOUT = Duration.ofMinutes(4);
  private static final String PG_TABLE = "it_content_index";

  @Inject ItContentSource cms;
  @Inject ContentSources sources;
  @Inject ContentIndex index;
  @Inject IndexQueue queue;
  @Inject SemanticSearch search;
  @Inject VectorStoreConfiguration storeConfiguration;
  @Inject DataDirectory dataDirectory;
  @Inject Event<ContentSaved> saved;
  @Inject Event<ContentDeleted> deleted;

  @Deployment
  static WebArchive builtWarWithAContentSource() {
    return BuiltWar.archive()
        .addClasses(ContentIndexIT.class, ItContentSource.class, TestServices.class);
  }

  @Test
  @Order(1)
  void a_full_rebuild_indexes_the_host_source_into_the_embedded_store() {
    assertEquals(List.of("cms", "push"), sources.active().stream().map(s -> s.name()).toList());
    seed();

    IndexRun run = index.rebuild();
    assertThrows(IndexBusyException.class, index::rebuild, "a second run while one is going");
    IndexRun done = awaitEnd(run.id());

    assertEquals(IndexRun.State.COMPLETED, done.state(), done.toString());
    assertEquals(cms.all().size(), done.itemsDone(), done.toString());
    IndexStatus status = consistent();
    assertEquals(IndexFreshness.FRESH, status.freshness(), status.detail());
    assertTrue(status.store().startsWith("embedded "), status.store());
    assertEquals(published(), status.items());
    assertTrue(status.chunks() > status.items(), "long items have several chunks: " + status);
  }

  @Test
  @Order(2)
  void search_finds_by_meaning_and_keeps_drafts_and_restricted_items_hidden() {
    SearchResults results = search.search(SearchQuery.of("what comes out of a volcano"));
    assertEquals(SearchMode.HYBRID, results.mode());
    assertEquals("etna", results.hits().get(0).id(), ids(results).toString());
    assertTrue(results.hits().get(0).snippetHtml().contains("<mark>"), results.toString());
    assertEquals("/news/etna", results.hits().get(0).url());
    assertEquals(
        results.hits().size(), results.hits().stream().map(SearchHit::id).distinct().count());

    assertFalse(ids(search.search(SearchQuery.of("product launch roadmap"))).contains("draft"));
    SearchQuery board = SearchQuery.of("board minutes salary review");
    assertFalse(ids(search.search(board, Set.of())).contains("board"));
    assertFalse(ids(search.search(board, Set.of("visitors"))).contains("board"));
    assertEquals("board", search.search(board, Set.of("staff")).hits().get(0).id());

    SearchQuery german =
        new SearchQuery("Brot backen", 10, SearchMode.AUTO, Optional.of("de"), Set.of(), Set.of());
    List<SearchHit> hits = search.search(german).hits();
    assertEquals(List.of("brot"), hits.stream().map(SearchHit::id).toList());
    assertEquals("de", hits.get(0).language());

    SearchQuery tagged =
        new SearchQuery(
            "bread", 10, SearchMode.KEYWORD, Optional.empty(), Set.of("Recipes"), Set.of());
    assertEquals(List.of("sourdough"), ids(search.search(tagged)));
    SearchQuery typed =
        new SearchQuery(
            "volcano eruption", 10, SearchMode.DENSE, Optional.empty(), Set.of(), Set.of("page"));
    assertFalse(ids(search.search(typed)).contains("etna"), "etna is a news item");
  }

  @Test
  @Order(3)
  void cdi_events_update_and_delete_items_incrementally() {
    ContentItem old = cms.get("sourdough");
    ContentItem changed =
        item(
            "sourdough",
            "Croissants at home",
            "<p>Laminating butter into the dough gives croissants their flaky layers.</p>",
            "en",
            Set.of("recipes"),
            true,
            Set.of());
    cms.put(changed);
    saved.fire(new ContentSaved(changed));
    cms.remove("etna");
    deleted.fire(new ContentDeleted("etna"));
    ContentItem unpublished = withPublished(cms.get("brot"), false);
    cms.put(unpublished);
    saved.fire(new ContentSaved(unpublished));
    awaitQueueEmpty();

    assertEquals(List.of("sourdough"), ids(keyword("croissants")));
    assertTrue(ids(keyword("sourdough starter")).stream().noneMatch("sourdough"::equals), old.id());
    assertFalse(ids(keyword("etna lava")).contains("etna"));
    assertFalse(ids(keyword("Brot")).contains("brot"));
    IndexStatus status = consistent();
    assertEquals(published(), status.items());
  }

  @Test
  @Order(4)
  void a_second_rebuild_sweeps_what_the_source_no_longer_has_and_re_embeds_nothing_unchanged() {
    long chunks = index.status().chunks();
    cms.remove("filler-07");
    IndexRun done = awaitEnd(index.rebuild().id());

    assertEquals(IndexRun.State.COMPLETED, done.state(), done.toString());
    assertEquals(0, done.chunksWritten(), "nothing changed but one removal: " + done);
    IndexStatus status = consistent();
    assertEquals(published(), status.items());
    assertTrue(status.chunks() < chunks, status + " vs " + chunks);
    assertFalse(ids(keyword("filler seven")).contains("filler-07"));
  }

  @Test
  @Order(10)
  void on_pgvector_the_same_pipeline_rebuilds_searches_and_follows_events() throws Exception {
    TestServices.Postgres pg = TestServices.postgres();
    Path secrets = Files.createDirectories(dataDirectory.root().resolve("secrets"));
    Files.writeString(secrets.resolve("it-index-pg"), pg.password());
    dropPgTable(pg);
    storeConfiguration.save(
        Map.of(
            "cms.ai.vector.kind",
            "pgvector",
            "cms.ai.vector.name",
            PG_TABLE,
            "cms.ai.vector.pg-url",
            pg.url(),
            "cms.ai.vector.pg-user",
            pg.user(),
            "cms.ai.vector.pg-password-ref",
            "it-index-pg"));
    try {
      IndexStatus before = index.status();
      assertEquals(IndexFreshness.INCOMPLETE, before.freshness(), before.detail());
      IndexRun done = awaitEnd(index.rebuild().id());
      assertEquals(IndexRun.State.COMPLETED, done.state(), done.toString());
      IndexStatus status = consistent();
      assertEquals(IndexFreshness.FRESH, status.freshness(), status.detail());
      assertTrue(status.store().equals("pgvector " + PG_TABLE), status.store());
      assertEquals(published(), status.items());

      SearchResults results = search.search(SearchQuery.of("flaky pastry with butter"));
      assertEquals(SearchMode.HYBRID, results.mode());
      assertEquals("sourdough", results.hits().get(0).id(), ids(results).toString());
      assertEquals(
          "board",
          search.search(SearchQuery.of("salary review"), Set.of("staff")).hits().get(0).id());

      ContentItem etna =
          item(
              "etna",
              "Etna erupts again",
              "<p>Lava fountains lit the night above Catania.</p>",
              "en",
              Set.of("news"),
              true,
              Set.of());
      cms.put(etna);
      saved.fire(new ContentSaved(etna));
      awaitQueueEmpty();
      assertEquals("etna", keyword("lava fountains Catania").hits().get(0).id());
      assertEquals(published(), consistent().items());
    } finally {
      storeConfiguration.reset();
      dropPgTable(pg);
    }
  }

  // ---------------------------------------------------------------------------------------------

  private void seed() {
    cms.put(
        item(
            "etna",
            "Etna eruption",
            "<h2>Volcano news</h2><p>Mount Etna erupted overnight. Lava flowed down the eastern"
                + " slope and ash closed the airport of Catania for six hours.</p>",
            "en",
            Set.of("news"),
            true,
            Set.of()));
    cms.put(
        item(
            "sourdough",
            "Sourdough bread",
            "<p>A sourdough starter needs flour and water, fed daily.</p><p>Bake the loaf at 240"
                + " degrees in a covered pot.</p>",
            "en",
            Set.of("Recipes", "bread"),
            true,
            Set.of()));
    cms.put(
        item(
            "brot",
            "Brot backen",
            "<p>Für ein gutes Brot braucht man Mehl, Wasser, Salz und Zeit. Der Teig ruht über"
                + " Nacht.</p>",
            "de",
            Set.of(),
            true,
            Set.of()));
    cms.put(
        item(
            "board",
            "Board minutes",
            "<p>The board met on Tuesday. Salary review for all staff: three percent.</p>",
            "en",
            Set.of(),
            true,
            Set.of("staff")));
    cms.put(
        item(
            "draft",
            "Product launch roadmap",
            "<p>Secret: the product launch roadmap for next spring.</p>",
            "en",
            Set.of(),
            false,
            Set.of()));
    String[] numbers = {
      "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven",
      "twelve"
    };
    for (int i = 1; i <= numbers.length; i++) {
      StringBuilder body = new StringBuilder();
      for (int p = 0; p < i; p++) {
        body.append("<p>Filler ")
            .append(numbers[i - 1])
            .append(" paragraph ")
            .append(p)
            .append(": the committee discussed parking rules, library opening hours and the")
            .append(" repair of the footbridge over the river, and agreed to meet again.</p>");
      }
      cms.put(
          new ContentItem(
              String.format("filler-%02d", i),
              "Filler " + numbers[i - 1],
              body.toString(),
              "/pages/filler-" + i,
              "en",
              Set.of(),
              "page",
              true,
              Set.of(),
              Instant.parse("2026-01-01T00:00:00Z")));
    }
  }

  private static ContentItem item(
      String id,
      String title,
      String html,
      String language,
      Set<String> tags,
      boolean published,
      Set<String> groups) {
    return new ContentItem(
        id,
        title,
        html,
        "/news/" + id,
        language,
        tags,
        "news",
        published,
        groups,
        Instant.parse("2026-11-01T10:00:00Z"));
  }

  private static ContentItem withPublished(ContentItem i, boolean published) {
    return new ContentItem(
        i.id(),
        i.title(),
        i.bodyHtml(),
        i.url(),
        i.language(),
        i.tags(),
        i.type(),
        published,
        i.accessGroups(),
        Instant.now());
  }

  private long published() {
    return cms.all().stream().filter(ContentItem::published).count();
  }

  private SearchResults keyword(String text) {
    return search.search(SearchQuery.of(text).withMode(SearchMode.KEYWORD), Set.of("staff"));
  }

  private static List<String> ids(SearchResults results) {
    return results.hits().stream().map(SearchHit::id).toList();
  }

  /** The status, after checking that the store holds exactly the catalogue's live vectors. */
  private IndexStatus consistent() {
    IndexStatus status = index.status();
    assertEquals(0, status.pendingChunks(), status.toString());
    assertEquals(status.chunks(), status.storeCount(), status.toString());
    assertEquals(0, status.queued(), status.toString());
    return status;
  }

  private IndexRun awaitEnd(long runId) {
    await(
        () -> index.latestRun().filter(r -> r.id() == runId && r.state().ended()).isPresent(),
        "run " + runId + " to end");
    return index.latestRun().orElseThrow();
  }

  private void awaitQueueEmpty() {
    await(() -> queue.length() == 0, "the change queue to drain (" + queue.lastError() + ")");
  }

  private static void await(BooleanSupplier condition, String what) {
    Instant deadline = Instant.now().plus(RUN_TIMEOUT);
    while (!condition.getAsBoolean()) {
      if (Instant.now().isAfter(deadline)) {
        throw new AssertionError("timed out waiting for " + what);
      }
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
    }
  }

  private static void dropPgTable(TestServices.Postgres pg) throws Exception {
    java.util.Properties login = new java.util.Properties();
    login.setProperty("user", pg.user());
    login.setProperty("password", pg.password());
    // DriverManager does not see the WAR's driver from here: ask the driver itself.
    try (Connection c = new org.postgresql.Driver().connect(pg.url(), login);
        Statement s = c.createStatement()) {
      s.execute("DROP TABLE IF EXISTS " + PG_TABLE);
    }
  }
}
