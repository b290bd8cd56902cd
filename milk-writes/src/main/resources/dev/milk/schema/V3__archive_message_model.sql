-- The whole Discord message model. Every new part is optional: a message of the first contract
-- leaves these columns null.
ALTER TABLE archive_message
    ADD COLUMN message_type text,      -- null: an ordinary message; else 'reply', 'join', 'pin', ...
    ADD COLUMN author_color integer,   -- RGB of the author's role colour
    ADD COLUMN reactions    jsonb,
    ADD COLUMN thread       jsonb,     -- the thread the message started: id, name, messageCount, publicId
    ADD COLUMN poll         jsonb,
    ADD COLUMN forwarded    jsonb;

-- The users, roles and channels an archive names (authors included), so that a mention reads as
-- a name on every page, whichever page the named one wrote on. The first naming wins.
CREATE TABLE archive_mention (
    archive_id  bigint   NOT NULL,
    kind        "char"   NOT NULL,   -- 'u' user, 'r' role, 'c' channel
    mention_id  bigint   NOT NULL,
    name        text     NOT NULL,
    avatar_hash text,
    color       integer,
    PRIMARY KEY (archive_id, kind, mention_id)
);
