-- A live archive's search index, written in the background a chunk at a time (ArchiveSearchIndexer),
-- never on the ingest path (V5: a GIN index kept by the ingest costs more than half of storing a
-- message). Every message up to search_indexed_through has its row in archive_search, as the view
-- archive_message_search says it now: each writer that changes or adds such a message rewrites its
-- row in the same transaction. A search reads the index up to there and the view after it.
ALTER TABLE archive
    ADD COLUMN search_indexed_through bigint,              -- a message id; null: nothing indexed yet
    ADD COLUMN search_indexed_count   bigint NOT NULL DEFAULT 0;  -- message_count when last indexed: when the next chunk is due

-- The indexer's round reads the live archives alone.
CREATE INDEX archive_live ON archive (id) WHERE sealed_at IS NULL AND deleted_at IS NULL AND purged_at IS NULL;
