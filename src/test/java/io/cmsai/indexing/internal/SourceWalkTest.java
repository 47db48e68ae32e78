package io.cmsai.indexing.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.cmsai.content.ContentItem;
import io.cmsai.content.ContentSource;
import io.cmsai.indexing.SourcedItem;
import io.cmsai.indexing.internal.SourceWalk.Cursor;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Keyset paging over several sources and resuming from a cursor (the batch checkpoint). */
class SourceWalkTest {

  /** Items ordered by id; records every {@code list} call as {@code afterId/limit}. */
  private static final class MemorySource implements ContentSource {
    private final String name;
    private final List<ContentItem> items;
    final List<String> calls = new ArrayList<>();

    MemorySource(String name, String... ids) {
      this.name = name;
      this.items = Arrays.stream(ids).sorted().map(SourceWalkTest::item).toList();
    }

    @Override
    public String name() {
      return name;
    }

    @Override
    public List<ContentItem> list(String afterId, int limit) {
      calls.add(afterId + "/" + limit);
      return items.stream()
          .filter(i -> afterId == null || i.id().compareTo(afterId) > 0)
          .limit(limit)
          .toList();
    }
  }

  private static ContentItem item(String id) {
    return new ContentItem(
        id,
        "Title " + id,
        "<p>body</p>",
        "/" + id,
        "en",
        Set.of(),
        "",
        true,
        Set.of(),
        Instant.EPOCH);
  }

  /** Every remaining key of the walk. */
  private static List<String> drain(SourceWalk walk) {
    List<String> keys = new ArrayList<>();
    for (SourcedItem next = walk.next(); next != null; next = walk.next()) {
      keys.add(next.key());
    }
    return keys;
  }

  @Test
  void every_item_of_every_source_is_walked_in_order_page_by_page() {
    MemorySource a = new MemorySource("a", "a1", "a2", "a3", "a4", "a5");
    MemorySource b = new MemorySource("b", "b1", "b2", "b3");

    List<String> keys = drain(new SourceWalk(List.of(a, b), null, 2));

    assertEquals(List.of("a:a1", "a:a2", "a:a3", "a:a4", "a:a5", "b:b1", "b:b2", "b:b3"), keys);
    assertEquals(List.of("null/2", "a2/2", "a4/2"), a.calls, "a short page ends the source");
    assertEquals(List.of("null/2", "b2/2"), b.calls);
  }

  @Test
  void a_source_whose_last_page_is_exactly_full_is_asked_once_more_then_left() {
    MemorySource a = new MemorySource("a", "a1", "a2", "a3", "a4");
    MemorySource b = new MemorySource("b", "b1");

    List<String> keys = drain(new SourceWalk(List.of(a, b), null, 2));

    assertEquals(List.of("a:a1", "a:a2", "a:a3", "a:a4", "b:b1"), keys);
    assertEquals(List.of("null/2", "a2/2", "a4/2"), a.calls);
    assertEquals(List.of("null/2"), b.calls);
  }

  @Test
  void empty_sources_are_passed_over() {
    MemorySource a = new MemorySource("a");
    MemorySource b = new MemorySource("b", "b1");
    MemorySource c = new MemorySource("c");

    SourceWalk walk = new SourceWalk(List.of(a, b, c), null, 10);

    assertEquals(List.of("b:b1"), drain(walk));
    assertEquals(List.of("null/10"), a.calls);
    assertEquals(List.of("null/10"), c.calls);
    assertEquals(new Cursor("\uffff", null), walk.position());
  }

  @Test
  void a_walk_over_no_sources_is_empty_and_its_position_names_no_source() {
    SourceWalk walk = new SourceWalk(List.of(), null, 10);

    assertNull(walk.next());
    assertEquals(new Cursor(null, null), walk.position());
  }

  @Test
  void the_walk_stays_exhausted_without_listing_again() {
    MemorySource a = new MemorySource("a", "a1");
    SourceWalk walk = new SourceWalk(List.of(a), null, 10);
    drain(walk);

    assertNull(walk.next());
    assertNull(walk.next());
    assertEquals(List.of("null/10"), a.calls);
  }

  @Test
  void the_position_is_the_first_source_from_its_start_then_after_each_item_returned() {
    MemorySource a = new MemorySource("a", "a1", "a2");
    MemorySource b = new MemorySource("b", "b1");
    SourceWalk walk = new SourceWalk(List.of(a, b), null, 2);

    List<Cursor> positions = new ArrayList<>(List.of(walk.position()));
    while (walk.next() != null) {
      positions.add(walk.position());
    }
    positions.add(walk.position());

    assertEquals(
        List.of(
            new Cursor("a", null),
            new Cursor("a", "a1"),
            new Cursor("a", "a2"),
            new Cursor("b", "b1"),
            new Cursor("\uffff", null)),
        positions);
  }

  @Test
  void resuming_mid_source_lists_after_the_cursor_id() {
    MemorySource a = new MemorySource("a", "a1", "a2", "a3", "a4", "a5");
    MemorySource b = new MemorySource("b", "b1");

    List<String> keys = drain(new SourceWalk(List.of(a, b), new Cursor("a", "a2"), 2));

    assertEquals(List.of("a:a3", "a:a4", "a:a5", "b:b1"), keys);
    assertEquals(List.of("a2/2", "a4/2"), a.calls);
  }

  @Test
  void resuming_at_a_source_boundary_skips_the_sources_before_it() {
    MemorySource a = new MemorySource("a", "a1");
    MemorySource b = new MemorySource("b", "b1", "b2");
    MemorySource c = new MemorySource("c", "c1");

    List<String> keys = drain(new SourceWalk(List.of(a, b, c), new Cursor("b", null), 5));

    assertEquals(List.of("b:b1", "b:b2", "c:c1"), keys);
    assertEquals(List.of(), a.calls, "a is before the cursor's source");
    assertEquals(List.of("null/5"), b.calls);
  }

  @Test
  void resuming_after_the_last_item_of_a_source_goes_on_with_the_next_source() {
    MemorySource a = new MemorySource("a", "a1", "a2");
    MemorySource b = new MemorySource("b", "b1");

    List<String> keys = drain(new SourceWalk(List.of(a, b), new Cursor("a", "a2"), 5));

    assertEquals(List.of("b:b1"), keys);
    assertEquals(List.of("a2/5"), a.calls);
  }

  @Test
  void resuming_after_the_last_item_of_the_last_source_yields_nothing() {
    MemorySource a = new MemorySource("a", "a1");
    MemorySource b = new MemorySource("b", "b1");

    SourceWalk walk = new SourceWalk(List.of(a, b), new Cursor("b", "b1"), 5);

    assertEquals(List.of(), drain(walk));
    assertEquals(List.of(), a.calls);
    assertEquals(new Cursor("\uffff", null), walk.position());
  }

  @Test
  void resuming_from_the_end_position_lists_nothing() {
    MemorySource a = new MemorySource("a", "a1");
    MemorySource b = new MemorySource("b", "b1");

    SourceWalk walk = new SourceWalk(List.of(a, b), new Cursor("\uffff", null), 5);

    assertNull(walk.next());
    assertEquals(List.of(), a.calls);
    assertEquals(List.of(), b.calls);
  }

  @Test
  void a_cursor_naming_a_removed_source_resumes_at_the_next_source_from_its_start() {
    MemorySource a = new MemorySource("a", "a1");
    MemorySource c = new MemorySource("c", "c1", "c2");

    List<String> keys = drain(new SourceWalk(List.of(a, c), new Cursor("b", "b7"), 5));

    assertEquals(List.of("c:c1", "c:c2"), keys);
    assertEquals(List.of("null/5"), c.calls, "b's last id does not apply to c");
  }

  @Test
  void a_cursor_without_a_source_starts_at_the_beginning() {
    MemorySource a = new MemorySource("a", "a1");

    assertEquals(List.of("a:a1"), drain(new SourceWalk(List.of(a), new Cursor(null, null), 5)));
  }

  @Test
  void resuming_from_any_position_walks_exactly_the_rest() {
    List<String> all = List.of("a:a1", "a:a2", "a:a3", "a:a4", "c:c1", "c:c2", "c:c3");
    for (int pageSize = 1; pageSize <= 5; pageSize++) {
      for (int done = 0; done <= all.size(); done++) {
        SourceWalk first = new SourceWalk(sources(), null, pageSize);
        List<String> seen = new ArrayList<>();
        for (int i = 0; i < done; i++) {
          seen.add(first.next().key());
        }

        seen.addAll(drain(new SourceWalk(sources(), first.position(), pageSize)));

        assertEquals(all, seen, "page size " + pageSize + ", resumed after " + done);
      }
    }
  }

  private static List<ContentSource> sources() {
    return List.of(
        new MemorySource("a", "a1", "a2", "a3", "a4"),
        new MemorySource("b"),
        new MemorySource("c", "c1", "c2", "c3"));
  }
}
