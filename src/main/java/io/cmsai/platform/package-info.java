/**
 * Infrastructure the capabilities stand on: the module's data directory, its database (the {@code
 * java:app/jdbc/cms-ai} data source and the {@code cms-ai} persistence unit), schema migrations and
 * start-up.
 *
 * <p>Everything stateful the module keeps on the embedded defaults lives under one {@link
 * io.cmsai.platform.DataDirectory}, so settings and indexes survive a restart.
 *
 * <h2>Which tables go through what</h2>
 *
 * Flyway creates every table ({@link io.cmsai.platform.SchemaMigrator}); two styles read and write
 * them, each for the kind of row it suits, and every transaction is bounded by {@link
 * io.cmsai.platform.Database} ({@code inTransaction} for entities, {@code withConnection} for SQL).
 *
 * <ul>
 *   <li><b>Hibernate entities</b> for small rows an administrator edits one at a time, read and
 *       written whole: settings ({@code ai_setting}), admin accounts ({@code ai_admin_account})
 *       and, in the pgvector store's own database, its collection registry ({@code
 *       ai_vector_collection}).
 *   <li><b>SQL through Jdbi</b> ({@link io.cmsai.platform.Sql}) for the bulk bookkeeping of
 *       indexing: the catalogue ({@code ai_index_item}, {@code ai_index_chunk}), runs ({@code
 *       ai_index_run}), the change queue ({@code ai_index_queue}) and pushed content ({@code
 *       ai_content_item}). These are written in batches, updated column by column ({@code
 *       items_done = items_done + ?}), deleted by range and counted, inside transactions whose
 *       order makes indexing crash-safe; an entity would load rows only to change one column, and
 *       the statements would hide behind the session's flush order. Jdbi's fluent core gives named
 *       parameters, row mappers and batches over the caller's own connection without annotation
 *       processing or a second transaction manager; the SQL stays in constants beside its row
 *       records, one dialect for H2 and PostgreSQL.
 *   <li><b>Plain JDBC</b> only where the driver is the point: the vector stores' COPY and vendor
 *       DDL, in their own packages.
 * </ul>
 */
package io.cmsai.platform;
