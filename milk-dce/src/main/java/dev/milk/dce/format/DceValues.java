package dev.milk.dce.format;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Locale;

/**
 * DCE's times and colours. Times: .NET's round-trip form of a {@code DateTimeOffset}, in UTC or the
 * exporting machine's offset ({@code 2023-07-09T14:34:56.789+02:00}, fractions trimmed), read
 * whatever the offset. Colours: {@code #RRGGBB}.
 */
public final class DceValues {

    private static final DateTimeFormatter WRITTEN = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSxxx",
            Locale.ROOT);

    private DceValues() {
    }

    /** @return the instant, or null when {@code text} is null or empty; fails with {@link IllegalArgumentException} */
    public static Instant instant(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            return OffsetDateTime.parse(text.strip()).toInstant();
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("'" + text + "' is not an ISO 8601 time with an offset");
        }
    }

    /** As DCE writes a time normalised to UTC. */
    public static String time(Instant instant) {
        return instant == null ? null : WRITTEN.format(instant.atOffset(ZoneOffset.UTC));
    }

    /** @return the RGB value of {@code #RRGGBB}, or null when absent or not a colour */
    public static Integer colour(String text) {
        if (text == null || !text.matches("#[0-9A-Fa-f]{6}")) {
            return null;
        }
        return Integer.parseInt(text.substring(1), 16);
    }

    public static String colour(Integer rgb) {
        return rgb == null ? null : String.format(Locale.ROOT, "#%06X", rgb & 0xFFFFFF);
    }
}
