package dev.milk.reads.archive;

import java.time.Clock;

import javax.sql.DataSource;

import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;

import dev.milk.media.PostgresMediaStore;
import tools.jackson.databind.json.JsonMapper;

@Configuration(proxyBeanMethods = false)
public class ArchiveReadsConfiguration {

    @Bean
    ArchiveController archiveController(@Qualifier("reads") DataSource readsDataSource, JsonMapper json) {
        return new ArchiveController(new ArchiveQueries(readsDataSource, json),
                new PostgresMediaStore(new JdbcTemplate(readsDataSource)), Clock.systemUTC());
    }
}
