package dev.milk.reads;

import javax.sql.DataSource;

import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.jdbc.DataSourceBuilder;
import org.springframework.boot.jdbc.autoconfigure.DataSourceProperties;
import org.springframework.boot.jdbc.health.DataSourceHealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.util.StringUtils;

import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.metrics.micrometer.MicrometerMetricsTrackerFactory;

import io.micrometer.core.instrument.MeterRegistry;

import dev.milk.reads.web.SchemaVersion;
import dev.milk.settings.ConditionalOnRole;
import dev.milk.settings.MilkRole;
import dev.milk.settings.SettingException;

/**
 * The reads role's read-only connection pools: one for pages, one for searches. Neither is a
 * default candidate: in role {@code all} the writer's pool stays the application's DataSource (for
 * Flyway and transactions) and these serve only the public routes.
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

    /** Hikari's own settings, besides those below, bind from {@code milk.reads.database.hikari}. */
    @Bean(defaultCandidate = false)
    @Qualifier("reads")
    @ConfigurationProperties("milk.reads.database.hikari")
    HikariDataSource readsDataSource(@Qualifier("reads") DataSourceProperties connection, ReadsProperties reads,
            Environment environment, MeterRegistry meters) {
        HikariDataSource pool = pool(connection, environment, "milk-reads", reads.database().poolSize(), meters);
        pool.setReadOnly(true);
        pool.setConnectionInitSql(PLAN_PROOF);
        return pool;
    }

    /**
     * The searches' own connections, as many as searches may run at once ({@code SearchSlots}): a
     * search of an archive not indexed yet reads every message, and pages must never wait behind
     * it. PostgreSQL itself stops a search past its timeout, even one whose visitor went away.
     * Hikari's own settings bind from {@code milk.reads.search.hikari}.
     */
    @Bean(defaultCandidate = false)
    @Qualifier("search")
    @ConfigurationProperties("milk.reads.search.hikari")
    HikariDataSource searchDataSource(@Qualifier("reads") DataSourceProperties connection, ReadsProperties reads,
            Environment environment, MeterRegistry meters) {
        var search = reads.search();
        HikariDataSource pool = pool(connection, environment, "milk-reads-search", search.concurrency(), meters);
        pool.setReadOnly(true);
        pool.setConnectionInitSql(SEARCH_PLANS + "; SET statement_timeout = " + search.timeout().toMillis());
        return pool;
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
        HikariDataSource pool = pool(connection, environment, "milk-reads-access", 2, meters);
        pool.setMinimumIdle(0);
        return pool;
    }

    private static HikariDataSource pool(DataSourceProperties connection, Environment environment, String name,
            int size, MeterRegistry meters) {
        String url = firstText(connection.getUrl(), environment.getProperty("spring.datasource.url"));
        if (url == null) {
            throw new SettingException("MILK_READS_DATABASE_URL", "is not set (nor MILK_DATABASE_URL, its default)");
        }
        DataSourceBuilder<HikariDataSource> builder = DataSourceBuilder.create().type(HikariDataSource.class).url(url)
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
