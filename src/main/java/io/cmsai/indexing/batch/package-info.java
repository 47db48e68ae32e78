/**
 * The Jakarta Batch artifacts of the full re-index job {@code cms-ai-reindex} ({@code
 * META-INF/batch-jobs/cms-ai-reindex.xml}): a chunk step that reads every active content source and
 * writes batches through {@link io.cmsai.indexing.IndexPipeline}, then a sweep that removes what
 * the run did not see. Started, stopped and resumed by {@link io.cmsai.indexing.ContentIndex}; not
 * for direct use.
 */
package io.cmsai.indexing.batch;
