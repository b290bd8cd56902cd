package dev.milk;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Import;

import dev.milk.operations.ReadinessMetrics;
import dev.milk.settings.MilkRole;

/**
 * One process, any role: {@code MILK_ROLE=writes|reads|all} (default {@code all}), or the
 * one-shot imports ({@code import}: the original Milk's database; {@code import-dce}:
 * DiscordChatExporter's exports), which exit with their result.
 *
 * <p>Deliberately no component scan: each module contributes an auto-configuration that is
 * conditional on the role, and scanning {@code dev.milk} would register their parts regardless.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
@Import(ReadinessMetrics.class)
public class MilkApplication {

    public static void main(String[] args) {
        ConfigurableApplicationContext milk;
        try {
            milk = SpringApplication.run(MilkApplication.class, args);
        } catch (RuntimeException failure) {
            // Boot has reported why; a half-started service's threads must not keep the process alive.
            System.exit(1);
            return;
        }
        if (MilkRole.of(milk.getEnvironment()).oneShot()) {
            System.exit(SpringApplication.exit(milk));
        }
    }
}
