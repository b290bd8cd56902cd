package dev.milk.reads;

import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import dev.milk.testing.MilkTestInfrastructure;

/**
 * Points Milk's settings at the shared test PostgreSQL before a slice's context starts: Milk reads
 * them while it prepares the environment, before a test's own property sources exist.
 */
final class TestDatabaseSettings implements BeforeAllCallback {

    @Override
    public void beforeAll(ExtensionContext context) {
        MilkTestInfrastructure.installDatabase();
    }
}
