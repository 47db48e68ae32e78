/**
 * How the embedded store maps the port onto Lucene: record documents and their fields, the filter
 * converter, score conversion, the codec with the HNSW build parameters, exact search, rank fusion
 * and the settings kept in the commit data. Used only by {@link
 * io.cmsai.vectorstore.embedded.LuceneVectorStore}.
 */
package io.cmsai.vectorstore.embedded.internal;
