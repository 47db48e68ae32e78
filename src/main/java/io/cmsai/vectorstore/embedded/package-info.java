/**
 * The embedded vector store: {@link io.cmsai.vectorstore.embedded.LuceneVectorStore}, one Apache
 * Lucene 9.12 index per store under {@code <data-dir>/vectors/<name>}, for installations without a
 * vector database. HNSW or exact vector search, BM25 full text for hybrid search, metadata filters,
 * all in-process; nothing to run besides the module.
 */
package io.cmsai.vectorstore.embedded;
