/**
 * The Milvus store's collection layout and its row mapping (records to rows, search hits back to
 * matches). Not for use outside {@code io.cmsai.vectorstore.milvus}.
 */
package io.cmsai.vectorstore.milvus.internal;
