-- Administrator accounts of the embedded identity store. Passwords are stored only as PBKDF2 hashes
-- (Jakarta Security's Pbkdf2PasswordHash format). Portable SQL: runs on H2 and PostgreSQL.
CREATE TABLE ai_admin_account (
    username            VARCHAR(100)  NOT NULL PRIMARY KEY,
    password_hash       VARCHAR(1000) NOT NULL,
    created_at          TIMESTAMP WITH TIME ZONE NOT NULL,
    password_changed_at TIMESTAMP WITH TIME ZONE NOT NULL,
    version             BIGINT        NOT NULL DEFAULT 0
);
