package dev.milk.access;

import javax.sql.DataSource;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnSingleCandidate;
import org.springframework.boot.hibernate.autoconfigure.HibernateJpaAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.persistence.autoconfigure.EntityScan;
import org.springframework.context.annotation.Bean;
import org.springframework.data.jpa.repository.config.EnableJpaRepositories;
import org.springframework.data.repository.config.BootstrapMode;

/**
 * Milk's JPA aggregates, whichever application Milk's modules run in (its entities and
 * repositories are named here, not found under the application's package): on the application's
 * DataSource, the writer's pool, or in role reads the reads role's small writable pool.
 */
@AutoConfiguration(after = DataSourceAutoConfiguration.class, afterName = "dev.milk.reads.ReadsAutoConfiguration",
        before = HibernateJpaAutoConfiguration.class)
@ConditionalOnSingleCandidate(DataSource.class)
@EntityScan(basePackageClasses = AccessAutoConfiguration.class)
// Lazy: a process is ready without them (they were most of a start's last second, BENCHMARKS.md);
// RepositoriesWarmUp makes them once it is, and the EntityManagerFactory is built beside the rest
// of the context (spring.jpa.bootstrap=async).
@EnableJpaRepositories(basePackageClasses = AccessAutoConfiguration.class, bootstrapMode = BootstrapMode.LAZY)
public class AccessAutoConfiguration {

    @Bean
    static RepositoriesWarmUp repositoriesWarmUp() {
        return new RepositoriesWarmUp();
    }
}
