package dev.milk;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;

/**
 * One process, any role: {@code MILK_ROLE=writes|reads|all} (default {@code all}).
 *
 * <p>Deliberately no component scan: each module contributes an auto-configuration that is
 * conditional on the role, and scanning {@code dev.milk} would register their parts regardless.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
public class MilkApplication {

    public static void main(String[] args) {
        SpringApplication.run(MilkApplication.class, args);
    }
}
