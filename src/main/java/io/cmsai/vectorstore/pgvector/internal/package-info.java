/**
 * The pgvector store's SQL: schema and table registry, filters as bound SQL conditions, metadata as
 * {@code jsonb} and the binary COPY encoding of records. Not for use outside {@code
 * io.cmsai.vectorstore.pgvector}.
 */
package io.cmsai.vectorstore.pgvector.internal;
