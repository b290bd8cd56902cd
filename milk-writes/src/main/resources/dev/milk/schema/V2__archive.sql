-- Message archives. Messages may arrive before their archive.created, so an archive row starts
-- as a placeholder (its public id already fixed) and archive.created fills it in.
CREATE TABLE archive (
    id             bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    internal_id    text        NOT NULL UNIQUE,   -- the bot's archive id, also the record key
    public_id      text        NOT NULL UNIQUE,
    guild_id       bigint,                        -- null until archive.created
    channel_id     bigint,
    channel_name   text,
    reason         text,
    created_by     bigint,
    created_at     timestamptz,
    expires_at     timestamptz,
    sealed_at      timestamptz,                   -- set once: no more messages, pages immutable
    deleted_at     timestamptz,                   -- takedown: content gone, every route answers 410
    deleted_reason text,
    purged_at      timestamptz,                   -- when the expiry job removed the messages
    message_count  integer     NOT NULL DEFAULT 0
);

-- No foreign key, as for raid_user: the writer creates the archive row first, in the same transaction.
CREATE TABLE archive_message (
    archive_id          bigint      NOT NULL,
    message_id          bigint      NOT NULL,  -- a snowflake: its order is the channel's order
    author_id           bigint      NOT NULL,
    author_name         text        NOT NULL,
    author_avatar_hash  text,
    author_is_bot       boolean     NOT NULL,
    content             text        NOT NULL,
    created_at          timestamptz NOT NULL,
    edited_at           timestamptz,
    reply_to_id         bigint,
    attachments         jsonb       NOT NULL,
    embeds              jsonb       NOT NULL,
    stickers            jsonb       NOT NULL,
    PRIMARY KEY (archive_id, message_id)      -- also the keyset order of every listing
);

-- The expiry job's queue: archives that will expire and still hold messages.
CREATE INDEX archive_expiring ON archive (expires_at) WHERE expires_at IS NOT NULL AND purged_at IS NULL;
