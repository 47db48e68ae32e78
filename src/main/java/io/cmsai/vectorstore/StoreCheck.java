package io.cmsai.vectorstore;

import java.util.Optional;

/**
 * The outcome of a vector store connection test.
 *
 * @param ok whether the store can be used with the current embedding model
 * @param latencyMillis how long the test took
 * @param server what answered ("PostgreSQL 15.20, pgvector 0.8.0", "Milvus v2.5.4"...), or {@code
 *     ""} when nothing did
 * @param description the table or collection, when it exists
 * @param count its records
 * @param dimensionCheck the comparison with the embedding model in words: "matches", "will be
 *     created with 384 dimensions", "holds 1536-dimension vectors of text-embedding-3-small; the
 *     model in use is all-minilm-l6-v2 (384): re-index"...
 * @param problem why the test failed, in plain language, or {@code ""}
 */
public record StoreCheck(
    boolean ok,
    long latencyMillis,
    String server,
    Optional<StoreDescription> description,
    long count,
    String dimensionCheck,
    String problem) {}
