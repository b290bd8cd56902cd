package dev.milk.reads.raid;

import javax.sql.DataSource;

import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.milk.reads.access.ArchiveAccess;
import dev.milk.reads.web.StreamedAnswers;

@Configuration(proxyBeanMethods = false)
public class RaidReadsConfiguration {

    @Bean
    RaidController raidController(@Qualifier("reads") DataSource readsDataSource, StreamedAnswers streams,
            ArchiveAccess archiveAccess) {
        return new RaidController(new RaidQueries(readsDataSource), streams, archiveAccess);
    }
}
