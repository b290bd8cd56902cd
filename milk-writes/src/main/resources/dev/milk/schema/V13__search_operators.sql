-- Discord's search operators (README, "Search"): from:, mentions:, has:, before:/after:/during:,
-- pinned:, is:edited, is:removed. Each condition has one definition here, which a search of a live
-- archive evaluates on its messages and the indexer writes beside a sealed archive's documents.

-- Whether Discord showed the message pinned, as the bot saw it (optional in the contract).
ALTER TABLE archive_message ADD COLUMN pinned boolean;

-- What has: finds, one bit each: 1 link (a URL in the content), 2 embed, 4 file (any attachment),
-- 8 image, 16 video, 32 sound (an attachment of that content type, or else of that file extension;
-- an embed's image or video counts too), 64 sticker, 128 poll. SearchQuery names the same bits.
-- A components-v2 message's files and pictures (V12: file components, thumbnails, galleries' items)
-- are not attachments but count as they would: a file is a file, a picture by its content type, or
-- else by the extension of its link.
CREATE FUNCTION milk_search_has(content text, attachments jsonb, embeds jsonb, stickers jsonb, poll jsonb,
        components jsonb)
    RETURNS integer LANGUAGE sql IMMUTABLE PARALLEL SAFE
    RETURN (CASE WHEN content ~* 'https?://[^\s<>]' THEN 1 ELSE 0 END)
        | (CASE WHEN jsonb_array_length(embeds) > 0 THEN 2 ELSE 0 END)
        | (CASE WHEN jsonb_array_length(attachments) > 0 OR jsonb_path_exists(components, 'strict $.**.file.url')
                  THEN 4 ELSE 0 END)
        | (CASE WHEN jsonb_path_exists(attachments, '$[*] ? (@.contentType starts with "image/"
                    || (!exists(@.contentType ? (@ != null)) && @.filename like_regex "\\.(png|jpe?g|gif|webp|avif|bmp|heic|tiff?)$" flag "i"))')
                  OR jsonb_path_exists(embeds, '$[*].image.url')
                  OR jsonb_path_exists(components, 'strict $.**.media ? (@.contentType starts with "image/"
                    || (!exists(@.contentType ? (@ != null)) && @.url like_regex "\\.(png|jpe?g|gif|webp|avif|bmp|heic|tiff?)([?#]|$)" flag "i"))')
                  THEN 8 ELSE 0 END)
        | (CASE WHEN jsonb_path_exists(attachments, '$[*] ? (@.contentType starts with "video/"
                    || (!exists(@.contentType ? (@ != null)) && @.filename like_regex "\\.(mp4|webm|mov|mkv|avi|m4v)$" flag "i"))')
                  OR jsonb_path_exists(embeds, '$[*].video.url')
                  OR jsonb_path_exists(components, 'strict $.**.media ? (@.contentType starts with "video/"
                    || (!exists(@.contentType ? (@ != null)) && @.url like_regex "\\.(mp4|webm|mov|mkv|avi|m4v)([?#]|$)" flag "i"))')
                  THEN 16 ELSE 0 END)
        | (CASE WHEN jsonb_path_exists(attachments, '$[*] ? (@.contentType starts with "audio/"
                    || (!exists(@.contentType ? (@ != null)) && @.filename like_regex "\\.(mp3|ogg|oga|opus|wav|flac|m4a|aac)$" flag "i"))')
                  THEN 32 ELSE 0 END)
        | (CASE WHEN jsonb_array_length(stickers) > 0 THEN 64 ELSE 0 END)
        | (CASE WHEN poll IS NOT NULL THEN 128 ELSE 0 END);

-- What a components-v2 message says (V12): its text displays are its text, as content is another
-- message's; with the same translation of angle brackets as milk_search_document.
-- Its links (has:link) and mentions (mentions:) are found there too.
CREATE FUNCTION milk_search_texts(components jsonb)
    RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE
    RETURN CASE WHEN components IS NULL THEN ''
        ELSE ' ' || jsonb_path_query_array(components, 'strict $.**.content')::text END;

CREATE FUNCTION milk_search_components(components jsonb)
    RETURNS tsvector LANGUAGE sql IMMUTABLE PARALLEL SAFE
    RETURN to_tsvector('simple', translate(milk_search_texts(components), '<>', chr(57346) || chr(57347)));

-- The users a message's content mentions (<@id> or <@!id>), in the content's order; an id too
-- large for a bigint is no user. No DISTINCT nor ORDER BY: && needs neither, and in a session that
-- prices sorts out (the pages' enable_sort = off) this query, planned at each call, paid a JIT
-- compilation at each call (9 s for 60 messages).
CREATE FUNCTION milk_search_mentions(content text)
    RETURNS bigint[] LANGUAGE sql IMMUTABLE PARALLEL SAFE
    RETURN ARRAY(SELECT id::bigint FROM (
        SELECT (regexp_matches(content, '<@!?([0-9]{1,19})>', 'g'))[1]::numeric AS id) ids
        WHERE id <= 9223372036854775807);

-- The documents written before lack these: every sealed archive is indexed again by the job (its
-- searches read its messages meanwhile, with the same answers).
TRUNCATE archive_search;
UPDATE archive SET search_indexed_at = NULL WHERE search_indexed_at IS NOT NULL;

-- A sealed archive's index now holds what the operators read, and a row for each removed message
-- too (an empty document: never found by a word, only by is:removed).
ALTER TABLE archive_search
    ADD COLUMN author      bigint      NOT NULL,   -- the author's id
    ADD COLUMN sent_at     timestamptz NOT NULL,
    ADD COLUMN has         integer     NOT NULL,   -- milk_search_has
    ADD COLUMN is_edited   boolean     NOT NULL,
    ADD COLUMN is_removed  boolean     NOT NULL,
    ADD COLUMN is_pinned   boolean     NOT NULL,
    ADD COLUMN mention_ids bigint[]    NOT NULL;   -- milk_search_mentions

-- What a search reads of each message: the one definition of the documents and conditions, which
-- a search of a live archive reads from its messages and the indexer copies into archive_search for
-- a sealed one (the same columns), so both give the same answers. A removed message has an empty
-- document and reads as never edited, as on the page.
CREATE VIEW archive_message_search AS
    SELECT m.archive_id, m.message_id,
           CASE WHEN m.redaction_id IS NULL
                THEN milk_search_document(m.content, m.author_name, m.attachments, m.embeds)
                     || milk_search_components(m.components)
                ELSE ''::tsvector END AS document,
           m.author_id AS author, m.created_at AS sent_at,
           milk_search_has(m.content || milk_search_texts(m.components), m.attachments, m.embeds, m.stickers,
               m.poll, m.components) AS has,
           m.edited_at IS NOT NULL AND m.redaction_id IS NULL AS is_edited,
           m.redaction_id IS NOT NULL AS is_removed,
           coalesce(m.pinned, false) AS is_pinned,
           milk_search_mentions(m.content || milk_search_texts(m.components)) AS mention_ids
    FROM archive_message m;

-- A search with operators and no words reads an archive's rows in order, and stops at a page.
CREATE INDEX archive_search_messages ON archive_search (archive_id, message_id);
CREATE INDEX archive_search_authors ON archive_search (archive_id, author, message_id);
CREATE INDEX archive_search_sent ON archive_search (archive_id, sent_at);
CREATE INDEX archive_search_mentions ON archive_search USING gin (archive_id, mention_ids);
-- A rare kind (has:poll, pinned:true) reads its own few entries, in order, not every row: one
-- small index per has: bit (SearchFilters writes each bit's condition as these predicates) and flag.
CREATE INDEX archive_search_links ON archive_search (archive_id, message_id) WHERE has & 1 = 1;
CREATE INDEX archive_search_embeds ON archive_search (archive_id, message_id) WHERE has & 2 = 2;
CREATE INDEX archive_search_files ON archive_search (archive_id, message_id) WHERE has & 4 = 4;
CREATE INDEX archive_search_images ON archive_search (archive_id, message_id) WHERE has & 8 = 8;
CREATE INDEX archive_search_videos ON archive_search (archive_id, message_id) WHERE has & 16 = 16;
CREATE INDEX archive_search_sounds ON archive_search (archive_id, message_id) WHERE has & 32 = 32;
CREATE INDEX archive_search_stickers ON archive_search (archive_id, message_id) WHERE has & 64 = 64;
CREATE INDEX archive_search_polls ON archive_search (archive_id, message_id) WHERE has & 128 = 128;
CREATE INDEX archive_search_edited ON archive_search (archive_id, message_id) WHERE is_edited;
CREATE INDEX archive_search_removed ON archive_search (archive_id, message_id) WHERE is_removed;
CREATE INDEX archive_search_pinned ON archive_search (archive_id, message_id) WHERE is_pinned;

