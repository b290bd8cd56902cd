package dev.milk.settings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.context.ConfigurableApplicationContext;

import dev.milk.testing.TestKafka;
import dev.milk.testing.TestPostgres;

/** A missing or invalid setting stops start-up with a message that names the variable. */
class StartupFailuresTest {

    static Stream<Arguments> failures() {
        String db = TestPostgres.database().url();
        String kafka = TestKafka.bootstrapServers();
        return Stream.of(
                Arguments.of(Map.of("MILK_ROLE", "writes"),
                        "MILK_DATABASE_URL is not set; role writes requires it"),
                Arguments.of(Map.of("MILK_ROLE", "writes", "MILK_DATABASE_URL", db),
                        "MILK_KAFKA_BOOTSTRAP_SERVERS is not set; role writes requires it"),
                Arguments.of(Map.of("MILK_ROLE", "reads"),
                        "MILK_DATABASE_URL is not set; role reads requires it"),
                Arguments.of(Map.of("MILK_ROLE", "both"),
                        "MILK_ROLE must be one of writes, reads, all, import, import-dce; it is 'both'"),
                Arguments.of(Map.of("MILK_EMBEDDED", "maybe"), "MILK_EMBEDDED must be true or false; it is 'maybe'"),
                Arguments.of(Map.of("MILK_ROLE", "reads", "MILK_LOG_FORMAT", "json"),
                        "MILK_LOG_FORMAT must be one of plain, ecs, logstash, gelf; it is 'json'"),
                Arguments.of(Map.of("MILK_ROLE", "import", "MILK_DATABASE_URL", db),
                        "MILK_IMPORT_DATABASE_URL is not set; role import copies the original Milk's database from it"),
                Arguments.of(Map.of("MILK_ROLE", "import"), "MILK_DATABASE_URL is not set; role import requires it"),
                Arguments.of(Map.of("READS_ENABLED", "false", "WRITES_ENABLED", "false"),
                        "READS_ENABLED and WRITES_ENABLED are both false"),
                Arguments.of(Map.of("DATABASE_URL", "mysql://milk@db/milk"), "DATABASE_URL must be a PostgreSQL URL"),
                Arguments.of(Map.of("MILK_ROLE", "reads", "MILK_DATABASE_URL_FILE", "/run/secrets/missing"),
                        "MILK_DATABASE_URL_FILE names /run/secrets/missing, which cannot be read"),
                Arguments.of(Map.of("MILK_DATABASE_PASSWORD", "a", "MILK_DATABASE_PASSWORD_FILE", "/x"),
                        "MILK_DATABASE_PASSWORD_FILE and MILK_DATABASE_PASSWORD are both set"),
                Arguments.of(Map.of("MILK_ROLE", "reads", "MILK_DATABASE_URL", db,
                        "MILK_READS_DATABASE_POOL_SIZE", "0"), "MILK_READS_DATABASE_POOL_SIZE must be positive"),
                Arguments.of(Map.of("MILK_ROLE", "reads", "MILK_DATABASE_URL", db,
                        "MILK_READS_STANDBY_URL", "postgresql://standby:5432/milk"),
                        "MILK_READS_STANDBY_URL must be a JDBC PostgreSQL URL"),
                Arguments.of(Map.of("MILK_ROLE", "reads", "MILK_DATABASE_URL", db,
                        "MILK_READS_STANDBY_URL", "jdbc:postgresql://standby-1:5432,standby-2:5432/milk"),
                        "MILK_READS_STANDBY_URL must name one server, not standby-1:5432,standby-2:5432"),
                Arguments.of(Map.of("MILK_ROLE", "writes", "MILK_DATABASE_URL", db, "MILK_KAFKA_BOOTSTRAP_SERVERS", kafka,
                        "MILK_WRITES_MAX_RECORD_BYTES", "-1"), "MILK_WRITES_MAX_RECORD_BYTES must be positive"),
                Arguments.of(Map.of("MILK_ROLE", "writes", "MILK_DATABASE_URL", db, "MILK_KAFKA_BOOTSTRAP_SERVERS", kafka,
                        "MILK_WRITES_RAID_TOPIC", " "), "MILK_WRITES_RAID_TOPIC must not be empty"),
                Arguments.of(Map.of("MILK_ROLE", "writes", "MILK_DATABASE_URL", db, "MILK_KAFKA_BOOTSTRAP_SERVERS", kafka,
                        "MILK_READS_ROLE_NAME", "x'; DROP TABLE raid; --"), "MILK_READS_ROLE_NAME must be"),
                Arguments.of(Map.of("MILK_ROLE", "writes", "MILK_DATABASE_URL", db, "MILK_KAFKA_BOOTSTRAP_SERVERS", kafka,
                        "MILK_READS_ROLE_PASSWORD", "it's"), "MILK_READS_ROLE_PASSWORD may only hold"),
                Arguments.of(Map.of("MILK_ROLE", "reads", "MILK_DATABASE_URL", db, "MILK_MEDIA_STORE", "s3"),
                        "MILK_MEDIA_S3_BUCKET is not set; MILK_MEDIA_STORE=s3 requires it"),
                Arguments.of(Map.of("MILK_ROLE", "writes", "MILK_DATABASE_URL", db, "MILK_KAFKA_BOOTSTRAP_SERVERS", kafka,
                        "MILK_MEDIA_ALLOWED_NETWORKS", "10.0.0.0/33"),
                        "MILK_MEDIA_ALLOWED_NETWORKS: '10.0.0.0/33' has a bad prefix length"),
                Arguments.of(Map.of("MILK_ROLE", "writes", "MILK_DATABASE_URL", db, "MILK_KAFKA_BOOTSTRAP_SERVERS", kafka,
                        "MILK_MEDIA_MAX_FILE_SIZE", "0B"), "MILK_MEDIA_MAX_FILE_SIZE must be between 1B and 2GB"),
                Arguments.of(Map.of("MILK_ROLE", "writes", "MILK_DATABASE_URL", db, "MILK_KAFKA_BOOTSTRAP_SERVERS", kafka,
                        "MILK_MEDIA_CONCURRENT_COPIES", "0"), "MILK_MEDIA_CONCURRENT_COPIES must be between 1 and 64"),
                // A share link carries its token: the writer hands none out over plain http but to loopback.
                Arguments.of(Map.of("MILK_ROLE", "writes", "MILK_DATABASE_URL", db, "MILK_KAFKA_BOOTSTRAP_SERVERS", kafka,
                        "MILK_PUBLIC_URL", "http://milk.example"),
                        "MILK_PUBLIC_URL must use https: plain http is only for a loopback address"));
    }

    @ParameterizedTest
    @MethodSource("failures")
    void startUpFailsNamingTheVariable(Map<String, Object> variables, String message) {
        Throwable failure = catchThrowable(() -> start(variables).close());
        assertThat(failure).as("start-up with " + variables).isNotNull();
        assertThat(EnvironmentOnly.messages(failure)).contains(message);
    }

    @Test
    void aSecretFileSetsItsVariable(@TempDir Path secrets) throws Exception {
        Path url = Files.writeString(secrets.resolve("database_url"), TestPostgres.database().url() + "\n");
        try (ConfigurableApplicationContext reads = start(Map.of("MILK_ROLE", "reads",
                "MILK_DATABASE_URL_FILE", url.toString()))) {
            assertThat(reads.getEnvironment().getProperty("milk.database.url")).isEqualTo(TestPostgres.database().url());
        }
    }

    /** .env.example sourced leaves its empty settings in the environment: empty is unset, so a file still sets it. */
    @Test
    void aSecretFileSetsAVariableLeftEmpty(@TempDir Path secrets) throws Exception {
        Path url = Files.writeString(secrets.resolve("database_url"), TestPostgres.database().url() + "\n");
        try (ConfigurableApplicationContext reads = start(Map.of("MILK_ROLE", "reads", "MILK_DATABASE_URL", "",
                "MILK_DATABASE_URL_FILE", url.toString(), "MILK_DATABASE_PASSWORD_FILE", ""))) {
            assertThat(reads.getEnvironment().getProperty("milk.database.url")).isEqualTo(TestPostgres.database().url());
        }
    }

    private static ConfigurableApplicationContext start(Map<String, Object> variables) {
        return EnvironmentOnly.start(variables, "--milk.http.port=0");
    }
}
