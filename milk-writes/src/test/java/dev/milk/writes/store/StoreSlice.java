package dev.milk.writes.store;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.jdbc.test.autoconfigure.AutoConfigureTestDatabase;
import org.springframework.boot.jdbc.test.autoconfigure.JdbcTest;

import dev.milk.testing.TestDatabase;
import dev.milk.testing.TestPostgres;
import dev.milk.writes.schema.SchemaAutoConfiguration;

/**
 * A test of a writer's store alone: Boot's JDBC slice (a DataSource, JdbcTemplate and transactions,
 * nothing else: no Kafka, no web) on the tests' real PostgreSQL, migrated by Flyway as a writer
 * migrates it. Each test runs in a transaction rolled back after it, as a store runs in its batch's.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
// Before the slice's own extension: Milk's settings must be there when its context starts.
@ExtendWith(StoreSlice.Database.class)
// Role import: the writer's database and migrations, and no Kafka to ask for (the slice starts none).
@JdbcTest(properties = "milk.role=import")
@AutoConfigureTestDatabase(replace = AutoConfigureTestDatabase.Replace.NONE)
@ImportAutoConfiguration(SchemaAutoConfiguration.class)
public @interface StoreSlice {

    /**
     * Milk's database settings, not {@code spring.datasource.*}: the role's checks read them before
     * a test's property sources exist (as {@code MilkTestInfrastructure} sets them, without Kafka).
     */
    final class Database implements BeforeAllCallback {

        @Override
        public void beforeAll(ExtensionContext context) {
            TestDatabase database = TestPostgres.database();
            System.setProperty("milk.database.url", database.url());
            System.setProperty("milk.database.username", database.username());
            if (database.password() != null) {
                System.setProperty("milk.database.password", database.password());
            }
        }
    }
}
