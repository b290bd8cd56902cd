package dev.milk.reads;

import java.time.Duration;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import dev.milk.settings.SettingChecks;
import dev.milk.settings.SettingException;

/**
 * Settings of the reads role.
 *
 * @param database  its own pool; each connection setting defaults to the writer's ({@code MILK_DATABASE_*})
 * @param rateLimit requests per client ({@code MILK_READS_RATE_LIMIT_PER_SECOND}, {@code _BURST})
 * @param trustedProxies the proxies whose {@code X-Forwarded-For} is believed, as addresses or CIDR
 *                  ranges ({@code MILK_READS_TRUSTED_PROXIES}, comma-separated; none by default)
 * @param cache     the pages kept in memory ({@code MILK_READS_CACHE_MAX_MEGABYTES}, {@code _MAX_PAGE_MEGABYTES},
 *                  {@code _CAPTURE_MEGABYTES}, {@code _REVALIDATE})
 * @param search    searches within archives ({@code MILK_READS_SEARCH_CONCURRENCY}, {@code _TIMEOUT})
 * @param streamTimeout how long a streamed answer (a transcript, a raid's CSV, an offline copy) may
 *                  take; one still being sent then has its connection closed unfinished
 *                  ({@code MILK_READS_STREAM_TIMEOUT})
 * @param standby   a streaming-replication standby the pages and searches read ({@code MILK_READS_STANDBY_URL},
 *                  {@code _MAX_LAG}); none by default
 */
@ConfigurationProperties("milk.reads")
public record ReadsProperties(@DefaultValue Database database, @DefaultValue RateLimit rateLimit,
        @DefaultValue List<String> trustedProxies, @DefaultValue Cache cache, @DefaultValue Search search,
        @DefaultValue("1h") Duration streamTimeout, @DefaultValue Standby standby) {

    public ReadsProperties {
        SettingChecks.requirePositive(streamTimeout, "MILK_READS_STREAM_TIMEOUT");
    }

    /**
     * A standby of the primary (streaming replication) that pages and searches read; the access
     * pool (logins, the viewer log: writes) and the listener for the writers' notifications stay
     * on the primary ({@code MILK_READS_DATABASE_URL}). README, Reading from a standby.
     *
     * @param url    its JDBC URL, read with the reads' credentials; empty: no standby
     * @param maxLag how far behind the primary it may be: past it this replica's pages read the
     *               primary until the standby catches up
     */
    public record Standby(@DefaultValue("") String url, @DefaultValue("10s") Duration maxLag) {

        public Standby {
            url = url == null ? "" : url.strip();
            if (!url.isEmpty() && !url.startsWith("jdbc:postgresql://")) {
                throw new SettingException("MILK_READS_STANDBY_URL",
                        "must be a JDBC PostgreSQL URL, jdbc:postgresql://host:5432/db (read with the reads' credentials)");
            }
            if (hosts(url).contains(",")) {
                throw new SettingException("MILK_READS_STANDBY_URL", "must name one server, not "
                        + hosts(url) + ": its lag is watched on its own connections, which must reach the server the pages read");
            }
            SettingChecks.requirePositive(maxLag, "MILK_READS_STANDBY_MAX_LAG");
        }

        public boolean configured() {
            return !url.isEmpty();
        }

        private static String hosts(String url) {
            String rest = url.substring(Math.min(url.length(), "jdbc:postgresql://".length()));
            int end = rest.indexOf('/');
            return end < 0 ? rest : rest.substring(0, end);
        }
    }

    /**
     * A search of an archive not indexed yet (a live one) reads every message: searches get a pool
     * of their own, so pages never wait behind them.
     *
     * @param concurrency searches at once per replica, and the connections of their pool
     * @param timeout     how long one may run before PostgreSQL stops it
     */
    public record Search(@DefaultValue("2") int concurrency, @DefaultValue("5s") Duration timeout) {

        public Search {
            if (concurrency < 1) {
                throw new IllegalArgumentException("MILK_READS_SEARCH_CONCURRENCY must be at least 1, not " + concurrency);
            }
            SettingChecks.requirePositive(timeout, "MILK_READS_SEARCH_TIMEOUT");
        }
    }

    /**
     * @param maxMegabytes     all kept pages together, identity and gzip
     * @param maxPageMegabytes a larger answer (the CSV of a big raid) is streamed each time, never kept
     * @param captureMegabytes all answers being made together, while the cache holds them back to
     *                         keep, compress or measure them; one refused room is streamed as it comes
     * @param revalidate       how long a kept page is trusted before one request renders it again:
     *                         what a replica that missed the writers' notification may serve stale
     */
    public record Cache(@DefaultValue("32") int maxMegabytes, @DefaultValue("4") int maxPageMegabytes,
            @DefaultValue("16") int captureMegabytes, @DefaultValue("500ms") Duration revalidate) {

        public Cache {
            if (maxMegabytes < 0) {
                throw new IllegalArgumentException("MILK_READS_CACHE_MAX_MEGABYTES must not be negative");
            }
            if (maxPageMegabytes < 1) {
                throw new IllegalArgumentException("MILK_READS_CACHE_MAX_PAGE_MEGABYTES must be at least 1");
            }
            if (captureMegabytes < 0) {
                throw new IllegalArgumentException("MILK_READS_CACHE_CAPTURE_MEGABYTES must not be negative");
            }
            SettingChecks.requirePositive(revalidate, "MILK_READS_CACHE_REVALIDATE");
        }
    }

    /** @param perSecond sustained requests a second per client; 0 turns the limit off */
    public record RateLimit(@DefaultValue("30") double perSecond, @DefaultValue("120") int burst) {

        public RateLimit {
            if (perSecond < 0) {
                throw new IllegalArgumentException("MILK_READS_RATE_LIMIT_PER_SECOND must not be negative");
            }
            if (burst < 1) {
                throw new IllegalArgumentException("MILK_READS_RATE_LIMIT_BURST must be at least 1, not " + burst);
            }
        }

        public boolean enabled() {
            return perSecond > 0;
        }
    }

    /**
     * The reads pool; its connection ({@code MILK_READS_DATABASE_URL}, {@code _USERNAME}, {@code
     * _PASSWORD}, each the writer's by default) is Boot's {@code DataSourceProperties} bound from the
     * same prefix, and Hikari's own settings from {@code milk.reads.database.hikari} ({@code ReadsDataSources}).
     *
     * @param poolSize {@code MILK_READS_DATABASE_POOL_SIZE}
     */
    public record Database(@DefaultValue("10") int poolSize) {

        public Database {
            if (poolSize <= 0) {
                throw new IllegalArgumentException("MILK_READS_DATABASE_POOL_SIZE must be positive, not " + poolSize);
            }
        }
    }
}
