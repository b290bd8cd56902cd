-- Copies to delete from a store outside the database (S3), queued by the transaction that orphans
-- them (a takedown, an expiry, a removal) and deleted by the writers' copy job.
CREATE TABLE media_deletion (
    media_key text        PRIMARY KEY,
    queued_at timestamptz NOT NULL DEFAULT now()
);
