-- Copies in PostgreSQL, streamed: a copy's bytes are rows of at most part_size bytes (media_part),
-- which a reader fetches one at a time and a writer inserts as the download arrives, so no copy is
-- ever held whole in memory. A copy is written before its key (the SHA-256 of its bytes) is known:
-- its media_object row has no key until the download ends and the copy is named, in the
-- transaction that records the row referring to it.
--
-- Expand only: media_blob, where the previous release keeps copies whole and its readers look for
-- them, stays as it is. Writers move its rows here (each kept there too, for those readers) and
-- readers read a row where it is until then. A later release contracts: moves what is left, then
-- drops media_blob (README, Migrations).
CREATE TABLE media_object (
    id           bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    media_key    text        UNIQUE,                -- null while being written
    content_type text,
    size         bigint,
    part_size    integer     NOT NULL,
    created_at   timestamptz NOT NULL DEFAULT now()
);
-- Uploads a writer never finished (it stopped mid-download), swept after an hour.
CREATE INDEX media_object_unnamed ON media_object (created_at) WHERE media_key IS NULL;

CREATE TABLE media_part (
    object_id bigint  NOT NULL REFERENCES media_object ON DELETE CASCADE,
    part      integer NOT NULL,
    bytes     bytea   NOT NULL,
    PRIMARY KEY (object_id, part)
);
-- Media are compressed already: kept as they are, so a slice of a part is read without inflating it.
ALTER TABLE media_part ALTER COLUMN bytes SET STORAGE EXTERNAL;
