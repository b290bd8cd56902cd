package dev.milk.reads.privacy;

import java.time.Clock;

import javax.sql.DataSource;

import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.milk.access.UserForgetRepository;
import dev.milk.reads.access.StaffOnly;
import dev.milk.reads.web.StreamedAnswers;
import tools.jackson.databind.json.JsonMapper;

/** The privacy pages of a guild's staff: the forget requests and the subject-access export. */
@Configuration(proxyBeanMethods = false)
public class PrivacyReadsConfiguration {

    @Bean
    PrivacyController privacyController(UserForgetRepository forgets, @Qualifier("reads") DataSource readsDataSource,
            JsonMapper json, StreamedAnswers streams, StaffOnly staff) {
        return new PrivacyController(forgets, new SubjectAccessExport(readsDataSource, forgets, json), streams, staff,
                Clock.systemUTC());
    }
}
