package dev.milk.reads.raid;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;

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

    /** Parsed, yet beyond epoch milliseconds and PostgreSQL: once a 500 with a 64-line trace. */
    @ParameterizedTest
    @ValueSource(strings = {"+999999999-12-31T23:59:59Z", "-999999999-01-01T00:00:00Z", "-0001-12-31T23:59:59Z",
        "+10000-01-01T00:00:00Z"})
    void aTimeOutsideTheYearsOneTo9999IsABadRequest(String time) {
        assertThatThrownBy(() -> RaidCursor.parse(time)).isInstanceOf(BadRequestException.class)
                .hasMessage("cursor is a time outside the years 1 to 9999");
    }

    @Test
    void milksOwnCursorIsHeldToTheSameYears() {
        String farPast = Base64.getUrlEncoder().withoutPadding()
                .encodeToString((Long.MIN_VALUE + "." + 1).getBytes(StandardCharsets.US_ASCII));
        assertThatThrownBy(() -> RaidCursor.parse(farPast)).isInstanceOf(BadRequestException.class)
                .hasMessage("cursor is a time outside the years 1 to 9999");
        var lastMicrosecond = new RaidCursor.After(RaidCursor.LATEST, 1L);
        assertThat(RaidCursor.parse(RaidCursor.encode(lastMicrosecond))).isEqualTo(lastMicrosecond);
        assertThat(RaidCursor.canonical(RaidCursor.parse("0001-01-01T00:00:00Z"))).startsWith("t-62135596800000.");
    }

    @Test
    void anOverlongCursorIsRefusedBeforeDecoding() {
        assertThatThrownBy(() -> RaidCursor.parse("A".repeat(101))).isInstanceOf(BadRequestException.class);
    }
}
