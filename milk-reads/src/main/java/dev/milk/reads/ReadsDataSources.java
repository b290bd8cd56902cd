package dev.milk.reads;

import java.time.Duration;
import java.util.Properties;

import javax.sql.DataSource;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.jdbc.DataSourceBuilder;
import org.springframework.boot.jdbc.autoconfigure.DataSourceProperties;
import org.springframework.boot.jdbc.health.DataSourceHealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.core.type.AnnotatedTypeMetadata;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.util.StringUtils;

import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.metrics.micrometer.MicrometerMetricsTrackerFactory;

import io.micrometer.core.instrument.MeterRegistry;

import dev.milk.reads.standby.StandbyFirst;
import dev.milk.reads.standby.StandbyReplay;
import dev.milk.reads.web.SchemaVersion;
import dev.milk.settings.ConditionalOnRole;
import dev.milk.settings.MilkRole;
import dev.milk.settings.SettingException;

/**
 * The reads role's read-only connection pools: one for pages, one for searches. Neither is a
 * default candidate: in role {@code all} the writer's pool stays the application's DataSource (for
 * Flyway and transactions) and these serve only the public routes. With a standby ({@code
 * MILK_READS_STANDBY_URL}) each is a pool on it in front of one on the primary ({@link StandbyFirst}),
 * watched by {@link StandbyReplay}; the access pool stays on the primary.
 *
 * <p>Plan-proof: the pages' sessions run with {@code enable_sort = off} (the searches' do not:
 * {@link #SEARCH_PLANS}). Every listing reads an index in its own order and stops at its
 * {@code LIMIT}, so a sort is never the right plan for them, but right after a writer grew a raid
 * by a million rows the statistics still describe the small table and the planner, trusting them, sorts the whole raid for a limit near its estimate:
 * the raid's text (2,000 accounts in one query) took 461 ms on its first read after a 1,000,000-account
 * ingest without the setting, 32 ms with it (bench/run.sh, one run each, 2026-12-06); the pages of
 * 100 took the index either way. Its cost where a sort is right (the distinct media copies of an
 * archive page): the setting prices a sort over {@code jit_above_cost}, so the first such query of
 * a session may spend JIT compilation (277 ms for a 50-message archive, once per kept page).
 */
@Configuration(proxyBeanMethods = false)
class ReadsDataSources {

    private static final String PLAN_PROOF = "SET enable_sort = off";
    /**
     * The longest one statement of a page may wait for a standby's answer: well past the slowest
     * measured (a chart of a raid of 10,000,000 accounts, 154 s); a streamed answer waits for each
     * fetch, not for the whole.
     */
    private static final Duration PAGE_ANSWER_ON_STANDBY = Duration.ofMinutes(5);
    /**
     * Searches may sort: their matches are found by words or conditions (a GIN index, a bitmap), and
     * a few of them sorted beat reading the archive in order. Not the listings' setting: priced out,
     * a sort made the planner read a sealed 20,000-message archive's index rows in order for a rare
     * word (15 ms instead of 5). Without JIT: a search's plan counts each message's SQL functions
     * (a live archive's), which priced even a 60-message archive past jit_above_cost, and a JIT
     * compilation costs more than such a statement runs.
     */
    private static final String SEARCH_PLANS = "SET jit = off";

    /**
     * The pools' connection, bound from {@code milk.reads.database} ({@code MILK_READS_DATABASE_URL},
     * {@code _USERNAME}, {@code _PASSWORD}); each left empty is the writer's ({@code MILK_DATABASE_*}).
     */
    @Bean(defaultCandidate = false)
    @Qualifier("reads")
    @ConfigurationProperties("milk.reads.database")
    DataSourceProperties readsDataSourceProperties() {
        return new DataSourceProperties();
    }

    /**
     * The pages' connections. Hikari's own settings, besides those below, bind from {@code
     * milk.reads.database.hikari}. With a standby ({@code MILK_READS_STANDBY_URL}), a pool on it
     * comes first and this one takes over while it cannot serve ({@link StandbyFirst}).
     */
    @Bean(defaultCandidate = false)
    @Qualifier("reads")
    DataSource readsDataSource(@Qualifier("reads") DataSourceProperties connection, ReadsProperties reads,
            Environment environment, MeterRegistry meters, ObjectProvider<StandbyReplay> standby) {
        int size = reads.database().poolSize();
        HikariDataSource primary = pages(pool(connection, environment, null, "milk-reads", size, meters), environment);
        StandbyReplay replay = standby.getIfAvailable();
        if (replay == null) {
            return primary;
        }
        HikariDataSource onStandby = pages(pool(connection, environment, reads.standby().url(), "milk-reads-standby",
                size, meters), environment);
        return new StandbyFirst(failingOver(onStandby, PAGE_ANSWER_ON_STANDBY), started(primary), replay);
    }

    private static HikariDataSource pages(HikariDataSource pool, Environment environment) {
        pool.setReadOnly(true);
        pool.setConnectionInitSql(PLAN_PROOF);
        return bound(pool, environment, "milk.reads.database.hikari");
    }

    /**
     * The searches' own connections, as many as searches may run at once ({@code SearchSlots}): a
     * search of an archive not indexed yet reads every message, and pages must never wait behind
     * it. PostgreSQL itself stops a search past its timeout, even one whose visitor went away.
     * Hikari's own settings bind from {@code milk.reads.search.hikari}. A standby comes first, as for the pages.
     */
    @Bean(defaultCandidate = false)
    @Qualifier("search")
    DataSource searchDataSource(@Qualifier("reads") DataSourceProperties connection, ReadsProperties reads,
            Environment environment, MeterRegistry meters, ObjectProvider<StandbyReplay> standby) {
        var search = reads.search();
        HikariDataSource primary = searches(pool(connection, environment, null, "milk-reads-search",
                search.concurrency(), meters), search, environment);
        StandbyReplay replay = standby.getIfAvailable();
        if (replay == null) {
            return primary;
        }
        HikariDataSource onStandby = searches(pool(connection, environment, reads.standby().url(),
                "milk-reads-search-standby", search.concurrency(), meters), search, environment);
        // PostgreSQL stops a search at its timeout: no longer wait is an answer.
        return new StandbyFirst(failingOver(onStandby, search.timeout().plusSeconds(5)), started(primary), replay);
    }

    private static HikariDataSource searches(HikariDataSource pool, ReadsProperties.Search search,
            Environment environment) {
        pool.setReadOnly(true);
        pool.setConnectionInitSql(SEARCH_PLANS + "; SET statement_timeout = " + search.timeout().toMillis());
        return bound(pool, environment, "milk.reads.search.hikari");
    }

    /**
     * A standby's pool, after the operator's Hikari settings: a request waits a second at most for
     * one of its connections before it reads the primary (the watcher notices a standby gone within
     * its next sample, a second). A statement waits for the standby's answer {@code longestWait} at
     * most: a standby whose node is lost sends no reset, and the request would wait for the
     * system's TCP keep-alive (two hours).
     */
    private static HikariDataSource failingOver(HikariDataSource settings, Duration longestWait) {
        settings.setConnectionTimeout(1_000);
        // Checking an idle connection of a standby that stopped answering (its node lost) would otherwise take 5 s.
        settings.setValidationTimeout(500);
        // The driver takes the URL's socketTimeout over this, an operator's way to set it.
        settings.addDataSourceProperty("socketTimeout", Long.toString(longestWait.toSeconds()));
        return started(settings);
    }

    /**
     * A pool of a {@link StandbyFirst}, started now on this thread rather than by its first request:
     * the primary's may first be needed when the standby goes, on one of Tomcat's threads, and a
     * pool started there outlives the web application's class loader (Tomcat reports it at stop).
     * Neither start-up nor a request fails on a server that is down: the request waits for a
     * connection, then fails over or answers 503.
     */
    private static HikariDataSource started(HikariDataSource settings) {
        settings.setInitializationFailTimeout(-1);
        return new HikariDataSource(settings);
    }

    /** Hikari's own settings from {@code prefix}, over those Milk set: as {@code @ConfigurationProperties} binds a bean. */
    private static HikariDataSource bound(HikariDataSource pool, Environment environment, String prefix) {
        Binder.get(environment).bind(prefix, Bindable.ofInstance(pool));
        return pool;
    }

    /**
     * Watches the standby when there is one: its lag (a metric; past {@code
     * MILK_READS_STANDBY_MAX_LAG} the pages read the primary), whether the pages read it, and the
     * changes waiting for it to replay them. On connections of its own, to the primary of the reads' connection and to the
     * standby, each bounded by timeouts so a stuck server cannot stop the samples.
     */
    @Bean
    @Conditional(OnStandby.class)
    StandbyReplay standbyReplay(@Qualifier("reads") DataSourceProperties connection, ReadsProperties reads,
            Environment environment, MeterRegistry meters) {
        var standby = reads.standby();
        return new StandbyReplay(watching(unpooled(connection, environment, null)),
                watching(unpooled(connection, environment, standby.url())),
                standby.url().replaceFirst("\\?.*", ""), standby.maxLag(), meters);
    }

    /**
     * In {@code /actuator/health}, not in readiness: a standby late or gone sends the pages to the
     * primary, which has every change, so the replica still answers right. Out of readiness too
     * because every replica usually shares the one standby: its lag would take all of them out at
     * once, and the image's health check follows readiness.
     */
    @Bean
    @Conditional(OnStandby.class)
    HealthIndicator standbyHealthIndicator(StandbyReplay replay) {
        return () -> Health.up()
                .withDetail("reading", replay.reading())
                .withDetail("lagSeconds", replay.lag().toMillis() / 1000.0)
                .withDetail("maxLagSeconds", replay.maxLag().toMillis() / 1000.0).build();
    }

    /** Whether {@code MILK_READS_STANDBY_URL} names a standby. */
    static final class OnStandby implements Condition {

        @Override
        public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
            return StringUtils.hasText(context.getEnvironment().getProperty("milk.reads.standby.url"));
        }
    }

    /**
     * The primary of the reads' connection, a new connection each time: for what holds one open
     * outside the pools (the listener for the writers' notifications).
     */
    static DriverManagerDataSource primary(DataSourceProperties connection, Environment environment) {
        return unpooled(connection, environment, null);
    }

    private static DriverManagerDataSource unpooled(DataSourceProperties connection, Environment environment,
            String url) {
        var source = new DriverManagerDataSource(url(connection, environment, url),
                firstText(connection.getUsername(), environment.getProperty("spring.datasource.username")),
                firstText(connection.getPassword(), environment.getProperty("spring.datasource.password")));
        var properties = new Properties();
        properties.setProperty("logServerErrorDetail", "false");
        source.setConnectionProperties(properties);
        return source;
    }

    /** A sample is a few milliseconds: a server that takes seconds to connect or answer is as good as down. */
    private static DriverManagerDataSource watching(DriverManagerDataSource source) {
        Properties properties = source.getConnectionProperties();
        properties.setProperty("connectTimeout", "2");
        properties.setProperty("socketTimeout", "5");
        source.setConnectionProperties(properties);
        return source;
    }

    /**
     * In role reads, the application's DataSource (for JPA, Spring Session and their transactions):
     * the few rows the reads role keeps itself, logins and the viewer log, on the same credentials,
     * whose grants name those tables alone (R__reads_role.sql). In role all the writer's pool is it.
     */
    @Bean
    @ConditionalOnRole(value = MilkRole.READS, exactly = true)
    @ConfigurationProperties("milk.reads.access.hikari")
    HikariDataSource accessDataSource(@Qualifier("reads") DataSourceProperties connection, Environment environment,
            MeterRegistry meters) {
        // Small and idle-free: its writes are few (a login, a batch of views a second), and every
        // replica's connections count against PostgreSQL's max_connections, a rolling update's extra
        // replicas included.
        HikariDataSource pool = pool(connection, environment, null, "milk-reads-access", 2, meters);
        pool.setMinimumIdle(0);
        return pool;
    }

    /** @param url the standby's, or null for the primary of the reads' connection */
    private static HikariDataSource pool(DataSourceProperties connection, Environment environment, String url,
            String name, int size, MeterRegistry meters) {
        DataSourceBuilder<HikariDataSource> builder = DataSourceBuilder.create().type(HikariDataSource.class)
                .url(url(connection, environment, url))
                .username(firstText(connection.getUsername(), environment.getProperty("spring.datasource.username")))
                .password(firstText(connection.getPassword(), environment.getProperty("spring.datasource.password")));
        if (StringUtils.hasText(connection.getDriverClassName())) {
            builder.driverClassName(connection.getDriverClassName());
        }
        HikariDataSource pool = builder.build();
        pool.setPoolName(name);
        pool.setMaximumPoolSize(size);
        // A request or a readiness probe learns in seconds that the database is gone.
        pool.setConnectionTimeout(3_000);
        // An error names what failed, never the values of the row it failed on: logs hold no content.
        pool.addDataSourceProperty("logServerErrorDetail", "false");
        // Not a default candidate, so Boot's pool metrics do not see it: Hikari's own tracker, as Boot would bind it.
        pool.setMetricsTrackerFactory(new MicrometerMetricsTrackerFactory(meters));
        return pool;
    }

    private static String url(DataSourceProperties connection, Environment environment, String standby) {
        if (standby != null) {
            return standby;
        }
        String url = firstText(connection.getUrl(), environment.getProperty("spring.datasource.url"));
        if (url == null) {
            throw new SettingException("MILK_READS_DATABASE_URL", "is not set (nor MILK_DATABASE_URL, its default)");
        }
        return url;
    }

    private static String firstText(String preferred, String fallback) {
        return StringUtils.hasText(preferred) ? preferred : StringUtils.hasText(fallback) ? fallback : null;
    }

    @Bean
    SchemaVersion schemaVersion(@Qualifier("reads") DataSource readsDataSource) {
        return new SchemaVersion(readsDataSource);
    }

    /**
     * Readiness in role reads, where there is no writer pool: the pages' pool is what a replica
     * serves from (in role all, Boot's {@code db} contributor covers the pools). A replica without
     * its database takes no traffic.
     */
    @Bean(name = "dbHealthContributor")
    @ConditionalOnRole(value = MilkRole.READS, exactly = true)
    DataSourceHealthIndicator readsDatabaseHealth(@Qualifier("reads") DataSource readsDataSource) {
        return new DataSourceHealthIndicator(readsDataSource);
    }
}
