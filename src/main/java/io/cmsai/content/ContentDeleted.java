package io.cmsai.content;

/**
 * Fire this CDI event when content is deleted (or should no longer be searchable); its vectors are
 * removed after the firing transaction commits. Queued durably like {@link ContentSaved}.
 *
 * @param source the {@link ContentSource#name()} the item belonged to
 * @param id the item's id
 */
public record ContentDeleted(String source, String id) {

  public ContentDeleted {
    ContentSources.checkName(source);
    if (id == null || id.isBlank() || id.length() > ContentItem.MAX_ID_LENGTH) {
      throw new IllegalArgumentException(
          "ContentDeleted needs an id of 1.." + ContentItem.MAX_ID_LENGTH + " characters");
    }
  }

  /** An item of the default source ({@value ContentSource#DEFAULT_NAME}). */
  public ContentDeleted(String id) {
    this(ContentSource.DEFAULT_NAME, id);
  }
}
