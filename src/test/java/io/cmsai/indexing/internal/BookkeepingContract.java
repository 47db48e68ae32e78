package io.cmsai.indexing.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cmsai.content.ContentItem;
import io.cmsai.content.PushedContent;
import io.cmsai.indexing.IndexOutcome;
import io.cmsai.indexing.IndexRun;
import io.cmsai.indexing.IndexRun.State;
import io.cmsai.indexing.internal.Catalog.ChunkRow;
import io.cmsai.indexing.internal.Catalog.Counts;
import io.cmsai.indexing.internal.Catalog.ItemRow;
import io.cmsai.platform.Database;
import io.cmsai.platform.Sql;
import java.sql.SQLException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.hibernate.JDBCException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The module's bookkeeping tables (catalogue, runs, queue, pushed content) read back what was
 * written and join the caller's transaction, on whichever database {@link #database()} is: H2 in
 * the unit tests, PostgreSQL in an integration test.
 */
public abstract class BookkeepingContract {

  private static final Instant NOW = Instant.parse("2026-03-01T10:15:30Z");

  /** An open database with the module schema migrated. */
  protected abstract Database database();

  @BeforeEach
  void clearTables() {
    database()
        .withConnection(
            c ->
                Sql.on(
                    c,
                    h -> {
                      for (String table :
                          List.of(
                              "ai_index_chunk",
                              "ai_index_item",
                              "ai_index_run",
                              "ai_index_queue",
                              "ai_content_item")) {
                        h.createUpdate("DELETE FROM " + table).execute();
                      }
                      return null;
                    }));
  }

  @Test
  void an_item_row_reads_back_as_saved_and_saving_again_replaces_it() {
    ItemRow row = new ItemRow("cms", "a", "hash-1", "Title", "/a", "en", 3, true, 7);
    run(c -> Catalog.saveItem(c, row, NOW));
    ItemRow changed = new ItemRow("cms", "a", "hash-2", "Title 2", "/a2", "de", 1, false, 8);
    run(c -> Catalog.saveItem(c, changed, NOW));

    assertEquals(Optional.of(changed), get(c -> Catalog.item(c, "cms", "a")));
    assertEquals(Optional.empty(), get(c -> Catalog.item(c, "cms", "b")));
    assertEquals(1, get(Catalog::counts).items());
  }

  @Test
  void pending_vectors_become_live_and_recording_them_again_keeps_their_state() {
    ChunkRow one = new ChunkRow("cms:a#1", "cms", "a", "h1", false);
    ChunkRow two = new ChunkRow("cms:a#2", "cms", "a", "h2", false);
    run(c -> Catalog.recordPending(c, List.of(one, two)));
    run(c -> Catalog.markLive(c, List.of("cms:a#1")));
    run(
        c ->
            Catalog.recordPending(
                c, List.of(one, new ChunkRow("cms:a#3", "cms", "a", "h3", false))));

    var chunks = get(c -> Catalog.chunks(c, "cms", "a"));
    assertEquals(Set.of("cms:a#1", "cms:a#2", "cms:a#3"), chunks.keySet());
    assertTrue(chunks.get("cms:a#1").live(), "recorded again, still live");
    assertEquals(new ChunkRow("cms:a#2", "cms", "a", "h2", false), chunks.get("cms:a#2"));
    assertEquals(new Counts(0, 1, 2), get(Catalog::counts));
  }

  @Test
  void vectors_without_an_item_row_are_strays_until_forgotten() {
    run(c -> Catalog.recordPending(c, List.of(new ChunkRow("cms:x#1", "cms", "x", "h", false))));
    run(c -> Catalog.recordPending(c, List.of(new ChunkRow("cms:y#1", "cms", "y", "h", false))));
    run(c -> Catalog.saveItem(c, new ItemRow("cms", "y", "h", "Y", "/y", "en", 1, false, 1), NOW));

    assertEquals(List.of("cms:x#1"), get(c -> Catalog.strayChunks(c, 10)));
    run(c -> Catalog.forget(c, List.of("cms:x#1")));
    assertEquals(List.of(), get(c -> Catalog.strayChunks(c, 10)));
  }

  @Test
  void unseen_lists_items_another_run_saw_then_items_of_inactive_sources() {
    saveItem("cms", "seen", 2);
    saveItem("cms", "old", 1);
    saveItem("gone", "g1", 2);
    run(c -> Catalog.touch(c, "cms", "old", 2));

    List<String[]> unseen = get(c -> Catalog.unseen(c, 2, Set.of("cms"), 10));

    assertEquals(1, unseen.size());
    assertArrayEquals(new String[] {"gone", "g1"}, unseen.get(0));
    run(c -> Catalog.deleteItem(c, "gone", "g1"));
    assertEquals(List.of(), get(c -> Catalog.unseen(c, 2, Set.of("cms"), 10)));
    assertEquals(2, get(c -> Catalog.unseen(c, 3, Set.of("cms"), 10)).size());
    assertEquals(1, get(c -> Catalog.unseen(c, 3, Set.of("cms"), 1)).size(), "the limit holds");
  }

  @Test
  void clear_forgets_items_and_vectors() {
    saveItem("cms", "a", 1);
    run(c -> Catalog.recordPending(c, List.of(new ChunkRow("cms:a#1", "cms", "a", "h", false))));

    run(Catalog::clear);

    assertEquals(new Counts(0, 0, 0), get(Catalog::counts));
  }

  @Test
  void a_failed_statement_rolls_back_the_whole_transaction_and_reports_the_drivers_exception() {
    JDBCException e =
        assertThrows(
            JDBCException.class,
            () ->
                run(
                    c -> {
                      saveItem(c, "cms", "a");
                      Catalog.recordPending(c, List.of(new ChunkRow("v", "cms", "a", "h", false)));
                      Sql.on(
                          c,
                          h ->
                              h.createUpdate(
                                      "INSERT INTO ai_index_chunk (vector_id, source, item_id,"
                                          + " chunk_hash, live) VALUES ('v', 'cms', 'a', 'h',"
                                          + " FALSE)")
                                  .execute());
                    }));

    assertTrue(e.getCause() instanceof SQLException, String.valueOf(e.getCause()));
    assertEquals(new Counts(0, 0, 0), get(Catalog::counts), "nothing of the transaction stays");
  }

  @Test
  void a_run_starts_running_adds_up_its_batches_and_records_its_end() {
    long id = get(c -> Runs.start(c, "model|384", 10, NOW));
    run(c -> Runs.execution(c, id, 42, NOW));
    IndexOutcome first = new IndexOutcome(2, 1, 0, 5, 0, List.of("cms:b: too long"));
    IndexOutcome second = new IndexOutcome(1, 0, 1, 2, 3, List.of());
    run(c -> Runs.progress(c, id, 3, first, "cms", "c", NOW));
    run(c -> Runs.progress(c, id, 2, second, "cms", "e", NOW));
    run(c -> Runs.removed(c, id, 4, NOW));

    Runs.Row row = get(c -> Runs.find(c, id)).orElseThrow();
    IndexRun running = row.run();
    assertEquals(State.RUNNING, running.state());
    assertEquals(42, running.executionId());
    assertEquals("model|384", running.fingerprint());
    assertEquals(10, running.itemsTotal());
    assertEquals(5, running.itemsDone());
    assertEquals(1, running.itemsUnchanged());
    assertEquals(1, running.itemsSkipped());
    assertEquals(7, running.chunksWritten());
    assertEquals(5, running.itemsRemoved());
    assertEquals("1 item(s) could not be indexed, e.g. cms:b: too long", running.message());
    assertEquals(Optional.empty(), running.endedAt());
    assertEquals("cms", row.cursorSource());
    assertEquals("e", row.cursorItem());

    Instant later = NOW.plus(5, ChronoUnit.MINUTES);
    run(c -> Runs.state(c, id, State.COMPLETED, null, later));
    IndexRun ended = get(Runs::latest).orElseThrow().run();
    assertEquals(State.COMPLETED, ended.state());
    assertEquals(
        "1 item(s) could not be indexed, e.g. cms:b: too long", ended.message(), "null keeps it");
    assertEquals(Optional.of(later), ended.endedAt());
    assertEquals(NOW, ended.startedAt());
  }

  @Test
  void the_latest_run_is_the_one_started_last() {
    assertEquals(Optional.empty(), get(Runs::latest));
    long first = get(c -> Runs.start(c, "f", -1, NOW));
    long second = get(c -> Runs.start(c, "f", -1, NOW));

    assertTrue(second > first);
    assertEquals(second, get(Runs::latest).orElseThrow().run().id());
  }

  @Test
  void the_queue_hands_out_changes_in_order_and_forgets_them_through_a_sequence_number() {
    run(c -> Queue.add(c, "push", "a", Queue.SAVE, "{\"id\":\"a\"}", NOW));
    run(c -> Queue.add(c, "push", "b", Queue.DELETE, null, NOW));
    run(c -> Queue.add(c, "push", "c", Queue.SAVE, "{}", NOW));

    List<Queue.Entry> head = get(c -> Queue.head(c, 2));
    assertEquals(List.of("a", "b"), head.stream().map(Queue.Entry::itemId).toList());
    assertEquals(Queue.SAVE, head.get(0).operation());
    assertEquals("{\"id\":\"a\"}", head.get(0).payload());
    assertEquals(null, head.get(1).payload());
    run(c -> Queue.removeThrough(c, head.get(1).seq()));
    assertEquals(1, get(Queue::length));
    assertEquals("c", get(c -> Queue.head(c, 10)).get(0).itemId());
  }

  @Test
  void pushed_content_reads_back_as_saved_lists_in_id_order_and_deletes() {
    PushedContent pushed = new PushedContent(database());
    ContentItem b = item("b", Set.of("x", "y"), Set.of("staff"));
    pushed.save(item("a", Set.of(), Set.of()));
    pushed.save(b);
    pushed.save(item("c", Set.of("z"), Set.of()));

    assertEquals(Optional.of(b), pushed.find("b"));
    assertEquals(List.of("b", "c"), pushed.list("a", 5).stream().map(ContentItem::id).toList());
    assertEquals(List.of("a"), pushed.list(null, 1).stream().map(ContentItem::id).toList());
    assertEquals(3, pushed.count());
    assertTrue(pushed.delete("b"));
    assertFalse(pushed.delete("b"));
    assertEquals(Optional.empty(), pushed.find("b"));
  }

  // ---- helpers ----

  private interface Step {
    void run(java.sql.Connection c) throws SQLException;
  }

  private void run(Step step) {
    database()
        .withConnection(
            c -> {
              step.run(c);
              return null;
            });
  }

  private <T> T get(Database.SqlWork<T> work) {
    return database().withConnection(work);
  }

  private void saveItem(String source, String itemId, long runId) {
    run(
        c ->
            Catalog.saveItem(
                c, new ItemRow(source, itemId, "h", "T", "/", "en", 1, false, runId), NOW));
  }

  private static void saveItem(java.sql.Connection c, String source, String itemId)
      throws SQLException {
    Catalog.saveItem(c, new ItemRow(source, itemId, "h", "T", "/", "en", 1, false, 1), NOW);
  }

  private static ContentItem item(String id, Set<String> tags, Set<String> groups) {
    return new ContentItem(
        id,
        "Title " + id,
        "<p>Body " + id + "</p>",
        "/" + id,
        "en",
        tags,
        "page",
        true,
        groups,
        NOW);
  }
}
