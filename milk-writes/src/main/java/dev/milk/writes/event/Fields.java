package dev.milk.writes.event;

import java.time.Duration;
import java.time.Instant;

/** Field checks whose failures name the field, shared by every protocol. */
public final class Fields {

    /** Discord's epoch: no account, guild or message is older. */
    public static final Instant DISCORD_EPOCH = Instant.ofEpochMilli(1_420_070_400_000L);

    /** Clocks of bots and brokers drift; a time this far ahead is a bug, not drift. */
    private static final Duration FUTURE_TOLERANCE = Duration.ofDays(1);

    private static final long LAST_CALENDAR_MILLI = Instant.parse("9999-01-01T00:00:00Z").toEpochMilli();

    private Fields() {
    }

    public static long snowflake(String path, String value) {
        if (value == null) {
            throw InvalidEventException.field(path, "is required");
        }
        if (!isSnowflake(value)) {
            throw InvalidEventException.field(path, "must be a decimal string of 1-20 digits");
        }
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw InvalidEventException.field(path, "is larger than any Discord snowflake");
        }
    }

    /** 1-20 ASCII digits; by hand, not by a regular expression: a raid's record holds thousands of ids. */
    private static boolean isSnowflake(String value) {
        if (value.isEmpty() || value.length() > 20) {
            return false;
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }

    /** Required text of at most {@code maxLength} characters, without NUL or a lone surrogate (PostgreSQL stores neither). */
    public static String text(String path, String value, int maxLength) {
        if (value == null || value.isEmpty()) {
            throw InvalidEventException.field(path, "is required");
        }
        return optionalText(path, value, maxLength);
    }

    public static String optionalText(String path, String value, int maxLength) {
        if (value == null) {
            return null;
        }
        if (value.length() > maxLength) {
            throw InvalidEventException.field(path, "is longer than " + maxLength + " characters");
        }
        if (value.indexOf('\0') >= 0) {
            throw InvalidEventException.field(path, "must not contain NUL characters");
        }
        // Half of a surrogate pair is no character at all: PostgreSQL refuses it in jsonb, and a
        // text column would silently store '?' instead. Refused, as invalid UTF-8 is.
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < value.length() && Character.isLowSurrogate(value.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                throw InvalidEventException.field(path, "must be valid Unicode (it holds half of a surrogate pair)");
            }
        }
        return value;
    }

    /** A token that ends up in URLs or identifiers: letters, digits, '_', '-' and '.'. */
    public static String token(String path, String value, int maxLength, boolean required) {
        if (value == null) {
            if (required) {
                throw InvalidEventException.field(path, "is required");
            }
            return null;
        }
        if (value.isEmpty() || value.length() > maxLength || !isToken(value)) {
            throw InvalidEventException.field(path,
                    "must be 1-" + maxLength + " characters of letters, digits, '_', '-' or '.'");
        }
        return value;
    }

    private static boolean isToken(String value) {
        for (int i = 0; i < value.length(); i++) {
            if (!isTokenChar(value.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    private static boolean isTokenChar(int c) {
        return c < 128 && (Character.isLetterOrDigit(c) || c == '_' || c == '-' || c == '.');
    }

    public static Instant time(String path, Long epochMillis, Instant now) {
        if (epochMillis == null) {
            throw InvalidEventException.field(path, "is required");
        }
        return optionalTime(path, epochMillis, now);
    }

    public static Instant optionalTime(String path, Long epochMillis, Instant now) {
        if (epochMillis == null) {
            return null;
        }
        Instant time = Instant.ofEpochMilli(epochMillis);
        if (time.isBefore(DISCORD_EPOCH) || time.isAfter(now.plus(FUTURE_TOLERANCE))) {
            throw InvalidEventException.field(path,
                    "must be epoch milliseconds between " + DISCORD_EPOCH + " and a day from now");
        }
        return time;
    }

    /** Any instant a calendar shows (an embed's timestamp, a poll's end): from 1970 to 9999. */
    public static Instant optionalCalendarTime(String path, Long epochMillis) {
        if (epochMillis == null) {
            return null;
        }
        if (epochMillis < 0 || epochMillis >= LAST_CALENDAR_MILLI) {
            throw InvalidEventException.field(path, "must be epoch milliseconds between 1970 and 9999");
        }
        return Instant.ofEpochMilli(epochMillis);
    }
}
