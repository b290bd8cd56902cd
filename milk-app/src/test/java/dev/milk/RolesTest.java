package dev.milk;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import javax.sql.DataSource;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.listener.MessageListenerContainer;

import dev.milk.testing.MilkTestInfrastructure;

/** Each role starts only its half: the process a Swarm service runs with {@code MILK_ROLE}. */
@ExtendWith(OutputCaptureExtension.class)
class RolesTest {

    static {
        MilkTestInfrastructure.install();
    }

    @Test
    void theReadsRoleServesPagesWithoutKafkaOrAWriterPool(CapturedOutput output) throws Exception {
        try (ConfigurableApplicationContext reads = start("reads")) {
            assertThat(status(reads, "/raid/AAAAAAAAAAAA")).as("before the writer migrated").isEqualTo(503);
            assertThat(body(reads, "/raid/AAAAAAAAAAAA")).isEqualTo(
                    "503 Service Unavailable: the archive cannot be read right now, try again shortly\n");
            start("writes").close();

            assertThat(reads.getBeanNamesForType(KafkaAdmin.class)).isEmpty();
            assertThat(reads.getBeanNamesForType(KafkaTemplate.class)).isEmpty();
            assertThat(reads.getBeanNamesForType(MessageListenerContainer.class)).isEmpty();
            assertThat(reads.getBeanNamesForType(DataSource.class)).containsExactly("readsDataSource");
            assertThat(status(reads, "/raid/AAAAAAAAAAAA")).isEqualTo(404);
            assertThat(body(reads, "/raid/AAAAAAAAAAAA")).isEqualTo("404 Not Found: no raid has this id\n");
        }
        assertThat(output).as("it connected with the writer's credentials")
                .contains("which can write to Milk's tables; in production set MILK_READS_DATABASE_USERNAME");
    }

    @Test
    void theWritesRoleConsumesKafkaAndOpensNoPublicRoute() throws Exception {
        try (ConfigurableApplicationContext writes = start("writes")) {
            assertThat(writes.getBeanNamesForType(MessageListenerContainer.class)).isNotEmpty();
            assertThat(writes.getBeanNamesForType(DataSource.class)).doesNotContain("readsDataSource");
            assertThat(body(writes, "/raid/AAAAAAAAAAAA")).doesNotContain("no raid has this id");
            assertThat(status(writes, "/actuator/health/liveness")).isEqualTo(200);
        }
    }

    @Test
    void aClientOverItsRateGets429WithRetryAfterAndProbesStayOpen() throws Exception {
        start("writes").close();
        try (ConfigurableApplicationContext reads = new SpringApplicationBuilder(MilkApplication.class).run(
                "--milk.role=reads", "--milk.http.port=0", "--milk.reads.rate-limit.per-second=0.5",
                "--milk.reads.rate-limit.burst=3")) {
            for (int i = 0; i < 3; i++) {
                assertThat(status(reads, "/raid/AAAAAAAAAAAA")).isEqualTo(404);
            }
            HttpResponse<String> limited = get(reads, "/raid/AAAAAAAAAAAA");
            assertThat(limited.statusCode()).isEqualTo(429);
            assertThat(limited.headers().firstValue("Retry-After")).hasValue("2");
            assertThat(limited.body()).isEqualTo("429 Too Many Requests: slow down, try again in 2 s\n");
            assertThat(status(reads, "/actuator/health/readiness")).isEqualTo(200);
        }
    }

    private static ConfigurableApplicationContext start(String role) {
        return new SpringApplicationBuilder(MilkApplication.class)
                .properties("milk.role=" + role, "milk.http.port=0", "milk.writes.group-id=roles-test-" + role)
                .run();
    }

    private static int status(ConfigurableApplicationContext context, String path) throws Exception {
        return get(context, path).statusCode();
    }

    private static String body(ConfigurableApplicationContext context, String path) throws Exception {
        return get(context, path).body();
    }

    private static HttpResponse<String> get(ConfigurableApplicationContext context, String path) throws Exception {
        int port = ((WebServerApplicationContext) context).getWebServer().getPort();
        try (HttpClient http = HttpClient.newHttpClient()) {
            return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
                    HttpResponse.BodyHandlers.ofString());
        }
    }
}
