/**
 * How the index is built: HTML to plain text, chunking to the embedding model's input size, the
 * per-batch write that keeps the vector store and the catalogue recoverable after a crash, and the
 * SQL of the catalogue, run and queue tables. Not for use outside {@code io.cmsai.indexing}.
 */
package io.cmsai.indexing.internal;
