package dev.milk.reads.raid;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;

import javax.sql.DataSource;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import dev.milk.access.UserForget;
import dev.milk.reads.web.Counts;
import dev.milk.reads.web.Pages;

/**
 * Computes a raid's {@link RaidAnalysis} in SQL: aggregates over the raid's rows, never the rows
 * in the JVM, so a raid of 1,000,000 accounts costs a few scans and a few dozen result rows.
 * Kept per raid: a concluded raid's until it changes (its size or revision), a live raid's for ten
 * seconds (what its pages' max-age allows anyway) or ten times what it took to compute, whichever
 * is longer, so a growing raid of a million accounts costs a replica at most a tenth of a core;
 * computed once however many ask together.
 */
final class RaidAnalyses {

    /** Clusters smaller than this are coincidence, not a pattern. */
    static final int MIN_CLUSTER = 3;
    static final int MAX_CLUSTERS = 12;
    private static final Duration LIVE_REUSE = Duration.ofSeconds(10);

    /** Account age bars: roughly doubling ranges in the units a moderator thinks in (a log scale of days). */
    private static final List<Duration> AGE_EDGES = List.of(Duration.ofHours(1), Duration.ofHours(6),
            Duration.ofDays(1), Duration.ofDays(2), Duration.ofDays(4), RaidHtml.YOUNG, Duration.ofDays(14),
            Duration.ofDays(30), Duration.ofDays(91), Duration.ofDays(182), Duration.ofDays(365),
            Duration.ofDays(730), Duration.ofDays(1461));
    private static final List<String> AGE_LABELS = List.of("under 1 hour", "1 to 6 hours", "6 hours to 1 day",
            "1 to 2 days", "2 to 4 days", "4 to 7 days", "1 to 2 weeks", "2 weeks to 1 month", "1 to 3 months",
            "3 to 6 months", "6 months to 1 year", "1 to 2 years", "2 to 4 years", "4 years or more");
    private static final String AGE_EDGES_SQL = AGE_EDGES.stream().map(edge -> Long.toString(edge.toSeconds()))
            .collect(Collectors.joining(",", "ARRAY[", "]::numeric[]"));

    private static final DateTimeFormatter SECOND = utc("uuuu-MM-dd HH:mm:ss");
    private static final DateTimeFormatter MINUTE = utc("uuuu-MM-dd HH:mm");
    private static final DateTimeFormatter DAY = utc("uuuu-MM-dd");

    private final JdbcClient jdbc;
    private final TransactionTemplate oneSnapshot;
    private final Clock clock;
    private final Cache<Long, Kept> kept = Caffeine.newBuilder().maximumSize(256).build();
    /** The computation going on for each raid: one at a time, joined by whoever asks meanwhile. */
    private final ConcurrentHashMap<Long, CompletableFuture<Kept>> computing = new ConcurrentHashMap<>();
    private final Duration wait;

    /**
     * @param size     the raid's size and revision when computed: a concluded raid's analysis is right while they hold
     * @param reusable how long a live raid's analysis is shown before it is computed again
     */
    private record Kept(long size, int revision, Instant computedAt, Duration reusable, RaidAnalysis analysis) {

        /** A changed revision (a forget) always computes again: a forgotten name must not stay in a pattern. */
        boolean fits(RaidSummary raid, Instant now) {
            return revision == raid.revision()
                    && (size == raid.size() || !raid.concluded() && computedAt.plus(reusable).isAfter(now));
        }
    }

    /** @param wait how long a page waits for an analysis being computed before it is answered without it */
    RaidAnalyses(DataSource readsDataSource, Clock clock, Duration wait) {
        this.jdbc = JdbcClient.create(readsDataSource);
        // The span and the counts from one snapshot: an account stored between them (a live raid)
        // would fall outside the bars the span made.
        this.oneSnapshot = new TransactionTemplate(new DataSourceTransactionManager(readsDataSource));
        oneSnapshot.setIsolationLevel(TransactionDefinition.ISOLATION_REPEATABLE_READ);
        oneSnapshot.setReadOnly(true);
        this.clock = clock;
        this.wait = wait;
    }

    /**
     * The raid's analysis, or {@link RaidAnalysis#drawing} when it takes longer than the wait (a
     * raid of a million accounts takes seconds): it goes on in the background, and a later request
     * gets it. A page never waits longer than that, nor does a crowd compute it twice.
     */
    RaidAnalysis of(RaidSummary raid) {
        Kept earlier = kept.getIfPresent(raid.key());
        if (earlier != null && earlier.fits(raid, clock.instant())) {
            return earlier.analysis();
        }
        CompletableFuture<Kept> mine = new CompletableFuture<>();
        CompletableFuture<Kept> computation = computing.putIfAbsent(raid.key(), mine);
        if (computation == null) {
            computation = mine;
            Thread.ofVirtual().name("raid-analysis-" + raid.publicId()).start(() -> compute(raid, mine));
        }
        try {
            return computation.get(wait.toMillis(), TimeUnit.MILLISECONDS).analysis();
        } catch (TimeoutException e) {
            return RaidAnalysis.drawing(raid.size());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return RaidAnalysis.drawing(raid.size());
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException failure ? failure : new IllegalStateException(e.getCause());
        }
    }

    private void compute(RaidSummary raid, CompletableFuture<Kept> computation) {
        try {
            Instant now = clock.instant();
            long started = System.nanoTime();
            RaidAnalysis analysis = oneSnapshot.execute(status -> analyse(raid));
            Duration took = Duration.ofNanos(System.nanoTime() - started);
            Kept done = new Kept(raid.size(), raid.revision(), now, max(LIVE_REUSE, took.multipliedBy(10)), analysis);
            kept.put(raid.key(), done);
            computation.complete(done);
        } catch (RuntimeException | Error e) {
            computation.completeExceptionally(e);
        } finally {
            computing.remove(raid.key(), computation);
        }
    }

    private record Span(Instant firstJoin, Instant lastJoin, Instant firstCreated, Instant lastCreated, long accounts) {
    }

    private RaidAnalysis analyse(RaidSummary raid) {
        Span span = jdbc.sql("""
                SELECT min(joined_at) AS first_join, max(joined_at) AS last_join,
                       min(created_at) AS first_created, max(created_at) AS last_created, count(*) AS accounts
                FROM raid_user WHERE raid_id = :raid""")
                .param("raid", raid.key())
                .query((rs, n) -> new Span(RaidQueries.instant(rs, "first_join"),
                        RaidQueries.instant(rs, "last_join"), RaidQueries.instant(rs, "first_created"),
                        RaidQueries.instant(rs, "last_created"), rs.getLong("accounts")))
                .single();
        if (span.accounts() == 0) {
            return RaidAnalysis.NONE;
        }
        TimeBars joins = TimeBars.covering(span.firstJoin(), span.lastJoin());
        TimeBars creations = TimeBars.covering(span.firstCreated(), span.lastCreated());
        long[] joinCounts = new long[joins.count()];
        long[] creationCounts = new long[creations.count()];
        long[] ageCounts = new long[AGE_LABELS.size()];
        // One scan for the three histograms: each row counted once per grouping set.
        jdbc.sql("""
                SELECT joined_bar, created_bar, age_bar, count(*) AS accounts
                FROM (SELECT floor((extract(epoch FROM joined_at) - :joinStart) / :joinWidth)::integer AS joined_bar,
                             floor((extract(epoch FROM created_at) - :createdStart) / :createdWidth)::integer AS created_bar,
                             width_bucket(extract(epoch FROM joined_at - created_at), %s) AS age_bar
                      FROM raid_user WHERE raid_id = :raid) AS bars
                GROUP BY GROUPING SETS ((joined_bar), (created_bar), (age_bar))""".formatted(AGE_EDGES_SQL))
                .param("raid", raid.key())
                .param("joinStart", joins.start()).param("joinWidth", joins.width())
                .param("createdStart", creations.start()).param("createdWidth", creations.width())
                .query((ResultSet rs) -> {
                    long accounts = rs.getLong("accounts");
                    Integer bar;
                    if ((bar = integer(rs, "joined_bar")) != null) {
                        joinCounts[bar] = accounts;
                    } else if ((bar = integer(rs, "created_bar")) != null) {
                        creationCounts[bar] = accounts;
                    } else if ((bar = integer(rs, "age_bar")) != null) {
                        ageCounts[bar] = accounts;
                    }
                });
        Busiest minute = busiest(raid, "joined_at", "minute");
        Busiest hour = busiest(raid, "created_at", "hour");
        return new RaidAnalysis(List.of(joinChart(joins, joinCounts, minute, span),
                ageChart(ageCounts, span.accounts()), creationChart(creations, creationCounts, hour, span)),
                clusters(raid));
    }

    private record Busiest(Instant start, long accounts) {
    }

    private Busiest busiest(RaidSummary raid, String column, String unit) {
        return jdbc.sql("""
                SELECT date_trunc('%s', %s, 'UTC') AS start, count(*) AS accounts
                FROM raid_user WHERE raid_id = :raid GROUP BY start ORDER BY accounts DESC, start LIMIT 1"""
                        .formatted(unit, column))
                .param("raid", raid.key())
                .query((rs, n) -> new Busiest(RaidQueries.instant(rs, "start"), rs.getLong("accounts")))
                .single();
    }

    private static RaidChart joinChart(TimeBars bars, long[] counts, Busiest minute, Span span) {
        Set<Integer> marked = barsOverlapping(bars, minute.start(), Duration.ofMinutes(1));
        DateTimeFormatter format = bars.width() < 60 ? SECOND : bars.width() < 86_400 ? MINUTE : DAY;
        String note = "Busiest minute: " + MINUTE.format(minute.start()) + " UTC, " + Counts.of(minute.accounts(), "join")
                + " (" + percent(minute.accounts(), span.accounts()) + " of the raid).";
        return new RaidChart("joins", "Joins over time", "Accounts that joined in each " + words(bars.widthAsDuration())
                + " from " + SECOND.format(span.firstJoin()) + " to " + SECOND.format(span.lastJoin()) + " UTC. " + note,
                "Joined (UTC, bars of " + words(bars.widthAsDuration()) + ")", note,
                timeBars(bars, counts, marked, format), format.format(bars.startOf(0)),
                format.format(bars.startOf(bars.count() - 1)));
    }

    private static RaidChart creationChart(TimeBars bars, long[] counts, Busiest hour, Span span) {
        Set<Integer> marked = barsOverlapping(bars, hour.start(), Duration.ofHours(1));
        DateTimeFormatter format = bars.width() < 86_400 ? MINUTE : DAY;
        String note = "Most created in one hour: " + MINUTE.format(hour.start()) + " UTC, "
                + Counts.of(hour.accounts(), "account") + " (" + percent(hour.accounts(), span.accounts()) + ").";
        return new RaidChart("created", "Account creation dates", "Accounts created in each "
                + words(bars.widthAsDuration()) + " from " + DAY.format(span.firstCreated()) + " to "
                + DAY.format(span.lastCreated()) + ". " + note,
                "Created (UTC, bars of " + words(bars.widthAsDuration()) + ")", note,
                timeBars(bars, counts, marked, format), format.format(bars.startOf(0)),
                format.format(bars.startOf(bars.count() - 1)));
    }

    private static RaidChart ageChart(long[] counts, long accounts) {
        List<RaidChart.Bar> bars = new ArrayList<>(counts.length);
        long young = 0;
        for (int i = 0; i < counts.length; i++) {
            boolean isYoung = i < AGE_EDGES.size() && AGE_EDGES.get(i).compareTo(RaidHtml.YOUNG) <= 0;
            young += isYoung ? counts[i] : 0;
            bars.add(new RaidChart.Bar(AGE_LABELS.get(i), counts[i], isYoung));
        }
        String note = Counts.of(young, "account") + " (" + percent(young, accounts)
                + ") were under a week old when they joined.";
        return new RaidChart("ages", "Account age at join", "Accounts by their age when they joined, in ranges that "
                + "roughly double from under an hour to over four years. " + note, "Age at join", note, bars,
                "< 1 h", "4 y +");
    }

    private static List<RaidChart.Bar> timeBars(TimeBars bars, long[] counts, Set<Integer> marked,
            DateTimeFormatter format) {
        List<RaidChart.Bar> drawn = new ArrayList<>(counts.length);
        for (int i = 0; i < counts.length; i++) {
            drawn.add(new RaidChart.Bar(format.format(bars.startOf(i)), counts[i], marked.contains(i)));
        }
        return drawn;
    }

    private static Set<Integer> barsOverlapping(TimeBars bars, Instant start, Duration length) {
        int first = bars.barOf(start);
        int last = bars.barOf(start.plus(length).minusNanos(1));
        Set<Integer> marked = new HashSet<>();
        for (int bar = Math.max(first, 0); bar <= Math.min(last, bars.count() - 1); bar++) {
            marked.add(bar);
        }
        return marked;
    }

    private List<RaidAnalysis.Cluster> clusters(RaidSummary raid) {
        // Forgotten accounts (UserForget.DELETED_USER, no avatar) are no pattern of the raid's.
        // Each account counted once per rule it has a shape for; PostgreSQL's hash aggregate spills
        // to disk past work_mem, so a million distinct names cost the database disk, not memory.
        String shapes = Arrays.stream(RaidCluster.Kind.values())
                .map(kind -> "('" + kind.id() + "', " + kind.value() + ")")
                .collect(Collectors.joining(", "));
        String kinds = Arrays.stream(RaidCluster.Kind.values()).map(kind -> "'" + kind.id() + "'")
                .collect(Collectors.joining(", "));
        List<Found> found = jdbc.sql("""
                SELECT shape.kind, shape.key, count(*) AS accounts, min(u.user_id) AS example
                FROM (SELECT user_id, name, avatar_hash FROM raid_user WHERE raid_id = :raid
                        AND NOT (name = :forgotten AND avatar_hash IS NULL)) AS u
                     CROSS JOIN LATERAL (VALUES %s) AS shape (kind, key)
                WHERE shape.key IS NOT NULL
                GROUP BY shape.kind, shape.key HAVING count(*) >= :least
                ORDER BY accounts DESC, array_position(ARRAY[%s], shape.kind), shape.key LIMIT :limit"""
                        .formatted(shapes, kinds))
                .param("raid", raid.key()).param("forgotten", UserForget.DELETED_USER).param("least", MIN_CLUSTER).param("limit", MAX_CLUSTERS * 2)
                .query((rs, n) -> new Found(kind(rs.getString("kind")), rs.getString("key"), rs.getLong("accounts"),
                        rs.getLong("example")))
                .list();
        List<Found> distinct = new ArrayList<>();
        for (Found cluster : found) {
            // "raider01"… make a stem and a first word "raider" of the same accounts: shown once, by the stronger rule.
            if (distinct.stream().noneMatch(cluster::repeats) && distinct.size() < MAX_CLUSTERS) {
                distinct.add(cluster);
            }
        }
        return distinct.stream().map(cluster -> cluster.shown(raid)).toList();
    }

    private record Found(RaidCluster.Kind kind, String key, long accounts, long example) {

        boolean repeats(Found other) {
            return key.equals(other.key) && accounts == other.accounts;
        }

        RaidAnalysis.Cluster shown(RaidSummary raid) {
            RaidCluster cluster = new RaidCluster(kind, kind == RaidCluster.Kind.NO_AVATAR ? null : key);
            String shown = switch (kind) {
                case NAME -> "“" + key + "”";
                case STEM -> key + " with digits";
                case PREFIX -> key + "…";
                case SUFFIX -> "…" + key;
                case AVATAR -> "one avatar";
                case NO_AVATAR -> "no avatar";
            };
            return new RaidAnalysis.Cluster(cluster.id(), kind.description(), shown,
                    kind == RaidCluster.Kind.AVATAR ? Pages.avatar(example, key, 48) : null,
                    Counts.of(accounts, "account"), "/raid/" + raid.publicId() + ".html?cluster="
                    + RaidFilter.queryValue(cluster.id()));
        }
    }

    private static RaidCluster.Kind kind(String id) {
        return Arrays.stream(RaidCluster.Kind.values()).filter(k -> k.id().equals(id)).findFirst().orElseThrow();
    }

    private static Duration max(Duration a, Duration b) {
        return a.compareTo(b) >= 0 ? a : b;
    }

    private static String percent(long part, long whole) {
        long percent = whole == 0 ? 0 : Math.round(100.0 * part / whole);
        return (percent == 0 && part > 0 ? "under 1" : Long.toString(percent)) + "%";
    }

    private static String words(Duration width) {
        long seconds = width.toSeconds();
        if (seconds % 86_400 == 0) {
            return plural(seconds / 86_400, "day");
        }
        if (seconds % 3_600 == 0) {
            return plural(seconds / 3_600, "hour");
        }
        return seconds % 60 == 0 ? plural(seconds / 60, "minute") : plural(seconds, "second");
    }

    private static String plural(long n, String unit) {
        return n == 1 ? unit : n + " " + unit + "s";
    }

    private static Integer integer(ResultSet rs, String column) throws SQLException {
        int value = rs.getInt(column);
        return rs.wasNull() ? null : value;
    }

    private static DateTimeFormatter utc(String pattern) {
        return DateTimeFormatter.ofPattern(pattern, Locale.ROOT).withZone(ZoneOffset.UTC);
    }
}
