/**
 * The vector store port: {@link io.cmsai.vectorstore.VectorStore} and its values, used by
 * everything above it (indexing, semantic search). Adapters: {@code pgvector} (PostgreSQL), {@code
 * milvus}, {@code embedded} (Lucene, under the data directory). Every adapter checks each vector
 * against the store's dimension and rejects non-finite values before anything is written or
 * searched ({@link io.cmsai.vectorstore.Vectors}).
 */
package io.cmsai.vectorstore;
