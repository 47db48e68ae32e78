package io.cmsai.content;

import java.util.List;

/**
 * The SPI a host CMS implements (as a CDI bean) so the module can list its content for a full
 * re-index. Every {@code ContentSource} bean of the application is indexed; the module adds its own
 * sources for pushed content ({@code push}) and the demo corpus ({@code demo}).
 *
 * <p>Listing is keyset paging: {@link #list} returns items in a stable order of the source's
 * choosing, starting after {@code afterId}. A re-index that is interrupted resumes from the last id
 * it finished, so the order must not change between calls (ordering by id is the usual choice).
 *
 * <p>Implementations are called from batch threads, one call at a time per source; they must be
 * thread-safe if the application calls them elsewhere too. Unpublished items may be listed: the
 * indexer removes them from the index.
 */
public interface ContentSource {

  /** The default source name, used by {@link ContentSaved}/{@link ContentDeleted} events too. */
  String DEFAULT_NAME = "cms";

  /**
   * A stable name, {@code [a-z0-9_-]{1,32}}: part of every indexed item's key, so changing it
   * re-indexes everything under the new name.
   */
  default String name() {
    return DEFAULT_NAME;
  }

  /**
   * Up to {@code limit} items following {@code afterId} in the source's order; an empty list when
   * there are no more.
   *
   * @param afterId the id of the last item of the previous page, or {@code null} for the first page
   * @param limit the page size, at least 1
   */
  List<ContentItem> list(String afterId, int limit);

  /** How many items {@link #list} will return in all, or -1 when unknown (for progress and ETA). */
  default long count() {
    return -1;
  }
}
