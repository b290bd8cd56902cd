package dev.milk.testing;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.junit.jupiter.api.Tag;

/**
 * Runs Milk's jar as separate processes beside a Kafka broker and PostgreSQL of their own, and
 * stops, kills or replaces them under load: minutes.
 * Tagged {@code fault}: {@code ./mvnw verify -Dgroups=fault} runs these alone, {@code ./mvnw verify -Pfast}
 * everything but the tagged suites (README, Testing).
 */
@Target({ElementType.TYPE, ElementType.METHOD})
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Tag("fault")
public @interface FaultTest {
}
