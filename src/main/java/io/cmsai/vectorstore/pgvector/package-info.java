/**
 * The {@link io.cmsai.vectorstore.VectorStore} on PostgreSQL with pgvector: one table per
 * collection, in a database the settings name or in the module's own PostgreSQL database.
 */
package io.cmsai.vectorstore.pgvector;
