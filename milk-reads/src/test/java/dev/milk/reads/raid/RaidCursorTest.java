package dev.milk.reads.raid;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.milk.reads.web.BadRequestException;

class RaidCursorTest {

    @Test
    void milksOwnCursorNamesTheLastAccountToTheMicrosecond() {
        var after = new RaidCursor.After(Instant.parse("2025-11-23T11:58:20.123456Z"), 700_000_000_000_100_999L);
        String encoded = RaidCursor.encode(after);
        assertThat(encoded).matches("[A-Za-z0-9_-]+");
        assertThat(RaidCursor.parse(encoded)).isEqualTo(after);
    }

    @Test
    void theOriginalPlainTimeCursorIsStillUnderstood() {
        assertThat(RaidCursor.parse("2025-11-23T11:58:20.000Z"))
                .isEqualTo(new RaidCursor.JoinedAfter(Instant.parse("2025-11-23T11:58:20Z")));
        assertThat(RaidCursor.parse("2025-11-23T12:58:20+01:00"))
                .isEqualTo(new RaidCursor.JoinedAfter(Instant.parse("2025-11-23T11:58:20Z")));
    }

    @Test
    void noCursorMeansTheFirstPage() {
        assertThat(RaidCursor.parse(null)).isNull();
        assertThat(RaidCursor.parse("")).isNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {"garbage", "AAAA", "MTIz", "LTE.", "2025-13-45T99:00:00Z", "a:b", "%00", "\u202e"})
    void anythingElseIsABadRequest(String cursor) {
        assertThatThrownBy(() -> RaidCursor.parse(cursor)).isInstanceOf(BadRequestException.class)
                .hasMessageStartingWith("cursor is");
    }

    @Test
    void anOverlongCursorIsRefusedBeforeDecoding() {
        assertThatThrownBy(() -> RaidCursor.parse("A".repeat(101))).isInstanceOf(BadRequestException.class);
    }
}
