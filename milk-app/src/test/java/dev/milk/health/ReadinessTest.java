package dev.milk.health;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.TopicDescription;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

import dev.milk.LocalPorts;
import dev.milk.MilkApplication;
import dev.milk.processes.KafkaBrokerProcess;
import dev.milk.testing.TestKafka;
import dev.milk.testing.TestPostgres;
import dev.milk.testing.Waits;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/** Readiness follows the real servers a role needs as they go away (and come back); liveness does not. */
class ReadinessTest {

    @Test
    void readinessIsDownWhilePostgresIsStoppedAndUpWhenItReturns(@TempDir Path data) throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        EmbeddedPostgres postgres = start(data, port);
        try (var reads = new SpringApplicationBuilder(MilkApplication.class).run("--milk.role=reads",
                "--milk.database.url=" + postgres.getJdbcUrl("postgres", "postgres"), "--milk.http.port=0");
             HttpClient http = HttpClient.newHttpClient()) {
            int managementPort = LocalPorts.of(reads, "/actuator/health");
            awaitStatus(http, managementPort, "/actuator/health/readiness", 200);

            postgres.close();
            awaitStatus(http, managementPort, "/actuator/health/readiness", 503);
            assertThat(status(http, managementPort, "/actuator/health/liveness")).isEqualTo(200);

            postgres = start(data, port);
            awaitStatus(http, managementPort, "/actuator/health/readiness", 200);
        } finally {
            postgres.close();
        }
    }

    @Test
    void aWritersReadinessIsDownWhileKafkaIsUnreachable() throws Exception {
        var kafka = new EmbeddedKafkaKraftBroker(1, 1);
        kafka.brokerListProperty(TestKafka.UNUSED_PROPERTY + ".readiness");
        kafka.afterPropertiesSet();
        try (var writes = new SpringApplicationBuilder(MilkApplication.class).run("--milk.role=writes",
                "--milk.database.url=" + TestPostgres.database().url(),
                "--milk.database.username=" + TestPostgres.database().username(),
                "--milk.kafka.bootstrap-servers=" + kafka.getBrokersAsString(), "--milk.http.port=0",
                "--milk.writes.group-id=readiness-test");
             HttpClient http = HttpClient.newHttpClient()) {
            int managementPort = LocalPorts.of(writes, "/actuator/health");
            awaitStatus(http, managementPort, "/actuator/health/readiness", 200);

            kafka.destroy();
            awaitStatus(http, managementPort, "/actuator/health/readiness", 503);
            assertThat(status(http, managementPort, "/actuator/health/liveness")).isEqualTo(200);
        } finally {
            kafka.destroy();
        }
    }

    @Test
    void aWriterStartedBeforeKafkaMakesItsTopicsWithItsPartitionCountsOnceKafkaComes(@TempDir Path data) throws Exception {
        // A broker as Kafka ships: it makes a topic a client asks for, with its own partition count (1).
        try (var kafka = new KafkaBrokerProcess(data, 1);
             var writes = new SpringApplicationBuilder(MilkApplication.class).run("--milk.role=writes",
                     "--milk.database.url=" + TestPostgres.database().url(),
                     "--milk.database.username=" + TestPostgres.database().username(),
                     "--milk.kafka.bootstrap-servers=" + kafka.bootstrapServers(), "--milk.http.port=0",
                     "--milk.writes.group-id=topics-later", "--spring.kafka.admin.operation-timeout=3s");
             HttpClient http = HttpClient.newHttpClient()) {
            int managementPort = LocalPorts.of(writes, "/actuator/health");
            assertThat(status(http, managementPort, "/actuator/health/readiness")).isEqualTo(503);

            kafka.start();
            // The writer tries again at most every 15 s, each try waiting up to the admin's 3 s.
            awaitStatus(http, managementPort, "/actuator/health/readiness", 200, Duration.ofSeconds(60));
            try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()))) {
                Map<String, TopicDescription> topics = admin.describeTopics(
                        List.of("raid-management", "message-archives", "message-archives.DLT")).allTopicNames().get();
                assertThat(topics.get("message-archives").partitions()).as("MILK_WRITES_ARCHIVE_PARTITIONS' default")
                        .hasSize(6);
                assertThat(topics.get("message-archives.DLT").partitions()).hasSize(6);
                assertThat(topics.get("raid-management").partitions()).hasSize(1);
                Waits.upTo(Duration.ofSeconds(30)).alias("the archive consumers holding the six partitions").until(() ->
                        admin.describeConsumerGroups(List.of("topics-later.message-archives")).all().get()
                                .get("topics-later.message-archives").members().stream()
                                .mapToInt(member -> member.assignment().topicPartitions().size()).sum() == 6);
            }
        }
    }

    @Test
    void aWritersConsumersNeverAskABrokerToMakeTheirTopics() throws Exception {
        String suffix = Long.toHexString(System.nanoTime());
        String raids = "never-asked-raids-" + suffix;
        String archives = "never-asked-archives-" + suffix;
        String group = "never-asked-" + suffix;
        // Milk makes none either, so a topic that appears was made by the broker for a consumer.
        try (var writes = new SpringApplicationBuilder(MilkApplication.class).run("--milk.role=writes",
                "--milk.database.url=" + TestPostgres.database().url(),
                "--milk.database.username=" + TestPostgres.database().username(),
                "--milk.kafka.bootstrap-servers=" + TestKafka.bootstrapServers(), "--milk.http.port=0",
                "--milk.writes.group-id=" + group, "--milk.writes.raid.topic=" + raids,
                "--milk.writes.archive.topic=" + archives, "--spring.kafka.admin.auto-create=false");
             Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, TestKafka.bootstrapServers()))) {
            // A consumer asks for its topics' metadata before it joins its group.
            Waits.upTo(Duration.ofSeconds(30)).alias("both consumers in their groups").until(() ->
                    admin.describeConsumerGroups(List.of(group + "." + raids, group + "." + archives)).all().get()
                            .values().stream().allMatch(description -> !description.members().isEmpty()));
            assertThat(admin.listTopics().names().get()).as("topics on a broker that makes those a client asks for")
                    .doesNotContain(raids, archives);
            assertThat(writes.isActive()).as("the writer running, waiting for its topics").isTrue();
        }
    }

    private static EmbeddedPostgres start(Path data, int port) throws IOException {
        return EmbeddedPostgres.builder().setDataDirectory(data).setCleanDataDirectory(false).setPort(port).start();
    }

    private static void awaitStatus(HttpClient http, int port, String path, int expected) {
        awaitStatus(http, port, path, expected, Duration.ofSeconds(30));
    }

    private static void awaitStatus(HttpClient http, int port, String path, int expected, Duration timeout) {
        Waits.upTo(timeout).pollInterval(Duration.ofMillis(200)).alias(path + " answering " + expected)
                .until(() -> status(http, port, path) == expected);
    }

    private static int status(HttpClient http, int port, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
                HttpResponse.BodyHandlers.discarding()).statusCode();
    }
}
