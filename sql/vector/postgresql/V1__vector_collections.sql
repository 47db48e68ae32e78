-- Registry of the pgvector tables the module created in this database: what each holds, so a table
-- is never reopened with another dimension or metric and a changed embedding model is detected.
-- Applied by the pgvector adapter to the vector database (history table cms_ai_vector_schema_history).
CREATE TABLE IF NOT EXISTS ai_vector_collection (
    table_name             VARCHAR(130) NOT NULL PRIMARY KEY,
    dimension              INTEGER      NOT NULL,
    metric                 VARCHAR(20)  NOT NULL,
    index_type             VARCHAR(20)  NOT NULL,
    index_params           VARCHAR(500) NOT NULL,
    column_type            VARCHAR(20)  NOT NULL,
    fingerprint_model      VARCHAR(300),
    fingerprint_normalized BOOLEAN,
    created_at             TIMESTAMP WITH TIME ZONE NOT NULL,
    version                BIGINT       NOT NULL DEFAULT 0
);
