package io.cmsai.vectorstore;

import java.util.Optional;

/**
 * What a store is: where, how it compares and indexes vectors, what produced them.
 *
 * @param kind {@code pgvector}, {@code milvus} or {@code embedded}
 * @param name the table or collection
 * @param dimension the vectors' length
 * @param metric how vectors are compared
 * @param index the index and its build parameters
 * @param fingerprint the embedding model recorded when the store was created, if any
 * @param notes facts an administrator should know, e.g. "IVFFlat index deferred until 1000 rows"
 *     ({@code ""} when none)
 */
public record StoreDescription(
    String kind,
    String name,
    int dimension,
    DistanceMetric metric,
    IndexSpec index,
    Optional<EmbeddingFingerprint> fingerprint,
    String notes) {}
