/**
 * The JSON mapping of {@link io.cmsai.content.ContentItem} ({@link
 * io.cmsai.content.internal.ContentJson}), used by the push API and, through {@link
 * io.cmsai.content.ContentItem#toJson()}, by the index queue's payload. Not for use outside {@code
 * io.cmsai.content}.
 */
package io.cmsai.content.internal;
