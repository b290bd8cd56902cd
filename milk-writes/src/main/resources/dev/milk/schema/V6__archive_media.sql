-- Copies of what archived messages show from Discord's CDN (attachments, embed images, stickers,
-- custom emoji), whose attachment links stop opening about a day after they are fetched. Writers
-- queue a row per link as the message is stored and copy it after, off the ingest path.
CREATE TABLE archive_media (
    archive_id      bigint      NOT NULL,
    message_id      bigint      NOT NULL,
    url             text        NOT NULL,           -- as the message carries it
    kind            text        NOT NULL,           -- attachment, embed_image, embed_thumbnail, sticker, emoji
    state           text        NOT NULL DEFAULT 'pending',   -- pending, stored, failed
    media_key       text,                           -- the copy: SHA-256 of its bytes
    content_type    text,                           -- read from the bytes, not the CDN's word
    size            bigint,
    attempts        integer     NOT NULL DEFAULT 0,
    next_attempt_at timestamptz NOT NULL DEFAULT now(),
    error           text,                           -- why it is not copied (yet)
    PRIMARY KEY (archive_id, message_id, url)
);
-- The copy job's queue.
CREATE INDEX archive_media_due ON archive_media (next_attempt_at) WHERE state = 'pending';
-- A link copied once (an emoji used again, a file posted twice) is not downloaded again.
CREATE INDEX archive_media_copied ON archive_media (url) WHERE state = 'stored';
-- Whether a copy is still referred to, when rows go with a takedown, an expiry or a removal.
CREATE INDEX archive_media_by_key ON archive_media (media_key) WHERE media_key IS NOT NULL;

-- The PostgreSQL media store: each copy once, by its key.
CREATE TABLE media_blob (
    media_key    text   PRIMARY KEY,
    content_type text   NOT NULL,
    size         bigint NOT NULL,
    bytes        bytea  NOT NULL
);
