package dev.milk.reads;

import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.core.env.Environment;
import org.springframework.util.StringUtils;

import com.zaxxer.hikari.HikariDataSource;

import dev.milk.reads.raid.RaidReadsConfiguration;
import dev.milk.reads.web.ErrorAnswers;
import dev.milk.reads.web.PublicPageHeaders;
import dev.milk.settings.ConditionalOnRole;
import dev.milk.settings.MilkRole;

/** The reads role: public HTTP over a read-only connection pool of its own. */
@AutoConfiguration
@ConditionalOnRole(MilkRole.READS)
@EnableConfigurationProperties(ReadsProperties.class)
@Import({ErrorAnswers.class, RaidReadsConfiguration.class, ReadsRoleCheck.class})
public class ReadsAutoConfiguration {

    /**
     * Not a default candidate: in role {@code all} the writer's pool stays the application's
     * DataSource (for Flyway and transactions) and this one serves only the public routes.
     */
    @Bean(defaultCandidate = false)
    @Qualifier("reads")
    HikariDataSource readsDataSource(ReadsProperties reads, Environment environment) {
        ReadsProperties.Database db = reads.database();
        String url = firstText(db.url(), environment.getProperty("spring.datasource.url"));
        if (url == null) {
            throw new IllegalStateException("MILK_READS_DATABASE_URL is not set (nor MILK_DATABASE_URL, its default)");
        }
        var dataSource = new HikariDataSource();
        dataSource.setPoolName("milk-reads");
        dataSource.setJdbcUrl(url);
        dataSource.setUsername(firstText(db.username(), environment.getProperty("spring.datasource.username")));
        dataSource.setPassword(firstText(db.password(), environment.getProperty("spring.datasource.password")));
        dataSource.setMaximumPoolSize(db.poolSize());
        // Belt and braces: even on a writer's credentials, these sessions cannot write.
        dataSource.setReadOnly(true);
        return dataSource;
    }

    @Bean
    FilterRegistrationBean<PublicPageHeaders> publicPageHeaders() {
        return new FilterRegistrationBean<>(new PublicPageHeaders());
    }

    private static String firstText(String preferred, String fallback) {
        return StringUtils.hasText(preferred) ? preferred : StringUtils.hasText(fallback) ? fallback : null;
    }
}
