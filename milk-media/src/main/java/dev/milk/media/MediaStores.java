package dev.milk.media;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

/** The store {@code MILK_MEDIA_STORE} names. */
public final class MediaStores {

    private MediaStores() {
    }

    /**
     * @param jdbc         the role's database: PostgreSQL's store keeps copies there, S3's its deletion queue
     * @param transactions the writer's, for deletions and moves; null for a role that only reads
     */
    public static MediaStore create(MediaProperties settings, JdbcTemplate jdbc, TransactionTemplate transactions) {
        return switch (settings.store()) {
            case POSTGRES -> new PostgresMediaStore(jdbc, transactions);
            case S3 -> new S3MediaStore(settings.s3(), settings.timeout(), transactions == null ? null : jdbc, transactions);
        };
    }
}
