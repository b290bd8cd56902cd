package dev.milk.reads.raid;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.web.util.UriUtils;

import dev.milk.reads.web.BadRequestException;

/**
 * Which of a raid's accounts a route answers: every raid route takes the same filter, its parts
 * each optional (an empty value, as a form sends an unfilled field, is absent). Its conditions are
 * added to the listing's own, so a filtered cursor pages exactly as an unfiltered one.
 *
 * @param maxAgeDays   accounts younger than this many days when they joined
 * @param joinedAfter  accounts that joined at this instant or later
 * @param joinedBefore accounts that joined before this instant
 * @param name         accounts whose name contains this, in any case
 * @param cluster      accounts of this cluster ({@link RaidCluster})
 */
record RaidFilter(Integer maxAgeDays, Instant joinedAfter, Instant joinedBefore, String name, RaidCluster cluster) {

    static final RaidFilter NONE = new RaidFilter(null, null, null, null, null);
    /** A hundred years: older than any Discord account, small enough for any interval. */
    static final int MAX_AGE_DAYS = 36_500;
    /** Discord's names are 32 characters at most; room for a display name and more. */
    static final int MAX_NAME_LENGTH = 100;
    /** Far longer than any ISO-8601 time with an offset and nanoseconds. */
    static final int MAX_TIME_LENGTH = 64;

    /** @throws BadRequestException naming the first parameter that is not valid */
    static RaidFilter parse(String maxAgeDays, String joinedAfter, String joinedBefore, String name, String cluster) {
        return new RaidFilter(days(maxAgeDays), instant(joinedAfter, "joinedAfter"), instant(joinedBefore, "joinedBefore"),
                name(name), absent(cluster) ? null : RaidCluster.parse(cluster));
    }

    boolean isEmpty() {
        return equals(NONE);
    }

    /** The conditions over {@code raid_user} this filter adds, each starting with {@code AND}; its values bound by {@link #bind}. */
    String conditions() {
        StringBuilder sql = new StringBuilder();
        if (maxAgeDays != null) {
            sql.append(" AND joined_at - created_at < make_interval(days => :maxAgeDays)");
        }
        if (joinedAfter != null) {
            sql.append(" AND joined_at >= :joinedAfterFilter");
        }
        if (joinedBefore != null) {
            sql.append(" AND joined_at < :joinedBeforeFilter");
        }
        if (name != null) {
            // strpos, not LIKE: a name holding % or _ means itself.
            sql.append(" AND strpos(lower(name), lower(:nameFilter)) > 0");
        }
        if (cluster != null) {
            sql.append(" AND ").append(cluster.condition());
        }
        return sql.toString();
    }

    JdbcClient.StatementSpec bind(JdbcClient.StatementSpec statement) {
        if (maxAgeDays != null) {
            statement = statement.param("maxAgeDays", maxAgeDays);
        }
        if (joinedAfter != null) {
            statement = statement.param("joinedAfterFilter", joinedAfter.atOffset(ZoneOffset.UTC));
        }
        if (joinedBefore != null) {
            statement = statement.param("joinedBeforeFilter", joinedBefore.atOffset(ZoneOffset.UTC));
        }
        if (name != null) {
            statement = statement.param("nameFilter", name);
        }
        if (cluster != null && cluster.key() != null) {
            statement = statement.param("clusterKey", cluster.key());
        }
        return statement;
    }

    /** The filter's parameters by name, in one order, as their canonical values; empty for {@link #NONE}. */
    Map<String, String> parameters() {
        Map<String, String> parameters = new LinkedHashMap<>();
        if (maxAgeDays != null) {
            parameters.put("maxAgeDays", maxAgeDays.toString());
        }
        if (joinedAfter != null) {
            parameters.put("joinedAfter", joinedAfter.toString());
        }
        if (joinedBefore != null) {
            parameters.put("joinedBefore", joinedBefore.toString());
        }
        if (name != null) {
            parameters.put("name", name);
        }
        if (cluster != null) {
            parameters.put("cluster", cluster.id());
        }
        return parameters;
    }

    /** The filter as a query string, {@code maxAgeDays=7&name=bot} (encoded, no leading {@code ?}); empty for none. */
    String query() {
        return parameters().entrySet().stream()
                .map(p -> p.getKey() + "=" + queryValue(p.getValue()))
                .collect(Collectors.joining("&"));
    }

    /**
     * A value in a link's query string. A '+' is encoded too ({@link UriUtils} leaves it, and a
     * server reads it as a space): "c++" must come back as "c++", not "c  ".
     */
    static String queryValue(String value) {
        return UriUtils.encodeQueryParam(value, StandardCharsets.UTF_8).replace("+", "%2B");
    }

    /**
     * The filter in an ETag: one spelling whatever the request's (a time in any offset), hashed, as
     * a name may hold what an ETag may not.
     */
    String canonical() {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(query().getBytes(StandardCharsets.UTF_8));
            return "f" + Base64.getUrlEncoder().withoutPadding().encodeToString(digest).substring(0, 22);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java has SHA-256", e);
        }
    }

    private static boolean absent(String value) {
        return value == null || value.isEmpty();
    }

    private static Integer days(String value) {
        if (absent(value)) {
            return null;
        }
        String why = "maxAgeDays is not a whole number of days from 1 to " + MAX_AGE_DAYS;
        if (value.length() > 6 || !value.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new BadRequestException(why);
        }
        int days = Integer.parseInt(value);
        if (days < 1 || days > MAX_AGE_DAYS) {
            throw new BadRequestException(why);
        }
        return days;
    }

    private static Instant instant(String value, String parameter) {
        if (absent(value)) {
            return null;
        }
        Instant instant;
        try {
            if (value.length() > MAX_TIME_LENGTH) {
                throw new DateTimeParseException("too long", value, 0);
            }
            instant = OffsetDateTime.parse(value).toInstant();
        } catch (DateTimeParseException e) {
            throw new BadRequestException(parameter + " is not an ISO-8601 time with an offset, such as 2025-11-23T12:00:00Z");
        }
        if (instant.isBefore(RaidCursor.EARLIEST) || instant.isAfter(RaidCursor.LATEST)) {
            throw new BadRequestException(parameter + " is a time outside the years 1 to 9999");
        }
        return instant;
    }

    private static String name(String value) {
        if (absent(value)) {
            return null;
        }
        if (value.length() > MAX_NAME_LENGTH) {
            throw new BadRequestException("name is longer than " + MAX_NAME_LENGTH + " characters");
        }
        // PostgreSQL's text holds no NUL, and no name holds a control character: refused, never a 500.
        if (value.chars().anyMatch(Character::isISOControl)) {
            throw new BadRequestException("name holds a control character");
        }
        return value;
    }
}
