package dev.milk.settings;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * A PostgreSQL location in either form an operator has: a JDBC URL ({@code jdbc:postgresql://...}),
 * or the original Milk's (Prisma's, libpq's) {@code postgresql://user:password@host:port/db?schema=s}.
 *
 * @param url      the JDBC URL, credentials taken out
 * @param username from the URL's user part; null when it names none
 * @param password likewise
 */
public record PostgresUrl(String url, String username, String password) {

    /** Prisma's query options that have a JDBC equivalent; its pool options have none and are dropped. */
    private static final Map<String, String> JDBC_OPTIONS = Map.of(
            "schema", "currentSchema",
            "sslmode", "sslmode",
            "connect_timeout", "connectTimeout",
            "socket_timeout", "socketTimeout",
            "application_name", "ApplicationName");

    /** @param variable the setting it came from, named when it is not a PostgreSQL URL */
    public static PostgresUrl parse(String variable, String value) {
        String text = value.strip();
        if (text.startsWith("jdbc:postgresql:")) {
            return new PostgresUrl(text, null, null);
        }
        if (!text.startsWith("postgresql://") && !text.startsWith("postgres://")) {
            throw invalid(variable);
        }
        try {
            URI uri = new URI(text);
            if (uri.getHost() == null || uri.getPath() == null || uri.getPath().length() < 2) {
                throw invalid(variable);
            }
            String username = null;
            String password = null;
            if (uri.getRawUserInfo() != null) {
                String[] parts = uri.getRawUserInfo().split(":", 2);
                username = decode(parts[0]);
                password = parts.length > 1 ? decode(parts[1]) : null;
            }
            String host = uri.getHost().contains(":") && !uri.getHost().startsWith("[") ? "[" + uri.getHost() + "]"
                    : uri.getHost();
            String jdbc = "jdbc:postgresql://" + host + ":" + (uri.getPort() < 0 ? 5432 : uri.getPort())
                    + uri.getRawPath() + options(uri.getRawQuery());
            return new PostgresUrl(jdbc, username, password);
        } catch (URISyntaxException | IllegalArgumentException e) {
            throw invalid(variable);
        }
    }

    /** The URL with no credentials, fit for a log line or an error message. */
    public String display() {
        return url.replaceFirst("\\?.*", "");
    }

    private static String options(String rawQuery) {
        if (rawQuery == null || rawQuery.isEmpty()) {
            return "";
        }
        Map<String, String> options = new LinkedHashMap<>();
        for (String pair : rawQuery.split("&")) {
            String[] parts = pair.split("=", 2);
            String jdbcName = JDBC_OPTIONS.get(decode(parts[0]));
            if (jdbcName != null && parts.length == 2) {
                options.put(jdbcName, parts[1]);
            } else if ("pgbouncer".equals(decode(parts[0])) && parts.length == 2 && "true".equals(parts[1])) {
                // Transaction pooling cannot hold server-side prepared statements.
                options.put("prepareThreshold", "0");
            }
        }
        return options.isEmpty() ? "" : options.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                .collect(Collectors.joining("&", "?", ""));
    }

    private static String decode(String text) {
        return URLDecoder.decode(text.replace("+", "%2B"), StandardCharsets.UTF_8);
    }

    private static SettingException invalid(String variable) {
        return new SettingException(variable, "must be a PostgreSQL URL: jdbc:postgresql://host:5432/db or "
                + "postgresql://user:password@host:5432/db");
    }
}
