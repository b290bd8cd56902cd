package dev.milk.testing;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TestPostgresTest {

    @Test
    void replacesTheDatabaseAndKeepsTheQuery() {
        assertThat(TestPostgres.withDatabase("jdbc:postgresql://127.0.0.1:5432/test?user=postgres", "milk_x"))
                .isEqualTo("jdbc:postgresql://127.0.0.1:5432/milk_x?user=postgres");
        assertThat(TestPostgres.withDatabase("jdbc:postgresql://db/postgres", "milk_x"))
                .isEqualTo("jdbc:postgresql://db/milk_x");
        assertThat(TestPostgres.withDatabase("jdbc:postgresql://db:5432", "milk_x"))
                .isEqualTo("jdbc:postgresql://db:5432/milk_x");
    }
}
