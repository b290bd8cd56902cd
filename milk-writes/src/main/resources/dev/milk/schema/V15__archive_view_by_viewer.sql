-- A member's views, found without reading the whole viewer log: forgetting them (in the forget's
-- transaction, which holds the guild's writers back) and their subject-access export.
CREATE INDEX archive_view_by_viewer ON archive_view (viewer_id) WHERE viewer_id IS NOT NULL;
