-- Who may read what (README, "Who can read what"). A visibility is a mode, 'public', 'members',
-- 'roles' or 'staff', and for 'roles' the role ids.

-- The archive's own visibility, as archive.created or archive.visibility set it; null: the
-- guild's default (guild_access), read at every request, so a changed default reaches old archives.
ALTER TABLE archive
    ADD COLUMN visibility          text,
    ADD COLUMN visibility_role_ids bigint[];

-- A guild's staff roles and defaults, from guild.access (the latest wins).
CREATE TABLE guild_access (
    guild_id                     bigint      PRIMARY KEY,
    staff_role_ids               bigint[]    NOT NULL,
    archive_visibility           text        NOT NULL,
    archive_visibility_role_ids  bigint[],
    raid_visibility              text        NOT NULL,
    raid_visibility_role_ids     bigint[],
    changed_by                   bigint      NOT NULL,
    changed_at                   timestamptz NOT NULL
);

-- Every change of an archive's visibility: who, when, why (archive.visibility).
CREATE TABLE archive_visibility_change (
    id                  bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    archive_id          bigint      NOT NULL,
    visibility          text        NOT NULL,
    visibility_role_ids bigint[],
    changed_by          bigint      NOT NULL,
    reason              text,
    changed_at          timestamptz NOT NULL
);
CREATE INDEX archive_visibility_change_by_archive ON archive_visibility_change (archive_id, id);

-- Share links: one archive, without a login, until expires_at or a revocation.
CREATE TABLE archive_share (
    id          bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    share_id    text        NOT NULL UNIQUE,   -- public: in replies, revocations and the viewer log
    archive_id  bigint      NOT NULL,
    created_by  bigint      NOT NULL,
    created_at  timestamptz NOT NULL,
    expires_at  timestamptz NOT NULL,
    revoked_at  timestamptz,
    revoked_by  bigint,
    -- A redelivered archive.share is the same share.
    UNIQUE (archive_id, created_by, expires_at)
);
-- The tokens that open a share, as SHA-256 hashes only. A redelivered archive.share is answered
-- with a new token for the same share (the first answer may be out already, and a hash cannot be
-- answered again), so a share may have several; a revocation or expiry ends them all.
CREATE TABLE archive_share_token (
    token_hash text   PRIMARY KEY,   -- hex
    share_id   bigint NOT NULL REFERENCES archive_share (id) ON DELETE CASCADE
);

-- The viewer log of non-public archives: who (a Discord user, or a share link), when, which route,
-- from which replica. Written by the reads role; purged after MILK_VIEW_LOG_RETENTION.
CREATE TABLE archive_view (
    id          bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    archive_id  bigint      NOT NULL,
    viewed_at   timestamptz NOT NULL,
    viewer_id   bigint,                 -- the Discord user, or null for a share link
    viewer_name text,
    share_id    text,                   -- the share link's public id, never its token
    route       text        NOT NULL,   -- page, json, txt, zip, search, media
    replica     text        NOT NULL
);
CREATE INDEX archive_view_by_archive ON archive_view (archive_id, id DESC);
CREATE INDEX archive_view_by_time ON archive_view (viewed_at);

-- Public archives only count their views: no personal data.
CREATE TABLE archive_view_count (
    archive_id bigint PRIMARY KEY,
    views      bigint NOT NULL
);

-- user.forget: one row per request however often it is delivered, with what it changed.
CREATE TABLE user_forget (
    id                bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    guild_id          bigint,                -- null: every guild
    user_id           bigint      NOT NULL,
    requested_by      bigint      NOT NULL,
    reason            text,
    requested_at      timestamptz NOT NULL,
    archives_changed  integer     NOT NULL,
    messages_changed  integer     NOT NULL,
    raids_changed     integer     NOT NULL,
    accounts_changed  integer     NOT NULL,
    UNIQUE NULLS NOT DISTINCT (guild_id, user_id, requested_by, reason)
);
-- Messages and raid accounts arriving after a forget (records of other partitions may be late) are
-- stored forgotten: the writers look their authors up here.
CREATE INDEX user_forget_by_user ON user_forget (user_id);

-- A forget changes a concluded raid's accounts (their names and avatars go): its pages' ETags and
-- kept copies must change with it.
ALTER TABLE raid ADD COLUMN revision integer NOT NULL DEFAULT 0;

-- Spring Session's tables (spring-session-jdbc's PostgreSQL schema): reads replicas share logins.
CREATE TABLE spring_session (
    primary_id            char(36)     NOT NULL,
    session_id            char(36)     NOT NULL,
    creation_time         bigint       NOT NULL,
    last_access_time      bigint       NOT NULL,
    max_inactive_interval integer      NOT NULL,
    expiry_time           bigint       NOT NULL,
    principal_name        varchar(100),
    CONSTRAINT spring_session_pk PRIMARY KEY (primary_id)
);
CREATE UNIQUE INDEX spring_session_ix1 ON spring_session (session_id);
CREATE INDEX spring_session_ix2 ON spring_session (expiry_time);
CREATE INDEX spring_session_ix3 ON spring_session (principal_name);

CREATE TABLE spring_session_attributes (
    session_primary_id char(36)     NOT NULL,
    attribute_name     varchar(200) NOT NULL,
    attribute_bytes    bytea        NOT NULL,
    CONSTRAINT spring_session_attributes_pk PRIMARY KEY (session_primary_id, attribute_name),
    CONSTRAINT spring_session_attributes_fk FOREIGN KEY (session_primary_id)
        REFERENCES spring_session (primary_id) ON DELETE CASCADE
);
