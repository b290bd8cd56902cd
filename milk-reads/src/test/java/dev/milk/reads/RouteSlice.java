package dev.milk.reads;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.flyway.autoconfigure.FlywayAutoConfiguration;
import org.springframework.boot.jdbc.test.autoconfigure.AutoConfigureJdbc;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Import;

/**
 * A slice of the reads' routes: {@code @WebMvcTest} (MockMvc, no server) with Milk's error answers
 * ({@link ReadsWebSlice}), on the real database: {@code @AutoConfigureJdbc} and Flyway give it the
 * shared test PostgreSQL and the writer's schema, so the controllers run on their real queries.
 * The test imports its controller, built as its configuration builds it.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@ExtendWith(TestDatabaseSettings.class)
@WebMvcTest
@AutoConfigureJdbc
@ImportAutoConfiguration(FlywayAutoConfiguration.class)
@Import(ReadsWebSlice.class)
public @interface RouteSlice {
}
