package dev.milk.reads.media;

import javax.sql.DataSource;

import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;

import dev.milk.media.PostgresMediaStore;

@Configuration(proxyBeanMethods = false)
public class MediaReadsConfiguration {

    @Bean
    MediaController mediaController(@Qualifier("reads") DataSource readsDataSource) {
        return new MediaController(new PostgresMediaStore(new JdbcTemplate(readsDataSource)));
    }
}
