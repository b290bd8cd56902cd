package dev.milk.reads.archive;

import java.time.Clock;

import javax.sql.DataSource;

import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.milk.media.MediaStore;
import tools.jackson.databind.json.JsonMapper;

@Configuration(proxyBeanMethods = false)
public class ArchiveReadsConfiguration {

    @Bean
    ArchiveController archiveController(@Qualifier("reads") DataSource readsDataSource, JsonMapper json,
            MediaStore readerMediaStore) {
        return new ArchiveController(new ArchiveQueries(readsDataSource, json), readerMediaStore, Clock.systemUTC());
    }
}
