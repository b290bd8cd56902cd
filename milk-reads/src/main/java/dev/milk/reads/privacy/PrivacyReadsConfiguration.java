package dev.milk.reads.privacy;

import java.time.Clock;

import javax.sql.DataSource;

import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Fallback;

import dev.milk.access.UserForgetRepository;
import dev.milk.reads.access.StaffOnly;
import dev.milk.reads.web.NotFoundException;
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

    /**
     * Only while no login provides the staff check (the Discord login's own {@link StaffOnly} takes
     * precedence over a fallback): nobody is staff, so staff pages answer as if absent, as
     * non-public archives do without a login.
     */
    @Bean
    @Fallback
    StaffOnly nobodyIsStaff() {
        return (request, guildId) -> {
            throw new NotFoundException("staff pages need the Discord login, which is not set up");
        };
    }
}
