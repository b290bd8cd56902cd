package dev.milk.testing;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.junit.jupiter.api.Tag;

/**
 * Drives a real headless Chromium through chromedriver (Debian's {@code chromium} and
 * {@code chromium-driver}), skipped without them.
 * Tagged {@code browser}: {@code ./mvnw verify -Dgroups=browser} runs these alone, {@code ./mvnw verify -Pfast}
 * everything but the tagged suites (README, Testing).
 */
@Target({ElementType.TYPE, ElementType.METHOD})
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Tag("browser")
public @interface BrowserTest {
}
