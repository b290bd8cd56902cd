-- Edits and redactions change messages already archived, sealed ones included: the revision
-- counts them, and every ETag carries it, so no cache keeps a removed message.
ALTER TABLE archive ADD COLUMN revision integer NOT NULL DEFAULT 0;

-- The earlier versions of edited messages; the message row holds the latest.
CREATE TABLE archive_message_version (
    archive_id  bigint      NOT NULL,
    message_id  bigint      NOT NULL,
    version_at  timestamptz NOT NULL,   -- when this version was written: its edit, or the message's creation
    content     text        NOT NULL,
    attachments jsonb       NOT NULL,
    embeds      jsonb       NOT NULL,
    PRIMARY KEY (archive_id, message_id, version_at)
);

-- The audit trail of removals: who, when, why, which messages. Never deleted with the messages.
CREATE TABLE archive_redaction (
    id          bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    archive_id  bigint      NOT NULL,
    redacted_at timestamptz NOT NULL,
    redacted_by bigint      NOT NULL,
    reason      text,
    message_ids bigint[]    NOT NULL    -- ascending, as the writer normalises them
);
-- One row per removal, however often its record is delivered.
CREATE UNIQUE INDEX archive_redaction_once ON archive_redaction (archive_id, redacted_by, message_ids, coalesce(reason, ''));

-- Set on a removed message: its content, parts and versions are gone, its place and author stay.
ALTER TABLE archive_message ADD COLUMN redaction_id bigint;
