-- Saved module settings (key/value). Portable SQL: runs on H2 and PostgreSQL.
CREATE TABLE ai_setting (
    setting_key   VARCHAR(200)  NOT NULL PRIMARY KEY,
    setting_value VARCHAR(8000) NOT NULL,
    updated_at    TIMESTAMP WITH TIME ZONE NOT NULL,
    version       BIGINT        NOT NULL DEFAULT 0
);
