package dev.milk.reads.archive;

import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.milk.reads.web.BadRequestException;

/**
 * Discord's search operators, as conditions on what {@code archive_message_search} (V13) says of each
 * message: a live archive's search reads that view, a sealed one's the same columns copied into
 * {@code archive_search}, so both answer alike. Repeated, {@code from:} and {@code mentions:} find
 * any of their users; every other operator narrows further. Dates are days in UTC: {@code before:}
 * ends before the day, {@code after:} starts after it, {@code during:} is the day.
 *
 * @param has      the {@link #HAS} bits a message must all have
 * @param from     inclusive, or null
 * @param until    exclusive, or null
 * @param pinned   null: either
 * @param removed  only removed messages (is:removed), which no word finds; else never removed ones
 */
record SearchFilters(People authors, People mentioned, int has, Instant from, Instant until, Boolean pinned,
        boolean edited, boolean removed) {

    /** What {@code has:} takes, in the order of their bits in {@code milk_search_has} (V13). */
    static final List<String> HAS = List.of("link", "embed", "file", "image", "video", "sound", "sticker", "poll");

    private static final List<String> OPERATORS = List.of("from", "mentions", "has", "before", "after", "during",
            "pinned", "is");
    /** Discord's operators that mean nothing in one archive's search: refused, not searched for as words. */
    private static final Map<String, String> ELSEWHERE = Map.of(
            "in", "in: is not needed: an archive is one channel",
            "authortype", "authortype: is not supported here; search from: a user instead");
    private static final Pattern USER_ID = Pattern.compile("<@!?([0-9]{1,19})>|([0-9]{1,19})");
    /** Four digits of year, no sign: a day PostgreSQL's timestamps hold (a year like -5000 or +300000 they do not). */
    private static final Pattern DAY_SHAPE = Pattern.compile("[0-9]{4}-[0-9]{2}-[0-9]{2}");
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("uuuu-MM-dd", Locale.ROOT)
            .withResolverStyle(ResolverStyle.STRICT);

    /** Users named by id or by name; a name is an archive's user whose name it is, whatever its case. */
    record People(List<Long> ids, List<String> names) {

        boolean any() {
            return !ids.isEmpty() || !names.isEmpty();
        }

        /** The ids given and those of the users named, each once. */
        List<Long> ids(Function<List<String>, List<Long>> named) {
            Set<Long> all = new LinkedHashSet<>(ids);
            if (!names.isEmpty()) {
                all.addAll(named.apply(names));
            }
            return List.copyOf(all);
        }
    }

    static boolean isOperator(String name) {
        return OPERATORS.contains(name) || ELSEWHERE.containsKey(name);
    }

    boolean any() {
        return authors.any() || mentioned.any() || has != 0 || from != null || until != null || pinned != null
                || edited || removed;
    }

    /**
     * The conditions on the rows of alias {@code s}, each after an AND, their parameters added to
     * {@code params}. {@code named} gives the ids of the archive's users who have one of the names
     * (looked up first: plain ids let the planner use the author and mention indexes).
     */
    String sql(Map<String, Object> params, Function<List<String>, List<Long>> named) {
        StringBuilder sql = new StringBuilder(removed ? " AND s.is_removed" : " AND NOT s.is_removed");
        if (authors.any()) {
            List<Long> ids = authors.ids(named);
            sql.append(ids.isEmpty() ? " AND false" : " AND s.author IN (:authorIds)");
            params.put("authorIds", ids);
        }
        if (mentioned.any()) {
            List<Long> ids = mentioned.ids(named);
            sql.append(ids.isEmpty() ? " AND false" : " AND s.mention_ids && ARRAY[:mentionIds]::bigint[]");
            params.put("mentionIds", ids);
        }
        // Each bit as written in the predicate of its partial index (V13): a constant, never the reader's text.
        for (int bit = 1; bit <= has; bit <<= 1) {
            if ((has & bit) != 0) {
                sql.append(" AND s.has & ").append(bit).append(" = ").append(bit);
            }
        }
        if (from != null) {
            sql.append(" AND s.sent_at >= :createdFrom");
            params.put("createdFrom", Timestamp.from(from));
        }
        if (until != null) {
            sql.append(" AND s.sent_at < :createdUntil");
            params.put("createdUntil", Timestamp.from(until));
        }
        if (pinned != null) {
            sql.append(pinned ? " AND s.is_pinned" : " AND NOT s.is_pinned");
        }
        if (edited) {
            sql.append(" AND s.is_edited");
        }
        return sql.toString();
    }

    static Builder builder() {
        return new Builder();
    }

    /** Takes the operators one by one, refusing with a 400 that names the operator what it cannot take. */
    static final class Builder {

        private final List<Long> authorIds = new ArrayList<>();
        private final List<String> authorNames = new ArrayList<>();
        private final List<Long> mentionIds = new ArrayList<>();
        private final List<String> mentionNames = new ArrayList<>();
        private int has;
        private Instant from;
        private Instant until;
        private Boolean pinned;
        private boolean edited;
        private boolean removed;

        private Builder() {
        }

        /** @param name an operator's name, lower case ({@link #isOperator}) */
        void add(String name, String value) {
            if (ELSEWHERE.containsKey(name)) {
                throw new BadRequestException(ELSEWHERE.get(name));
            }
            String v = value.toLowerCase(Locale.ROOT);
            switch (name) {
                case "from" -> person(name, value, authorIds, authorNames);
                case "mentions" -> person(name, value, mentionIds, mentionNames);
                case "has" -> {
                    int bit = HAS.indexOf(v);
                    if (bit < 0) {
                        throw new BadRequestException("has: takes " + String.join(", ", HAS.subList(0, HAS.size() - 1))
                                + " or " + HAS.getLast());
                    }
                    has |= 1 << bit;
                }
                case "before" -> until = earlier(until, day(name, value));
                case "after" -> from = later(from, day(name, value).plusSeconds(86_400));
                case "during" -> {
                    Instant day = day(name, value);
                    from = later(from, day);
                    until = earlier(until, day.plusSeconds(86_400));
                }
                case "pinned" -> {
                    if (!v.equals("true") && !v.equals("false")) {
                        throw new BadRequestException("pinned: takes true or false");
                    }
                    boolean p = v.equals("true");
                    if (pinned != null && pinned != p) {
                        throw new BadRequestException("pinned: is given both true and false");
                    }
                    pinned = p;
                }
                case "is" -> {
                    switch (v) {
                        case "edited" -> edited = true;
                        case "removed" -> removed = true;
                        default -> throw new BadRequestException("is: takes edited or removed");
                    }
                }
                default -> throw new IllegalArgumentException("not an operator: " + name);
            }
        }

        SearchFilters build() {
            return new SearchFilters(new People(List.copyOf(authorIds), List.copyOf(authorNames)),
                    new People(List.copyOf(mentionIds), List.copyOf(mentionNames)), has, from, until, pinned,
                    edited, removed);
        }

        /** An id (also as a mention, {@code <@id>}), which may also be a name, or a name ({@code @} before it dropped). */
        private static void person(String operator, String value, List<Long> ids, List<String> names) {
            String name = value.startsWith("@") ? value.substring(1) : value;
            if (name.isBlank()) {
                throw new BadRequestException(operator + ": takes a user id or name (in quotes when it has spaces: "
                        + operator + ":\"Jamie Lee\")");
            }
            Matcher id = USER_ID.matcher(name);
            if (id.matches()) {
                try {
                    ids.add(Long.parseLong(id.group(1) != null ? id.group(1) : id.group(2)));
                } catch (NumberFormatException tooLarge) {
                    // No user has it as an id; it may still be a name.
                }
                if (id.group(1) != null) {
                    return;
                }
            }
            names.add(name);
        }

        private static Instant day(String operator, String value) {
            try {
                if (!DAY_SHAPE.matcher(value).matches()) {
                    throw new DateTimeParseException("not YYYY-MM-DD", value, 0);
                }
                return LocalDate.parse(value, DAY).atStartOfDay(ZoneOffset.UTC).toInstant();
            } catch (DateTimeParseException e) {
                throw new BadRequestException(operator + ": takes a day as YYYY-MM-DD (in UTC), e.g. " + operator
                        + ":2025-11-23");
            }
        }

        private static Instant earlier(Instant a, Instant b) {
            return a == null || b.isBefore(a) ? b : a;
        }

        private static Instant later(Instant a, Instant b) {
            return a == null || b.isAfter(a) ? b : a;
        }
    }
}
