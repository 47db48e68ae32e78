package io.cmsai.indexing;

import io.cmsai.content.ContentItem;
import io.cmsai.content.ContentSources;

/**
 * A content item with the name of its source: the key of everything indexed for it.
 *
 * @param source the content source name
 * @param item the item
 */
public record SourcedItem(String source, ContentItem item) {

  public SourcedItem {
    ContentSources.checkName(source);
    if (item == null) {
      throw new IllegalArgumentException("an item is required");
    }
  }

  /** {@code source:id}. */
  public String key() {
    return source + ":" + item.id();
  }
}
