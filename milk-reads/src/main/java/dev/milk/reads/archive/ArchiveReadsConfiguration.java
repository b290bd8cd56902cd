package dev.milk.reads.archive;

import java.time.Clock;

import javax.sql.DataSource;

import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
public class ArchiveReadsConfiguration {

    @Bean
    ArchiveController archiveController(@Qualifier("reads") DataSource readsDataSource) {
        return new ArchiveController(new ArchiveQueries(readsDataSource), Clock.systemUTC());
    }
}
