package dev.milk.testing;

/**
 * Points a Milk test at the shared PostgreSQL and Kafka through the same settings a deployment uses
 * ({@code milk.database.*}, {@code milk.kafka.bootstrap-servers}). They are system properties, not
 * a {@code @DynamicPropertySource}, because Milk decides at environment preparation (before the
 * test context's property sources exist) whether to start its embedded standalone services.
 */
public final class MilkTestInfrastructure {

    private MilkTestInfrastructure() {
    }

    public static synchronized void install() {
        installDatabase();
        System.setProperty("milk.kafka.bootstrap-servers", TestKafka.bootstrapServers());
    }

    /** PostgreSQL alone, for a slice of one module that starts no Kafka. */
    public static synchronized void installDatabase() {
        TestDatabase database = TestPostgres.database();
        System.setProperty("milk.database.url", database.url());
        System.setProperty("milk.database.username", database.username());
        if (database.password() != null) {
            System.setProperty("milk.database.password", database.password());
        }
    }
}
