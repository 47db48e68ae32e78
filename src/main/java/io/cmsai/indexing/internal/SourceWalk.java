package io.cmsai.indexing.internal;

import io.cmsai.content.ContentItem;
import io.cmsai.content.ContentSource;
import io.cmsai.indexing.SourcedItem;
import java.io.Serializable;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

/**
 * Walks every item of a list of content sources (in the given order), page by page, from a resume
 * position. Not thread-safe.
 */
public final class SourceWalk {

  /**
   * A resume position: after item {@code lastId} of source {@code source} ({@code lastId} null:
   * that source from its start). The batch checkpoint.
   */
  public record Cursor(String source, String lastId) implements Serializable {
    private static final long serialVersionUID = 1L;
  }

  private final List<ContentSource> sources;
  private final int pageSize;
  private final Deque<ContentItem> page = new ArrayDeque<>();
  private int index;
  private String lastId;
  private boolean sourceDone;

  /**
   * @param sources the sources, in walking order
   * @param start where to resume, or {@code null} for the beginning; a cursor naming a source that
   *     is no longer in the list resumes at the next source by name
   * @param pageSize items per {@link ContentSource#list} call
   */
  public SourceWalk(List<ContentSource> sources, Cursor start, int pageSize) {
    this.sources = List.copyOf(sources);
    this.pageSize = pageSize;
    if (start != null && start.source() != null) {
      int at = 0;
      while (at < sources.size() && sources.get(at).name().compareTo(start.source()) < 0) {
        at++;
      }
      this.index = at;
      if (at < sources.size() && sources.get(at).name().equals(start.source())) {
        this.lastId = start.lastId();
      }
    }
  }

  /** The next item, or {@code null} when every source is exhausted. */
  public SourcedItem next() {
    while (index < sources.size()) {
      if (page.isEmpty() && !sourceDone) {
        List<ContentItem> items = sources.get(index).list(lastId, pageSize);
        page.addAll(items);
        sourceDone = items.size() < pageSize;
      }
      ContentItem item = page.poll();
      if (item != null) {
        lastId = item.id();
        return new SourcedItem(sources.get(index).name(), item);
      }
      index++;
      lastId = null;
      sourceDone = false;
    }
    return null;
  }

  /** The position after the last item returned. */
  public Cursor position() {
    if (index >= sources.size()) {
      return new Cursor(sources.isEmpty() ? null : "\uffff", null);
    }
    return new Cursor(sources.get(index).name(), lastId);
  }
}
