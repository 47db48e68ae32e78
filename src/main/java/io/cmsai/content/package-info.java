/**
 * Site content the module indexes for semantic search: the {@link io.cmsai.content.ContentItem}
 * value, the {@link io.cmsai.content.ContentSource} SPI a host CMS implements, the CDI events it
 * fires when content changes ({@link io.cmsai.content.ContentSaved}, {@link
 * io.cmsai.content.ContentDeleted}), and the store of content pushed over REST.
 */
package io.cmsai.content;
