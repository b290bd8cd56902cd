package dev.milk.image;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

import javax.sql.DataSource;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.flyway.autoconfigure.FlywayAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.testcontainers.service.connection.ServiceConnection;
import org.springframework.boot.testcontainers.service.connection.ServiceConnectionAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.testcontainers.postgresql.PostgreSQLContainer;
import org.testcontainers.utility.DockerImageName;

import com.zaxxer.hikari.HikariDataSource;

import dev.milk.testing.DockerTest;
import dev.milk.writes.schema.SchemaAutoConfiguration;

/**
 * Milk's migrations on the PostgreSQL the stack deploys (docker-compose.example.yml's
 * {@code postgres:15} image, set up as the stack sets it up), not only on the machine's server:
 * every script applies once, and the reads role they create can change nothing. The container
 * comes from Testcontainers and reaches Boot's DataSource and Flyway as a {@code @ServiceConnection};
 * the image is swarm-test/run.sh's (the local stand-in where nothing can be pulled, substituted for
 * the official one), so the test is skipped, with the reason, wherever the Docker tests are.
 */
@DockerTest
@SpringBootTest(classes = SchemaOnPostgresImageTest.PostgresFromTheImage.class,
        webEnvironment = SpringBootTest.WebEnvironment.NONE, properties = {
                "milk.role=writes",
                // Milk checks before any bean exists that these are set. They name hosts that can
                // never resolve, so only the connection @ServiceConnection gives can pass this test.
                "milk.database.url=jdbc:postgresql://service-connection.invalid/milk",
                "milk.kafka.bootstrap-servers=service-connection.invalid:9092"})
class SchemaOnPostgresImageTest {

    private static String image;

    @Autowired
    private DataSource dataSource;

    @Autowired
    private PostgreSQLContainer postgres;

    @BeforeAll
    static void imageBuilt() {
        image = SwarmTestScript.images().postgres();
    }

    /** The whole context: no MilkApplication, only the database, Flyway and Milk's schema. */
    @Configuration(proxyBeanMethods = false)
    @ImportAutoConfiguration({ServiceConnectionAutoConfiguration.class, DataSourceAutoConfiguration.class,
            FlywayAutoConfiguration.class, SchemaAutoConfiguration.class})
    static class PostgresFromTheImage {

        /** As the stack runs it: user and database milk, a password. Started and stopped with the context. */
        @Bean
        @ServiceConnection
        PostgreSQLContainer postgres() {
            return new PostgreSQLContainer(DockerImageName.parse(image).asCompatibleSubstituteFor("postgres"))
                    .withDatabaseName("milk").withUsername("milk").withPassword("schema-test");
        }
    }

    @Test
    void theDataSourceIsTheContainersFromTheImage() {
        assertThat(((HikariDataSource) dataSource).getJdbcUrl()).isEqualTo(postgres.getJdbcUrl());
        assertThat(postgres.getDockerImageName()).isEqualTo(image);
        JdbcClient jdbc = JdbcClient.create(dataSource);
        assertThat(jdbc.sql("SELECT current_user").query(String.class).single()).isEqualTo("milk");
        assertThat(jdbc.sql("SELECT current_setting('server_version_num')::int / 10000").query(Integer.class).single())
                .as("the major version of PostgreSQL the stack deploys").isEqualTo(15);
    }

    @Test
    void everyMigrationAppliesOnce() throws IOException {
        Resource[] scripts = new PathMatchingResourcePatternResolver().getResources("classpath:dev/milk/schema/*.sql");
        Map<String, Integer> expected = Arrays.stream(scripts)
                .collect(Collectors.toMap(Resource::getFilename, s -> 1, Integer::sum, TreeMap::new));
        Map<String, Integer> applied = new TreeMap<>();
        JdbcClient.create(dataSource).sql("SELECT script, count(*) FROM flyway_schema_history WHERE success GROUP BY script")
                .query(rs -> {
                    applied.put(rs.getString("script"), rs.getInt("count"));
                });
        assertThat(expected).hasSizeGreaterThanOrEqualTo(10);
        assertThat(applied).isEqualTo(expected);
    }

    @Test
    void theReadsRoleCanOnlyRead() {
        JdbcClient jdbc = JdbcClient.create(dataSource);
        assertThat(jdbc.sql("""
                SELECT count(*) FROM pg_class c WHERE c.relnamespace = 'public'::regnamespace AND c.relkind = 'r'
                  AND has_table_privilege('milk_reads', c.oid, 'SELECT')""").query(Integer.class).single())
                .as("tables milk_reads can read").isGreaterThanOrEqualTo(5);
        // Only its own, as R__reads_role.sql grants them: the logins (Spring Session) and the viewer log.
        assertThat(jdbc.sql("""
                SELECT c.relname FROM pg_class c WHERE c.relnamespace = 'public'::regnamespace AND c.relkind = 'r'
                  AND has_table_privilege('milk_reads', c.oid, 'INSERT,UPDATE,DELETE,TRUNCATE')""")
                .query(String.class).list()).as("tables milk_reads can change")
                .containsExactlyInAnyOrder("archive_view", "archive_view_count", "spring_session",
                        "spring_session_attributes");
    }
}
