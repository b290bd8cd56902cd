package dev.milk.testing;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.junit.jupiter.api.Tag;

/**
 * A benchmark: Milk's jar under measured load, its figures printed to a report; a short run
 * fails only on a wrong count, never on a time.
 * Tagged {@code bench}: {@code ./mvnw verify -Dgroups=bench} runs these alone, {@code ./mvnw verify -Pfast}
 * everything but the tagged suites (README, Testing).
 */
@Target({ElementType.TYPE, ElementType.METHOD})
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Tag("bench")
public @interface BenchTest {
}
