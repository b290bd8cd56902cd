package dev.milk.reads;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of the reads role.
 *
 * @param database its own connection; each setting defaults to the writer's ({@code MILK_DATABASE_*})
 */
@ConfigurationProperties("milk.reads")
public record ReadsProperties(@DefaultValue Database database) {

    /**
     * @param url      {@code MILK_READS_DATABASE_URL}
     * @param username {@code MILK_READS_DATABASE_USERNAME}; in production the SELECT-only role
     * @param password {@code MILK_READS_DATABASE_PASSWORD}
     * @param poolSize {@code MILK_READS_DATABASE_POOL_SIZE}
     */
    public record Database(String url, String username, String password, @DefaultValue("10") int poolSize) {

        public Database {
            if (poolSize <= 0) {
                throw new IllegalArgumentException("MILK_READS_DATABASE_POOL_SIZE must be positive, not " + poolSize);
            }
        }
    }
}
