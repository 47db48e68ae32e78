package io.cmsai.content;

/**
 * Fire this CDI event when content is created or changed; the module indexes it after the firing
 * transaction commits (or at once without a transaction). The change is queued durably before the
 * observer returns, so it is indexed even if the server stops first.
 *
 * @param source the {@link ContentSource#name()} the item belongs to
 * @param item the item as it is now
 */
public record ContentSaved(String source, ContentItem item) {

  public ContentSaved {
    ContentSources.checkName(source);
    if (item == null) {
      throw new IllegalArgumentException("ContentSaved needs an item");
    }
  }

  /** An item of the default source ({@value ContentSource#DEFAULT_NAME}). */
  public ContentSaved(ContentItem item) {
    this(ContentSource.DEFAULT_NAME, item);
  }
}
