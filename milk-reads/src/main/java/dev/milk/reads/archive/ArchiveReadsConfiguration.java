package dev.milk.reads.archive;

import java.time.Clock;

import javax.sql.DataSource;

import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.milk.media.MediaStore;
import dev.milk.reads.ReadsProperties;
import dev.milk.reads.access.ArchiveAccess;
import dev.milk.reads.web.StreamedAnswers;
import tools.jackson.databind.json.JsonMapper;

@Configuration(proxyBeanMethods = false)
public class ArchiveReadsConfiguration {

    @Bean
    ArchiveController archiveController(@Qualifier("reads") DataSource readsDataSource,
            @Qualifier("search") DataSource searchDataSource, ReadsProperties reads, StreamedAnswers streams,
            JsonMapper json, MediaStore readerMediaStore, ArchiveAccess archiveAccess,
            @Value("${milk.public-url:}") String publicUrl) {
        var search = reads.search();
        return new ArchiveController(new ArchiveQueries(readsDataSource, searchDataSource, json),
                new SearchSlots(search.concurrency(), search.timeout()), streams, readerMediaStore, Clock.systemUTC(),
                archiveAccess, publicUrl);
    }
}
