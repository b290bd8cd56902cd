package dev.milk.media;

import java.util.Collection;
import java.util.Optional;

import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Copies in PostgreSQL ({@code media_blob}), the embedded default: both roles already share the
 * database, and a copy is written and deleted in the same transaction as the rows that refer to
 * it, so a removal leaves nothing behind.
 */
public final class PostgresMediaStore implements MediaStore {

    private final JdbcTemplate jdbc;

    public PostgresMediaStore(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public void put(String key, String contentType, byte[] bytes) {
        jdbc.update("""
                INSERT INTO media_blob (media_key, content_type, size, bytes) VALUES (?, ?, ?, ?)
                ON CONFLICT DO NOTHING""", key, contentType, bytes.length, bytes);
    }

    @Override
    public Optional<Media> get(String key) {
        return jdbc.query("SELECT content_type, bytes FROM media_blob WHERE media_key = ?",
                (rs, n) -> new Media(rs.getString(1), rs.getBytes(2)), key).stream().findFirst();
    }

    @Override
    public void delete(Collection<String> keys) {
        if (!keys.isEmpty()) {
            jdbc.update("DELETE FROM media_blob WHERE media_key = ANY (?)", (Object) keys.toArray(String[]::new));
        }
    }
}
