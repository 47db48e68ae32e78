/**
 * The search index: content from the {@link io.cmsai.content.ContentSource}s and the push API, cut
 * into chunks, embedded and written to the vector store in use, with a catalogue of what was
 * written. {@link io.cmsai.indexing.IndexPipeline} writes (full re-index batches and incremental
 * changes, one at a time); {@link io.cmsai.indexing.IndexQueue} is the durable queue of incremental
 * changes (it observes the content events); {@link io.cmsai.indexing.ContentIndex} runs full
 * re-indexes and reports the index's state ({@link io.cmsai.indexing.IndexStatus}, {@link
 * io.cmsai.indexing.IndexRun}). Sub-package {@code batch} holds the Jakarta Batch job of a
 * re-index.
 */
package io.cmsai.indexing;
