package dev.milk.media;

import java.util.Collection;
import java.util.List;

import org.springframework.jdbc.core.JdbcTemplate;

/** Which copies no archived message refers to any more: what may leave a store. */
public final class MediaReferences {

    private MediaReferences() {
    }

    /** Of {@code keys} (nulls and repeats allowed), those no {@code archive_media} row refers to, each once. */
    public static List<String> unreferenced(JdbcTemplate jdbc, Collection<String> keys) {
        if (keys.isEmpty()) {
            return List.of();
        }
        return jdbc.queryForList("""
                SELECT DISTINCT k FROM unnest(?::text[]) AS k
                WHERE k IS NOT NULL AND NOT EXISTS (SELECT FROM archive_media WHERE media_key = k)""", String.class,
                (Object) keys.toArray(String[]::new));
    }
}
