package dev.milk.testing;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.junit.jupiter.api.Tag;

/**
 * Builds Milk's images or deploys them on a Docker Engine: minutes, and it asks before it changes
 * the machine ({@code MILK_TEST_DOCKER}).
 * Tagged {@code docker}: {@code ./mvnw verify -Dgroups=docker} runs these alone, {@code ./mvnw verify -Pfast}
 * everything but the tagged suites (README, Testing).
 */
@Target({ElementType.TYPE, ElementType.METHOD})
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Tag("docker")
public @interface DockerTest {
}
