-- Search within an archive. btree_gin lets one GIN index hold the archive id beside the words, so a
-- search reads its own archive's entries only (trusted: a database owner may create it).
CREATE EXTENSION IF NOT EXISTS btree_gin;

-- What a search finds a message by: its content, author, attachment names (whole and in words:
-- "passport-scan.png" is found by "passport") and the text of its embeds. 'simple': no language's
-- stemming or stop words, since a server writes in any language. The parser reads <...> as HTML
-- tags and skips what a <script> holds: angle brackets become two private-use characters, which
-- it reads as spaces (reads put them back in excerpts), so "<@500>" is found by 500.
CREATE FUNCTION milk_search_document(content text, author_name text, attachments jsonb, embeds jsonb)
    RETURNS tsvector LANGUAGE sql IMMUTABLE PARALLEL SAFE
    RETURN to_tsvector('simple', translate(content || ' ' || author_name || ' '
        || jsonb_path_query_array(attachments, '$[*].filename')::text || ' '
        || translate(jsonb_path_query_array(attachments, '$[*].filename')::text, '-_.', '   ') || ' '
        || jsonb_path_query_array(embeds, '$[*].title')::text || ' '
        || jsonb_path_query_array(embeds, '$[*].description')::text || ' '
        || jsonb_path_query_array(embeds, '$[*].fields[*].name')::text || ' '
        || jsonb_path_query_array(embeds, '$[*].fields[*].value')::text || ' '
        || jsonb_path_query_array(embeds, '$[*].author.name')::text || ' '
        || jsonb_path_query_array(embeds, '$[*].footer.text')::text, '<>', chr(57346) || chr(57347)));

-- The search documents of sealed archives, written by a job on the writers after the seal, never
-- on the ingest path: maintaining a GIN index as messages arrive cost 15-20 us a message, more than
-- half of what storing one costs. Until its archive is indexed, a search reads the messages.
CREATE TABLE archive_search (
    archive_id bigint   NOT NULL,
    message_id bigint   NOT NULL,
    document   tsvector NOT NULL
);
CREATE INDEX archive_search_documents ON archive_search USING gin (archive_id, document);

ALTER TABLE archive ADD COLUMN search_indexed_at timestamptz;
CREATE INDEX archive_search_due ON archive (sealed_at)
    WHERE sealed_at IS NOT NULL AND search_indexed_at IS NULL AND deleted_at IS NULL AND purged_at IS NULL;
