package dev.milk.reads.archive;

import java.time.Clock;

import javax.sql.DataSource;

import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.milk.media.MediaStore;
import dev.milk.reads.web.StreamedAnswers;
import tools.jackson.databind.json.JsonMapper;

@Configuration(proxyBeanMethods = false)
public class ArchiveReadsConfiguration {

    @Bean
    ArchiveController archiveController(@Qualifier("reads") DataSource readsDataSource, StreamedAnswers streams,
            JsonMapper json, MediaStore readerMediaStore) {
        return new ArchiveController(new ArchiveQueries(readsDataSource, json), streams, readerMediaStore,
                Clock.systemUTC());
    }
}
