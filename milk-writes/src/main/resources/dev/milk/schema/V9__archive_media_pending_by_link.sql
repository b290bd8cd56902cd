-- A link's rows still to copy, by link: once one is copied, the same link's other rows of the
-- archive (an author's avatar, a row for each of their messages) take the copy at once.
CREATE INDEX archive_media_pending_by_link ON archive_media (url) WHERE state = 'pending';
