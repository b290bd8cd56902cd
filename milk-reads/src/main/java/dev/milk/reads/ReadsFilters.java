package dev.milk.reads;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.jdbc.autoconfigure.DataSourceProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.env.Environment;
import org.springframework.web.filter.UrlHandlerFilter;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

import io.micrometer.core.instrument.MeterRegistry;

import dev.milk.reads.standby.StandbyReplay;
import dev.milk.reads.web.ArchiveChangeListener;
import dev.milk.reads.web.PageCache;
import dev.milk.reads.web.PageRoutes;
import dev.milk.reads.web.PublicPageHeaders;
import dev.milk.reads.web.RateLimit;
import dev.milk.reads.web.TrustedProxies;

/** What stands in front of the routes: trailing slashes, the rate limit, the headers of every page, the page cache. */
@Configuration(proxyBeanMethods = false)
class ReadsFilters {

    /** As the original Milk answered {@code /raid/x/}: like {@code /raid/x}, not with a 404. */
    @Bean
    FilterRegistrationBean<UrlHandlerFilter> trailingSlashes() {
        var registration = new FilterRegistrationBean<>(UrlHandlerFilter.trailingSlashHandler("/**").wrapRequest().build());
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
        return registration;
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

    /**
     * Drops kept pages of an archive as soon as a writer announces a change to it, listening on the
     * primary; with a standby, again once the standby has replayed the change.
     */
    @Bean
    ArchiveChangeListener archiveChangeListener(@Qualifier("reads") DataSourceProperties connection,
            Environment environment, FilterRegistrationBean<PageCache> pageCache, ObjectProvider<StandbyReplay> standby) {
        PageCache pages = pageCache.getFilter();
        StandbyReplay replay = standby.getIfAvailable();
        return new ArchiveChangeListener(ReadsDataSources.primary(connection, environment), pages, replay == null ? null
                : (path, position) -> replay.onceReplayed(position, () -> pages.forget(path)));
    }
}
