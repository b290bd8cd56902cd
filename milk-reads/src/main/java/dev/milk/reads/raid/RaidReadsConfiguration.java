package dev.milk.reads.raid;

import java.time.Clock;
import java.time.Duration;

import javax.sql.DataSource;

import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.milk.reads.access.ArchiveAccess;
import dev.milk.reads.web.StreamedAnswers;

@Configuration(proxyBeanMethods = false)
public class RaidReadsConfiguration {

    /**
     * How long a raid page waits for its charts: a raid of tens of thousands of accounts is drawn
     * within it; a larger one is answered without them (and not kept) while they are drawn.
     */
    static final Duration ANALYSIS_WAIT = Duration.ofSeconds(2);

    @Bean
    RaidQueries raidQueries(@Qualifier("reads") DataSource readsDataSource) {
        return new RaidQueries(readsDataSource);
    }

    @Bean
    RaidController raidController(RaidQueries raidQueries, @Qualifier("reads") DataSource readsDataSource,
            StreamedAnswers streams, ArchiveAccess archiveAccess) {
        return new RaidController(raidQueries, new RaidAnalyses(readsDataSource, Clock.systemUTC(), ANALYSIS_WAIT), streams,
                archiveAccess);
    }

    @Bean
    RaidRepeatsController raidRepeatsController(RaidQueries raidQueries, @Qualifier("reads") DataSource readsDataSource,
            ArchiveAccess archiveAccess) {
        return new RaidRepeatsController(raidQueries, new RaidRepeats(readsDataSource), archiveAccess);
    }
}
