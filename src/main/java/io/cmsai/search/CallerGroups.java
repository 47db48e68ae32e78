package io.cmsai.search;

import java.util.Set;

/**
 * The access groups of the caller of a search, matched against {@link
 * io.cmsai.content.ContentItem#accessGroups()}. The module's default ({@link
 * ContainerCallerGroups}) takes the caller's roles from Jakarta Security; a portal whose groups
 * live elsewhere provides its own bean ({@code @Alternative @Priority}). Called on the request
 * thread.
 */
public interface CallerGroups {

  /** The current caller's groups; empty for an anonymous visitor (public content only). */
  Set<String> current();
}
