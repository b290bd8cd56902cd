package dev.milk.hostile;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import dev.milk.LocalPorts;
import dev.milk.MilkApplication;
import dev.milk.testing.MilkTestInfrastructure;
import dev.milk.testing.TestPostgres;

/** Passwords given to Milk appear nowhere: not in its log at INFO, not on any management route. */
@ExtendWith(OutputCaptureExtension.class)
class SecretsStayOutTest {

    static {
        MilkTestInfrastructure.install();
    }

    @Test
    void noPasswordInTheLogOrOnActuator(CapturedOutput output) {
        String databasePassword = "db-secret-" + System.nanoTime();
        String readsPassword = "reads-secret-" + System.nanoTime();
        // The test server trusts local connections, so any password logs in: what matters is where it shows.
        try (var milk = new SpringApplicationBuilder(MilkApplication.class).run("--milk.role=all", "--milk.http.port=0",
                "--logging.level.root=INFO", "--milk.database.password=" + databasePassword,
                "--milk.reads-role.password=" + readsPassword, "--milk.writes.raid.topic=raid-management-secrets",
                "--milk.writes.archive.topic=message-archives-secrets",
                "--milk.database.url=" + TestPostgres.database().url())) {
            int port = LocalPorts.of(milk, "/actuator");
            for (String route : List.of("/actuator", "/actuator/health", "/actuator/health/readiness",
                    "/actuator/health/liveness", "/actuator/info", "/actuator/prometheus", "/actuator/env",
                    "/actuator/configprops")) {
                String body = RawHttp.send(port, "GET", route, Map.of()).body();
                assertThat(body).as(route).doesNotContain(databasePassword).doesNotContain(readsPassword);
            }
        }
        assertThat(output.getAll()).contains("Started ").doesNotContain(databasePassword)
                .doesNotContain(readsPassword);
    }
}
