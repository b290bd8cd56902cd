package dev.milk.reads.share;

import java.time.Clock;

import javax.sql.DataSource;

import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.milk.access.ArchiveShareRepository;

/** Share links, as the reads see them: {@code /s/{token}} and the grants it leaves in sessions. */
@Configuration(proxyBeanMethods = false)
public class ShareReadsConfiguration {

    @Bean
    SessionShares sharedArchives(ArchiveShareRepository shares) {
        return new SessionShares(shares, Clock.systemUTC());
    }

    /** Boot's observation of requests takes it in place of its default. */
    @Bean
    TokenlessTraces tokenlessTraces() {
        return new TokenlessTraces();
    }

    @Bean
    ShareController shareController(ArchiveShareRepository shares, @Qualifier("reads") DataSource readsDataSource) {
        return new ShareController(shares, readsDataSource, Clock.systemUTC());
    }
}
