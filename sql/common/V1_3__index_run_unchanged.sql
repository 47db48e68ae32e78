-- Items a full re-index run found unchanged (already indexed as they are), so the console can say
-- how many were skipped for that reason beside those that could not be indexed (items_skipped).
ALTER TABLE ai_index_run ADD COLUMN items_unchanged BIGINT DEFAULT 0 NOT NULL;
