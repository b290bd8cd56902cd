package dev.milk.reads.raid;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.Base64;

import dev.milk.reads.web.BadRequestException;

/**
 * Where a page of a raid starts. Milk's own cursors are opaque and exact: they name the last
 * account of the previous page by (join time, user id), the order of every listing. The original
 * Milk's cursor, a plain ISO-8601 join time meaning "joined after", is still accepted for old
 * clients, though it skips accounts that share the cursor's join time.
 */
sealed interface RaidCursor {

    int MAX_LENGTH = 100;
    /**
     * The years a cursor may name, 1 to 9999 (ISO-8601's four digits): far wider than any join,
     * and narrow enough for every instant to fit in epoch milliseconds and in PostgreSQL.
     */
    Instant EARLIEST = Instant.parse("0001-01-01T00:00:00Z");
    Instant LATEST = Instant.parse("9999-12-31T23:59:59.999999Z");

    /** Starts after this account. */
    record After(Instant joinedAt, long userId) implements RaidCursor {
    }

    /** The original API's cursor: accounts that joined strictly after this time. */
    record JoinedAfter(Instant joinedAt) implements RaidCursor {
    }

    static After after(RaidMember last) {
        return new After(last.joinedAt(), last.id());
    }

    static String encode(After cursor) {
        long micros = ChronoUnit.MICROS.between(Instant.EPOCH, cursor.joinedAt());
        String plain = micros + "." + cursor.userId();
        return Base64.getUrlEncoder().withoutPadding().encodeToString(plain.getBytes(StandardCharsets.US_ASCII));
    }

    /** @return null for the first page */
    static RaidCursor parse(String value) {
        if (value == null || value.isEmpty()) {
            return null;
        }
        if (value.length() > MAX_LENGTH) {
            throw invalid();
        }
        if (value.indexOf(':') >= 0) {
            try {
                return new JoinedAfter(inRange(OffsetDateTime.parse(value).toInstant()));
            } catch (DateTimeParseException e) {
                throw new BadRequestException("cursor is neither a 'next' value of this API nor an ISO-8601 time");
            }
        }
        try {
            String plain = new String(Base64.getUrlDecoder().decode(value), StandardCharsets.US_ASCII);
            int dot = plain.indexOf('.');
            long micros = Long.parseLong(plain.substring(0, dot));
            long userId = Long.parseLong(plain.substring(dot + 1));
            return new After(inRange(Instant.EPOCH.plus(micros, ChronoUnit.MICROS)), userId);
        } catch (IllegalArgumentException | IndexOutOfBoundsException | ArithmeticException
                 | java.time.DateTimeException e) {
            throw invalid();
        }
    }

    /** A stable spelling of the cursor, for ETags. */
    static String canonical(RaidCursor cursor) {
        return switch (cursor) {
            case null -> "first";
            case After after -> encode(after);
            case JoinedAfter joinedAfter -> "t" + joinedAfter.joinedAt().toEpochMilli() + "."
                    + joinedAfter.joinedAt().getNano();
        };
    }

    private static Instant inRange(Instant joinedAt) {
        if (joinedAt.isBefore(EARLIEST) || joinedAt.isAfter(LATEST)) {
            throw new BadRequestException("cursor is a time outside the years 1 to 9999");
        }
        return joinedAt;
    }

    private static BadRequestException invalid() {
        return new BadRequestException("cursor is not a 'next' value of this API");
    }
}
