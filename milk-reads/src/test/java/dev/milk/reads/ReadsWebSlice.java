package dev.milk.reads;

import javax.sql.DataSource;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;

import dev.milk.reads.web.ErrorAnswers;
import dev.milk.reads.web.ReadErrors;
import dev.milk.reads.web.SchemaVersion;
import tools.jackson.databind.json.JsonMapper;

/**
 * What a {@code @WebMvcTest} of the reads' routes adds beside its controller: Milk's error answers,
 * as the reads role imports them, and what they and the queries use.
 */
@TestConfiguration(proxyBeanMethods = false)
@Import(ErrorAnswers.class)
public class ReadsWebSlice {

    @Bean
    JsonMapper json() {
        return JsonMapper.builder().build();
    }

    @Bean
    ReadErrors readErrors() {
        return new ReadErrors(new SimpleMeterRegistry());
    }

    @Bean
    SchemaVersion schemaVersion(DataSource dataSource) {
        return new SchemaVersion(dataSource);
    }
}
