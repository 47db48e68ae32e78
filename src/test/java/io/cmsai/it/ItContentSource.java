package io.cmsai.it;

import io.cmsai.content.ContentItem;
import io.cmsai.content.ContentSource;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import java.util.NavigableMap;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * The host CMS of {@link ContentIndexIT}: an in-memory content source named {@code cms} that the
 * test edits, as a portal's repository would change under the index. Its presence also switches the
 * demo corpus off ({@code cms.ai.demo.enabled=auto}). Thread-safe.
 */
@ApplicationScoped
public class ItContentSource implements ContentSource {

  private final NavigableMap<String, ContentItem> items = new ConcurrentSkipListMap<>();

  /** Adds or replaces {@code item}. */
  public void put(ContentItem item) {
    items.put(item.id(), item);
  }

  /** Removes the item {@code id}. */
  public void remove(String id) {
    items.remove(id);
  }

  /** The item {@code id}. */
  public ContentItem get(String id) {
    return items.get(id);
  }

  /** Every item. */
  public List<ContentItem> all() {
    return new ArrayList<>(items.values());
  }

  @Override
  public List<ContentItem> list(String afterId, int limit) {
    NavigableMap<String, ContentItem> tail =
        afterId == null ? items : items.tailMap(afterId, false);
    return tail.values().stream().limit(limit).toList();
  }

  @Override
  public long count() {
    return items.size();
  }
}
