package dev.milk.upgrade;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

import dev.milk.media.MediaKeys;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Raids and archives as lines of text, one per archive, message, raid and account, and copies one
 * per file a message shows: made from what the bot sent, or read from what a reads process answers
 * on {@code /archive/{id}.json} and {@code /raid/{id}.json}, page by page, and on each copy's
 * {@code copyUrl}, so the two can be compared line by line.
 */
final class View {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private View() {
    }

    static String archive(String id, String sealedAt, long size, long removals) {
        return "archive " + id + ": sealed " + sealedAt + ", " + size + " messages, " + removals + " removals";
    }

    static String message(String archive, long id, String content, String editedAt, List<String> versions, String removed) {
        return archive + " message " + id + ": " + quote(content) + (editedAt == null ? "" : ", edited " + editedAt)
                + ", versions " + versions + (removed == null ? "" : ", removed: " + quote(removed));
    }

    static String version(String at, String content) {
        return at + " " + quote(content);
    }

    static String raid(String id, String concludedAt, long size) {
        return "raid " + id + ": concluded " + concludedAt + ", " + size + " accounts";
    }

    static String account(String raid, long id) {
        return raid + " account " + id;
    }

    /** A file a message shows: whether Milk holds a copy ({@code stored}), and the SHA-256 of the copy's bytes. */
    static String copy(String archive, long message, String url, String state, String sha256) {
        return archive + " message " + message + " copy of " + url + ": " + state + ", " + sha256;
    }

    /**
     * What the reads process on {@code port} answers of the copies of the files {@code wanted} (by
     * URL) that the archives' messages show: each message's {@code media} on
     * {@code /archive/{id}.json}, and each copy there fetched from that process and hashed.
     */
    static List<String> copies(int port, Map<String, String> archives, Predicate<String> wanted) {
        List<String> lines = new ArrayList<>();
        archives.forEach((id, publicId) -> {
            List<JsonNode> pages = pages(port, "/archive/" + publicId + ".json", "messages");
            if (pages.getFirst().has("unanswered")) {
                lines.add(copy(id, -1, "any file", pages.getFirst().get("unanswered").asString(), null));
                return;
            }
            pages.stream().flatMap(page -> page.get("messages").get("data").valueStream()).forEach(m -> {
                for (JsonNode c : m.get("media")) {
                    if (wanted.test(c.get("url").asString())) {
                        String copyUrl = text(c.get("copyUrl"));
                        lines.add(copy(id, Long.parseLong(m.get("id").asString()), c.get("url").asString(),
                                c.get("state").asString(), copyUrl == null ? "no copyUrl" : sha256(port, copyUrl)));
                    }
                }
            });
        });
        return lines;
    }

    /** The SHA-256 of what {@code path} answers, or the status when it is not 200. */
    private static String sha256(int port, String path) {
        try {
            Hashed answer = hashed(HTTP, URI.create("http://127.0.0.1:" + port + path));
            return answer.status() == 200 ? answer.sha256() : path + " answered " + answer.status();
        } catch (IOException e) {
            return path + " failed: " + e;
        }
    }

    /** A GET's status and the SHA-256 of its body. */
    record Hashed(int status, String sha256) {
    }

    /** GETs {@code uri} with {@code client}, hashing the body as it arrives. */
    static Hashed hashed(HttpClient client, URI uri) throws IOException {
        try {
            HttpResponse<InputStream> response = client.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30))
                    .build(), HttpResponse.BodyHandlers.ofInputStream());
            MessageDigest digest = MediaKeys.digest();
            try (InputStream body = new DigestInputStream(response.body(), digest)) {
                body.transferTo(OutputStream.nullOutputStream());
            }
            return new Hashed(response.statusCode(), MediaKeys.of(digest));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /**
     * What the reads process on {@code port} answers of each archive and raid, named by the bot's
     * ids mapped to their public ids, in the order of the maps.
     */
    static List<String> read(int port, Map<String, String> archives, Map<String, String> raids) {
        List<String> lines = new ArrayList<>();
        archives.forEach((id, publicId) -> readArchive(port, id, publicId, lines));
        raids.forEach((id, publicId) -> readRaid(port, id, publicId, lines));
        return lines;
    }

    private static void readArchive(int port, String id, String publicId, List<String> lines) {
        List<JsonNode> pages = pages(port, "/archive/" + publicId + ".json", "messages");
        if (pages.getFirst().has("unanswered")) {
            lines.add(archive(id, null, -1, -1) + " " + pages.getFirst().get("unanswered").asString());
            return;
        }
        JsonNode a = pages.getFirst().get("archive");
        lines.add(archive(id, time(a.get("sealedAt")), a.get("size").asLong(), a.get("redactions").size()));
        for (JsonNode page : pages) {
            for (JsonNode m : page.get("messages").get("data")) {
                JsonNode removed = m.get("removed");
                boolean isRemoved = removed != null && !removed.isNull();
                List<String> versions = new ArrayList<>();
                m.get("versions").forEach(v -> versions.add(version(time(v.get("at")), v.get("content").asString())));
                lines.add(message(id, Long.parseLong(m.get("id").asString()), m.get("content").asString(),
                        isRemoved ? null : time(m.get("editedAt")), versions,
                        isRemoved ? removed.get("reason").asString() : null));
            }
        }
    }

    private static void readRaid(int port, String id, String publicId, List<String> lines) {
        List<JsonNode> pages = pages(port, "/raid/" + publicId + ".json", "users");
        if (pages.getFirst().has("unanswered")) {
            lines.add(raid(id, null, -1) + " " + pages.getFirst().get("unanswered").asString());
            return;
        }
        JsonNode r = pages.getFirst().get("raid");
        lines.add(raid(id, time(r.get("concludedAt")), r.get("size").asLong()));
        pages.stream().flatMap(page -> page.get("users").get("data").valueStream())
                .map(u -> account(id, Long.parseLong(u.get("id").asString()))).sorted().forEach(lines::add);
    }

    /**
     * Every page of a route paged by the {@code next} cursor of its {@code list}, in order; or the
     * one page that did not answer 200, as {@code {"unanswered": "<why>"}}.
     */
    private static List<JsonNode> pages(int port, String path, String list) {
        List<JsonNode> pages = new ArrayList<>();
        String cursor = null;
        do {
            JsonNode page = get(port, path, cursor);
            if (page.has("unanswered")) {
                return List.of(page);
            }
            pages.add(page);
            cursor = text(page.get(list).get("next"));
        } while (cursor != null);
        return pages;
    }

    /** The page as JSON, or {@code {"unanswered": "<why>"}} when the route did not answer 200. */
    private static JsonNode get(int port, String path, String cursor) {
        String query = cursor == null ? "" : "?cursor=" + URLEncoder.encode(cursor, StandardCharsets.UTF_8);
        try {
            HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path
                    + query)).timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                return JSON.createObjectNode().put("unanswered", path + " answered " + response.statusCode() + ": "
                        + response.body().lines().findFirst().orElse(""));
            }
            return JSON.readTree(response.body());
        } catch (IOException e) {
            return JSON.createObjectNode().put("unanswered", path + " failed: " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private static String text(JsonNode node) {
        return node == null || node.isNull() ? null : node.asString();
    }

    /** A time as {@link Instant#toString()} writes it, however the route wrote it (with or without milliseconds). */
    private static String time(JsonNode node) {
        return node == null || node.isNull() ? null : Instant.parse(node.asString()).toString();
    }

    /** Content on one line: a newline in it must not pass for the next line. */
    private static String quote(String text) {
        return '"' + text.replace("\\", "\\\\").replace("\n", "\\n").replace("\"", "\\\"") + '"';
    }
}
