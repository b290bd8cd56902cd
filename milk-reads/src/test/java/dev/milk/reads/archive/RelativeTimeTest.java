package dev.milk.reads.archive;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RelativeTimeTest {

    private static final Instant NOW = Instant.parse("2026-11-30T12:00:00Z");

    @ParameterizedTest
    @CsvSource(delimiter = '¦', textBlock = """
            2026-11-30T12:00:00Z ¦ in 0 seconds
            2026-11-30T11:59:50Z ¦ 10 seconds ago
            2026-11-30T11:59:00Z ¦ 1 minute ago
            2026-11-30T12:30:00Z ¦ in 30 minutes
            2026-11-30T09:00:00Z ¦ 3 hours ago
            2026-11-27T12:00:00Z ¦ 3 days ago
            2026-12-25T12:00:00Z ¦ in 25 days
            2026-08-30T12:00:00Z ¦ 3 months ago
            2024-11-30T12:00:00Z ¦ 2 years ago
            """)
    void readsAsDiscordSaysIt(String time, String shown) {
        assertThat(RelativeTime.between(Instant.parse(time), NOW)).isEqualTo(shown);
    }
}
