package dev.milk.reads;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.jdbc.test.autoconfigure.AutoConfigureTestDatabase;
import org.springframework.boot.jdbc.test.autoconfigure.JdbcTest;

/**
 * A slice of the reads' queries: {@code @JdbcTest} fits, as it gives a DataSource, Boot's Flyway
 * applying the writer's migrations, a transaction rolled back after each test, and nothing else.
 * The DataSource is the shared test PostgreSQL, never replaced by an embedded stand-in.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@ExtendWith(TestDatabaseSettings.class)
@JdbcTest
@AutoConfigureTestDatabase(replace = AutoConfigureTestDatabase.Replace.NONE)
public @interface QuerySlice {
}
