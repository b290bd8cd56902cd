package dev.milk.reads;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import com.zaxxer.hikari.HikariDataSource;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

/** The reads pools as Boot binds them, never started: no database needed. */
class ReadsDataSourcesTest {

    @Configuration(proxyBeanMethods = false)
    @EnableConfigurationProperties(ReadsProperties.class)
    static class Meters {

        @Bean
        MeterRegistry meters() {
            return new SimpleMeterRegistry();
        }
    }

    private final ApplicationContextRunner reads = new ApplicationContextRunner()
            .withUserConfiguration(Meters.class, ReadsDataSources.class)
            .withPropertyValues("spring.datasource.url=jdbc:postgresql://writer:5432/milk",
                    "spring.datasource.username=milk_writes", "spring.datasource.password=secret");

    private static HikariDataSource pool(org.springframework.context.ApplicationContext context, String name) {
        return context.getBean(name, HikariDataSource.class);
    }

    @Test
    void readOnlyPoolsOnTheWritersConnectionWhereTheirOwnIsEmpty() {
        reads.withPropertyValues("milk.reads.database.url=", "milk.reads.database.pool-size=7",
                "milk.reads.search.concurrency=3", "milk.reads.search.timeout=4s").run(context -> {
                    HikariDataSource pages = pool(context, "readsDataSource");
                    assertThat(pages.getJdbcUrl()).isEqualTo("jdbc:postgresql://writer:5432/milk");
                    assertThat(pages.getUsername()).isEqualTo("milk_writes");
                    assertThat(pages.getPoolName()).isEqualTo("milk-reads");
                    assertThat(pages.getMaximumPoolSize()).isEqualTo(7);
                    assertThat(pages.isReadOnly()).isTrue();
                    assertThat(pages.getConnectionTimeout()).isEqualTo(3_000);
                    assertThat(pages.getConnectionInitSql()).as("plan-proof sessions").isEqualTo("SET enable_sort = off");
                    assertThat(pages.getDataSourceProperties()).containsEntry("logServerErrorDetail", "false");
                    HikariDataSource searches = pool(context, "searchDataSource");
                    assertThat(searches.getPoolName()).isEqualTo("milk-reads-search");
                    assertThat(searches.getMaximumPoolSize()).isEqualTo(3);
                    assertThat(searches.isReadOnly()).isTrue();
                    assertThat(searches.getConnectionInitSql()).as("searches may sort, without JIT")
                            .isEqualTo("SET jit = off; SET statement_timeout = 4000");
                });
    }

    @Test
    void theirOwnConnectionAndHikarisSettingsBindFromTheirPrefixes() {
        reads.withPropertyValues("milk.reads.database.url=jdbc:postgresql://replica:5432/milk",
                "milk.reads.database.username=milk_reads", "milk.reads.database.hikari.minimum-idle=2",
                "milk.reads.database.hikari.connection-timeout=5000", "milk.reads.search.hikari.idle-timeout=30000")
                .run(context -> {
                    HikariDataSource pages = pool(context, "readsDataSource");
                    assertThat(pages.getJdbcUrl()).isEqualTo("jdbc:postgresql://replica:5432/milk");
                    assertThat(pages.getUsername()).isEqualTo("milk_reads");
                    assertThat(pages.getMinimumIdle()).isEqualTo(2);
                    assertThat(pages.getConnectionTimeout()).isEqualTo(5_000);
                    assertThat(pool(context, "searchDataSource").getIdleTimeout()).isEqualTo(30_000);
                    assertThat(pool(context, "searchDataSource").getMinimumIdle()).isNotEqualTo(2);
                });
    }

    @Test
    void noUrlAtAllNamesTheVariableToSet() {
        new ApplicationContextRunner().withUserConfiguration(Meters.class, ReadsDataSources.class).run(context -> {
            assertThat(context).hasFailed();
            assertThat(context.getStartupFailure()).rootCause().hasMessageContaining("MILK_READS_DATABASE_URL");
        });
    }
}
