package dev.milk.reads;

import java.util.Map;

import javax.sql.DataSource;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.health.DataSourceHealthContributorAutoConfiguration;
import org.springframework.boot.jdbc.health.DataSourceHealthIndicator;
import org.springframework.boot.tomcat.TomcatContextCustomizer;
import org.springframework.boot.web.server.MimeMappings;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.boot.web.server.servlet.ConfigurableServletWebServerFactory;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.boot.webmvc.autoconfigure.error.ErrorMvcAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.core.Ordered;
import org.springframework.core.env.Environment;
import org.springframework.util.StringUtils;
import org.springframework.web.filter.UrlHandlerFilter;
import org.springframework.web.servlet.config.annotation.AsyncSupportConfigurer;
import org.springframework.web.servlet.config.annotation.CorsRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.metrics.micrometer.MicrometerMetricsTrackerFactory;

import io.micrometer.core.instrument.MeterRegistry;

import dev.milk.media.MediaProperties;
import dev.milk.reads.archive.ArchiveReadsConfiguration;
import dev.milk.reads.home.HomeController;
import dev.milk.reads.media.MediaReadsConfiguration;
import dev.milk.reads.raid.RaidReadsConfiguration;
import dev.milk.reads.web.ArchiveChangeListener;
import dev.milk.reads.web.ErrorAnswers;
import dev.milk.reads.web.ErrorPage;
import dev.milk.reads.web.OneLineCorsRefusal;
import dev.milk.reads.web.OneLineErrorReport;
import dev.milk.reads.web.PageCache;
import dev.milk.reads.web.PageRoutes;
import dev.milk.reads.web.PublicPageHeaders;
import dev.milk.reads.web.RateLimit;
import dev.milk.reads.web.ReadErrors;
import dev.milk.reads.web.SchemaVersion;
import dev.milk.reads.web.StreamedAnswers;
import dev.milk.reads.web.TrustedProxies;
import dev.milk.reads.web.UnfinishedAnswers;
import dev.milk.settings.ConditionalOnRole;
import dev.milk.settings.MilkRole;
import dev.milk.settings.SettingException;

/** The reads role: public HTTP over a read-only connection pool of its own. */
@AutoConfiguration(after = DataSourceAutoConfiguration.class,
        before = {DataSourceHealthContributorAutoConfiguration.class, ErrorMvcAutoConfiguration.class})
@ConditionalOnRole(MilkRole.READS)
@EnableConfigurationProperties({ReadsProperties.class, MediaProperties.class})
@Import({ErrorAnswers.class, ErrorPage.class, RaidReadsConfiguration.class, ArchiveReadsConfiguration.class,
    MediaReadsConfiguration.class, HomeController.class, ReadsRoleCheck.class})
public class ReadsAutoConfiguration {

    /**
     * Plan-proof: every listing reads an index in its own order and stops at the page's end, so a
     * sort is never the right plan. Right after a writer grew a raid by a million rows, the
     * statistics still describe the small table and the planner, trusting them, would sort the
     * whole raid (150-190 ms a page, measured) until autovacuum's next analyze.
     */
    private static final String SESSION = "SET enable_sort = off";

    /**
     * Not a default candidate: in role {@code all} the writer's pool stays the application's
     * DataSource (for Flyway and transactions) and this one serves only the public routes.
     */
    @Bean(defaultCandidate = false)
    @Qualifier("reads")
    HikariDataSource readsDataSource(ReadsProperties reads, Environment environment, MeterRegistry meters) {
        return pool("milk-reads", reads.database().poolSize(), SESSION, reads, environment, meters);
    }

    /**
     * The searches' own connections, as many as searches may run at once ({@code SearchSlots}): a
     * search of an archive not indexed yet reads every message, and pages must never wait behind
     * it. PostgreSQL itself stops a search past its timeout, even one whose visitor went away.
     */
    @Bean(defaultCandidate = false)
    @Qualifier("search")
    HikariDataSource searchDataSource(ReadsProperties reads, Environment environment, MeterRegistry meters) {
        var search = reads.search();
        return pool("milk-reads-search", search.concurrency(),
                SESSION + "; SET statement_timeout = " + search.timeout().toMillis(), reads, environment, meters);
    }

    private static HikariDataSource pool(String name, int size, String sessionSql, ReadsProperties reads,
            Environment environment, MeterRegistry meters) {
        ReadsProperties.Database db = reads.database();
        String url = firstText(db.url(), environment.getProperty("spring.datasource.url"));
        if (url == null) {
            throw new SettingException("MILK_READS_DATABASE_URL", "is not set (nor MILK_DATABASE_URL, its default)");
        }
        var dataSource = new HikariDataSource();
        dataSource.setPoolName(name);
        dataSource.setJdbcUrl(url);
        dataSource.setUsername(firstText(db.username(), environment.getProperty("spring.datasource.username")));
        dataSource.setPassword(firstText(db.password(), environment.getProperty("spring.datasource.password")));
        dataSource.setMaximumPoolSize(size);
        // A request or a readiness probe learns in seconds that the database is gone.
        dataSource.setConnectionTimeout(3_000);
        // Belt and braces: even on a writer's credentials, these sessions cannot write.
        dataSource.setReadOnly(true);
        dataSource.setConnectionInitSql(sessionSql);
        // An error names what failed, never the values of the row it failed on: logs hold no content.
        dataSource.addDataSourceProperty("logServerErrorDetail", "false");
        // Not a default candidate, so Boot's pool metrics do not see it: Hikari's own tracker, as Boot would bind it.
        dataSource.setMetricsTrackerFactory(new MicrometerMetricsTrackerFactory(meters));
        return dataSource;
    }

    @Bean
    ReadErrors readErrors(MeterRegistry meters) {
        return new ReadErrors(meters);
    }

    @Bean
    SchemaVersion schemaVersion(@Qualifier("reads") DataSource readsDataSource) {
        return new SchemaVersion(readsDataSource);
    }

    @Bean
    StreamedAnswers streamedAnswers(ReadsProperties reads) {
        return new StreamedAnswers(reads.streamTimeout());
    }

    /** Spring MVC's own limit of a streamed answer: a backstop for one stuck without writing. */
    @Bean
    WebMvcConfigurer streamBackstop(StreamedAnswers streams) {
        return new WebMvcConfigurer() {
            @Override
            public void configureAsyncSupport(AsyncSupportConfigurer async) {
                async.setDefaultTimeout(streams.backstop().toMillis());
            }
        };
    }

    /** Ahead of every other resolver: an answer that failed after its first bytes is closed unfinished. */
    @Bean
    UnfinishedAnswers unfinishedAnswers(ReadErrors errors) {
        return new UnfinishedAnswers(errors);
    }

    @Bean
    TomcatContextCustomizer closeUnfinishedAnswers() {
        return UnfinishedAnswers.closingValve();
    }

    /**
     * Readiness in role reads, where there is no writer pool and so no {@code db} contributor from
     * Boot (in role all, Boot's covers both pools). A replica without its database takes no traffic.
     */
    @Bean(name = "dbHealthContributor")
    @ConditionalOnMissingBean(DataSource.class)
    DataSourceHealthIndicator readsDatabaseHealth(@Qualifier("reads") DataSource readsDataSource) {
        return new DataSourceHealthIndicator(readsDataSource);
    }

    /** What Tomcat refuses before Milk's code runs gets Milk's one line of text too, not Tomcat's HTML. */
    @Bean
    OneLineErrorReport.Installer oneLineErrorReport() {
        return new OneLineErrorReport.Installer();
    }

    /** A refused cross-origin request gets Milk's one line of text too. */
    @Bean
    static BeanPostProcessor oneLineCorsRefusal() {
        return OneLineCorsRefusal.installer();
    }

    /** As the original Milk answered {@code /raid/x/}: like {@code /raid/x}, not with a 404. */
    @Bean
    FilterRegistrationBean<UrlHandlerFilter> trailingSlashes() {
        var registration = new FilterRegistrationBean<>(UrlHandlerFilter.trailingSlashHandler("/**").wrapRequest().build());
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
        return registration;
    }

    /**
     * The JSON API and the descriptions of Milk's API and events may be read from any web page
     * (CORS), read only: GET and HEAD, no credentials. The pages themselves are not for other sites' scripts.
     */
    @Bean
    WebMvcConfigurer readOnlyCors() {
        return new WebMvcConfigurer() {
            @Override
            public void addCorsMappings(CorsRegistry registry) {
                for (String path : new String[] {"/raid/*.json", "/archive/*.json", "/openapi.json", "/asyncapi.yaml"}) {
                    registry.addMapping(path).allowedOrigins("*").allowedMethods("GET", "HEAD").allowedHeaders("*")
                            .allowCredentials(false).maxAge(86_400);
                }
            }
        };
    }

    /** The AsyncAPI document is served as what it is (RFC 9512): Tomcat's own table has no type for YAML. */
    @Bean
    WebServerFactoryCustomizer<ConfigurableServletWebServerFactory> yamlMediaType() {
        return factory -> factory.addMimeMappings(new MimeMappings(Map.of("yaml", "application/yaml")));
    }

    /** First the limit (a cached page is still a request), then the headers of every page, then the cache. */
    @Bean
    FilterRegistrationBean<RateLimit> rateLimit(ReadsProperties reads, MeterRegistry meters) {
        var limit = reads.rateLimit();
        var registration = new FilterRegistrationBean<>(new RateLimit(limit.perSecond(), limit.burst(),
                new TrustedProxies(reads.trustedProxies()), meters));
        registration.setEnabled(limit.enabled());
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 10);
        return registration;
    }

    @Bean
    FilterRegistrationBean<PublicPageHeaders> publicPageHeaders() {
        var registration = new FilterRegistrationBean<>(new PublicPageHeaders());
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 20);
        return registration;
    }

    @Bean
    FilterRegistrationBean<PageCache> pageCache(ReadsProperties reads, MeterRegistry meters,
            @Qualifier("requestMappingHandlerMapping") ObjectProvider<RequestMappingHandlerMapping> mappings) {
        var cache = reads.cache();
        var registration = new FilterRegistrationBean<>(new PageCache(cache.maxMegabytes() << 20,
                cache.maxPageMegabytes() << 20, (long) cache.captureMegabytes() << 20, cache.revalidate(),
                () -> PageRoutes.of(mappings.getObject()), meters));
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 30);
        return registration;
    }

    /** Drops kept pages of an archive as soon as a writer announces a change to it. */
    @Bean
    ArchiveChangeListener archiveChangeListener(@Qualifier("reads") HikariDataSource readsDataSource,
            FilterRegistrationBean<PageCache> pageCache) {
        return new ArchiveChangeListener(readsDataSource, pageCache.getFilter());
    }

    private static String firstText(String preferred, String fallback) {
        return StringUtils.hasText(preferred) ? preferred : StringUtils.hasText(fallback) ? fallback : null;
    }
}
