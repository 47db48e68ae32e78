/**
 * The ways of writing and searching vectors the benchmark compares: the module's stores through its
 * own classes (PgVectorStore, LuceneVectorStore), the baselines by hand (raw binary COPY with its
 * own encoder, the adapter's SQL on a plain JDBC connection, a plain IndexWriter and
 * KnnFloatVectorQuery), LangChain4j's PgVectorEmbeddingStore, and diagnostics (the adapter's staged
 * COPY SQL, a transaction per query). Each is an {@link
 * io.cmsai.bench.vector.contenders.IngestContender} or {@link
 * io.cmsai.bench.vector.contenders.SearchContender}; none is thread-safe.
 */
package io.cmsai.bench.vector.contenders;
