-- The raid log as a moderator's tool (issue 26): names, repeat raiders, and the shapes of names
-- that make a cluster.

-- What the bot says about a raid on create-raid: the guild's name then, and what it detected.
ALTER TABLE raid ADD COLUMN guild_name text, ADD COLUMN reason text;

-- Repeat raiders: a raid's accounts looked up in the guild's other raids, and the accounts two
-- raids share. Its cost on ingest is measured in BENCHMARKS.md.
CREATE INDEX raid_user_by_user ON raid_user (user_id, raid_id);

-- The name shapes a cluster is made of (README, "Patterns"), one definition for the page that
-- groups by them and the filter that selects by them. Lower-cased; null when a name has no such
-- shape. Words are split at digits, spaces, '_', '.' and '-' with translate(), not a regular
-- expression: over a 1,000,000-account raid a regex per name cost seconds.

-- A name with each separator made '|': "Raider_07" is "raider|||".
CREATE FUNCTION milk_name_words(name text) RETURNS text
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    RETURN translate(lower(name), '0123456789 _.-', '||||||||||||||');

-- The same stem with digits: a name with a digit, without its digits and separators (two
-- characters or more): "raider01", "Raider_7" and "0.raider" share "raider".
CREATE FUNCTION milk_name_stem(name text) RETURNS text
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    RETURN CASE WHEN translate(name, '0123456789', '') <> name
                 AND length(translate(name, '0123456789 _.-', '')) >= 2
                THEN translate(lower(name), '0123456789 _.-', '') END;

-- The same first word: what comes before a name's first separator (three characters or more):
-- "spam_alpha", "Spam.beta" and "spam7" share "spam".
CREATE FUNCTION milk_name_prefix(name text) RETURNS text
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    RETURN CASE WHEN length(split_part(milk_name_words(name), '|', 1)) >= 3
                 AND strpos(milk_name_words(name), '|') > 0
                THEN split_part(milk_name_words(name), '|', 1) END;

-- The same last word: what comes after a name's last separator (three characters or more):
-- "alpha_bot" and "7bot" share "bot".
CREATE FUNCTION milk_name_suffix(name text) RETURNS text
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    RETURN CASE WHEN length(split_part(milk_name_words(name), '|', -1)) >= 3
                 AND strpos(milk_name_words(name), '|') > 0
                THEN split_part(milk_name_words(name), '|', -1) END;

-- Repeat raiders start from a guild's raids: found by guild, newest first.
CREATE INDEX raid_by_guild ON raid (guild_id, started_at);
