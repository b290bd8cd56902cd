-- A link's rows not copied, by link: once one is copied, the same link's other rows of the archive
-- (an author's avatar, a row for each of their messages) take the copy at once; once one failed for
-- good, the others fail with it, those queued later too, without asking the CDN again.
CREATE INDEX archive_media_uncopied_by_link ON archive_media (url) WHERE state IN ('pending', 'failed');
