package dev.milk.settings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class PostgresUrlTest {

    @Test
    void readsTheOriginalsPrismaUrlIntoJdbcAndCredentials() {
        var url = PostgresUrl.parse("DATABASE_URL",
                "postgresql://milk:p%40ss%3Aw0rd%2F@db.internal:6543/milk?schema=raids&connection_limit=5&sslmode=require");
        assertThat(url.url()).isEqualTo("jdbc:postgresql://db.internal:6543/milk?currentSchema=raids&sslmode=require");
        assertThat(url.username()).isEqualTo("milk");
        assertThat(url.password()).isEqualTo("p@ss:w0rd/");
        assertThat(url.display()).isEqualTo("jdbc:postgresql://db.internal:6543/milk");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            postgres://db/milk                          | jdbc:postgresql://db:5432/milk
            postgresql://u@[::1]:5433/milk              | jdbc:postgresql://[::1]:5433/milk
            postgresql://u:p@db/milk?pgbouncer=true     | jdbc:postgresql://db:5432/milk?prepareThreshold=0
            jdbc:postgresql://db:5432/milk?user=x       | jdbc:postgresql://db:5432/milk?user=x
            """)
    void everyFormBecomesAJdbcUrl(String given, String jdbc) {
        assertThat(PostgresUrl.parse("DATABASE_URL", given).url()).isEqualTo(jdbc);
    }

    @ParameterizedTest
    @CsvSource({"mysql://db/milk", "postgresql://db", "postgresql:///milk", "not a url", "postgresql://db:port/milk"})
    void anythingElseIsRefusedNamingTheSetting(String given) {
        assertThatThrownBy(() -> PostgresUrl.parse("DATABASE_URL", given))
                .isInstanceOf(SettingException.class)
                .hasMessageStartingWith("DATABASE_URL must be a PostgreSQL URL");
    }
}
