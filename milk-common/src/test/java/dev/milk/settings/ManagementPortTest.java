package dev.milk.settings;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;

/** Health and metrics answer on a port of their own, never the public one unless an operator says so. */
class ManagementPortTest {

    @Test
    void theManagementPortIs8081UnlessThePublicPortIsRandomOrItIsSet() {
        assertThat(managementPort(Map.of())).isEqualTo("8081");
        assertThat(managementPort(Map.of("server.port", "7732"))).isEqualTo("8081");
        assertThat(managementPort(Map.of("server.port", "0"))).as("random beside random").isEqualTo("0");
        assertThat(managementPort(Map.of("server.port", "0", "milk.management.port", "9100"))).isEqualTo("9100");
        assertThat(managementPort(Map.of("milk.management.port", "8080"))).as("one port, if asked").isEqualTo("8080");
    }

    private static String managementPort(Map<String, Object> settings) {
        var environment = new StandardEnvironment();
        environment.getPropertySources().addFirst(new MapPropertySource("test", settings));
        new MilkEnvironmentPostProcessor().postProcessEnvironment(environment, new SpringApplication());
        return environment.getProperty("management.server.port");
    }
}
