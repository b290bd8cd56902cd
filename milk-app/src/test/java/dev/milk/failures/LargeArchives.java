package dev.milk.failures;

import org.springframework.jdbc.core.JdbcTemplate;

import dev.milk.publicid.PublicIds;

/**
 * Large raids and archives made by SQL in one statement each, as the writer would have stored them:
 * a test of load needs 200,000 rows in seconds, not 200,000 events through Kafka.
 */
final class LargeArchives {

    static final long FIRST_MESSAGE = 1_320_000_000_000_000_000L;
    static final long FIRST_ACCOUNT = 1_330_000_000_000_000_000L;
    private static final PublicIds IDS = new PublicIds();

    private LargeArchives() {
    }

    /** A live (unsealed) archive of {@code count} messages of a few common words each; returns its public id. */
    static String archive(JdbcTemplate jdbc, int count) {
        return archive(jdbc, count, 0);
    }

    /**
     * A live archive whose messages carry {@code hashes} MD5 hashes after their words as well: 32
     * characters each that no compression shortens much, for answers of a known large size.
     */
    static String archive(JdbcTemplate jdbc, int count, int hashes) {
        String publicId = IDS.next();
        long key = jdbc.queryForObject("""
                INSERT INTO archive (internal_id, public_id, guild_id, channel_id, channel_name, reason, created_by,
                                     created_at, message_count)
                VALUES (?, ?, 81384788765712384, 1100000000000000001, 'general', 'load', 42, now(), ?)
                RETURNING id""", Long.class, "large-" + publicId, publicId, count);
        jdbc.update("""
                INSERT INTO archive_message (archive_id, message_id, author_id, author_name, author_is_bot, content,
                                             created_at, attachments, embeds, stickers)
                SELECT ?, ? + g, 500 + g % 40, 'member ' || g % 40, false,
                       'message ' || g || ' about the ' || (ARRAY['raid', 'spam', 'server', 'rules', 'weather'])[1 + g % 5]
                           || ' and the ' || (ARRAY['links', 'invites', 'bots', 'mods', 'channel', 'roles'])[1 + g % 6]
                           || (SELECT coalesce(string_agg(' ' || md5(g || '.' || h), ''), '') FROM generate_series(1, ?) h),
                       timestamptz '2025-11-23 12:00:00Z' + g * interval '1 second', '[]', '[]', '[]'
                FROM generate_series(0, ? - 1) g""", key, FIRST_MESSAGE, hashes, count);
        return publicId;
    }

    /** A concluded raid of {@code count} accounts; returns its public id. */
    static String raid(JdbcTemplate jdbc, int count) {
        String publicId = IDS.next();
        long key = jdbc.queryForObject("""
                INSERT INTO raid (internal_id, public_id, guild_id, started_at, concluded_at, user_count)
                VALUES (?, ?, 81384788765712384, timestamptz '2025-11-23 12:00:00Z', timestamptz '2025-11-23 13:00:00Z', ?)
                RETURNING id""", Long.class, "large-" + publicId, publicId, count);
        jdbc.update("""
                INSERT INTO raid_user (raid_id, user_id, name, avatar_hash, created_at, joined_at)
                SELECT ?, ? + g, 'spam bot ' || g, NULL, timestamptz '2025-11-01 00:00:00Z',
                       timestamptz '2025-11-23 12:00:00Z' + g * interval '10 milliseconds'
                FROM generate_series(0, ? - 1) g""", key, FIRST_ACCOUNT, count);
        return publicId;
    }
}
