package io.cmsai.indexing;

import java.util.Optional;

/**
 * The state of the search index, for the admin console.
 *
 * @param items indexed items
 * @param chunks vectors written (live in the catalogue)
 * @param pendingChunks vectors recorded but not confirmed written (non-zero only during a write or
 *     after a crash, until the item is indexed again)
 * @param storeCount records the vector store reports ({@code -1} when it cannot be reached)
 * @param store the store, e.g. {@code embedded cms_ai_content}
 * @param model the embedding model and dimension in use
 * @param freshness how far the index reflects the content sources
 * @param detail what the freshness means and what to do, in words
 * @param queued incremental changes waiting to be indexed
 * @param sources active content sources with their item counts, e.g. {@code demo (412)}
 * @param lastRun the latest full re-index run
 */
public record IndexStatus(
    long items,
    long chunks,
    long pendingChunks,
    long storeCount,
    String store,
    String model,
    IndexFreshness freshness,
    String detail,
    long queued,
    java.util.List<String> sources,
    Optional<IndexRun> lastRun) {}
