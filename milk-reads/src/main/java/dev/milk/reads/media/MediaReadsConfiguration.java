package dev.milk.reads.media;

import javax.sql.DataSource;

import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;

import dev.milk.media.MediaProperties;
import dev.milk.media.MediaStore;
import dev.milk.media.MediaStores;
import dev.milk.reads.access.ArchiveAccess;

@Configuration(proxyBeanMethods = false)
public class MediaReadsConfiguration {

    /** The store copies are read from, over the reads role's own connections. */
    @Bean
    MediaStore readerMediaStore(MediaProperties media, @Qualifier("reads") DataSource readsDataSource) {
        return MediaStores.create(media, new JdbcTemplate(readsDataSource), null);
    }

    @Bean
    MediaController mediaController(MediaStore readerMediaStore, ArchiveAccess archiveAccess) {
        return new MediaController(readerMediaStore, archiveAccess);
    }
}
