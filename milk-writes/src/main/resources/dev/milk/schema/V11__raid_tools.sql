-- The raid log as a moderator's tool (issue 26): names, repeat raiders, and the shapes of names
-- that make a cluster.

-- What the bot says about a raid on create-raid: the guild's name then, and what it detected.
ALTER TABLE raid ADD COLUMN guild_name text, ADD COLUMN reason text;

-- Repeat raiders: a raid's accounts looked up in the guild's other raids, and the accounts two
-- raids share. Its cost on ingest is measured in BENCHMARKS.md.
CREATE INDEX raid_user_by_user ON raid_user (user_id, raid_id);

-- The name shapes a cluster is made of (README, "Patterns"), one definition for the page that
-- groups by them and the filter that selects by them. Lower-cased; null when a name has no such
-- shape. [[:alpha:]] follows the database's ctype, so letters of every script count.

-- The same stem with digits: a name with a digit, its letters alone (two or more): "raider01",
-- "Raider_7" and "0.raider" share "raider".
CREATE FUNCTION milk_name_stem(name text) RETURNS text
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    RETURN CASE WHEN name ~ '[0-9]' AND length(regexp_replace(name, '[^[:alpha:]]+', '', 'g')) >= 2
                THEN regexp_replace(lower(name), '[^[:alpha:]]+', '', 'g') END;

-- The same first word: a name's leading letters (three or more), when something else follows them:
-- "spam_alpha", "Spam.beta" and "spam7" share "spam".
CREATE FUNCTION milk_name_prefix(name text) RETURNS text
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    RETURN substring(lower(name) FROM '^([[:alpha:]]{3,})[^[:alpha:]]');

-- The same last word: a name's trailing letters (three or more), when something else comes first:
-- "alpha_bot" and "7bot" share "bot".
CREATE FUNCTION milk_name_suffix(name text) RETURNS text
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    RETURN substring(lower(name) FROM '[^[:alpha:]]([[:alpha:]]{3,})$');
