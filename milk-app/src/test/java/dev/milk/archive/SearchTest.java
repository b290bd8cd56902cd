package dev.milk.archive;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

import dev.milk.MilkEndToEndTest;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Finding a message in a big archive: what matches, where it is, and the same answers before and after indexing. */
class SearchTest extends MilkEndToEndTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Autowired
    JdbcTemplate jdbc;

    @Test
    void findsMessagesByContentAuthorFileAndEmbedAndLinksToThemInContext() throws Exception {
        String archiveId = Archives.newId();
        String publicId = archives.create(Archives.created(archiveId, null)).get();
        List<ArchiveMessage> messages = new ArrayList<>(Archives.messages(0, 1_200));
        messages.set(10, Archives.message(10, "see attached", null, List.of(new ArchiveMessage.Attachment("1",
                "passport-scan.png", "image/png", 10L, "https://cdn.discordapp.com/attachments/1/1/passport-scan.png")),
                List.of()));
        messages.set(20, Archives.message(20, "", null, List.of(), List.of(new ArchiveMessage.Embed("Raid detected",
                "a nitro scam", null, null, List.of()))));
        messages.set(30, Archives.message(30, "<script>alert('nitro')</script>", null, List.of(), List.of()));
        messages.set(40, Archives.message(40, "free nitro at my address", null, List.of(), List.of()));
        messages.set(1_100, Archives.message(1_100, "the raid started with <@500> posting **free Nitro** links", null,
                List.of(), List.of()));
        for (int from = 0; from < messages.size(); from += 500) {
            archives.addMessages(archiveId, messages.subList(from, Math.min(from + 500, messages.size()))).get();
        }
        eventually(() -> Archives.count(jdbc, archiveId) == 1_200, "the archive is stored");

        assertThat(found(publicId, "nitro")).as("content (any case) and embed text").containsExactly(20, 30, 40, 1_100);
        assertThat(found(publicId, "passport")).as("a word of a file name").containsExactly(10);
        assertThat(found(publicId, "passport-scan.png")).as("the whole file name").containsExactly(10);
        assertThat(found(publicId, "\"free nitro\" -address")).as("a phrase, a word excluded").containsExactly(1_100);
        assertThat(found(publicId, "spam bot")).as("an author's name").hasSize(600);
        assertThat(found(publicId, "nothing-like-this")).isEmpty();

        String page = get("/archive/" + publicId + "?q=nitro").body();
        String link = "/archive/" + publicId + "?after=" + messages.get(999).id() + "#m" + messages.get(1_100).id();
        assertThat(page).contains("<title>nitro · #general · Milk archive</title>")
                .contains("&lt;script&gt;alert(&#39;<mark>nitro</mark>&#39;)&lt;/script&gt;")
                .contains("the raid started with @moderator posting **free <mark>Nitro</mark>** links")
                .contains("<p class=\"excerpt\">Embed: Raid detected · a nitro scam</p>")
                .contains("<a class=\"jump\" href=\"" + link + "\">Jump to message</a>")
                .contains("<input type=\"search\" name=\"q\" value=\"nitro\"")
                .doesNotContain("<script>");
        assertThat(get(link.substring(0, link.indexOf('#'))).body()).as("the link's page holds the message")
                .contains("id=\"m" + messages.get(1_100).id() + "\"");
        assertThat(get("/archive/" + publicId + "?q=nitro").headers().firstValue("Content-Security-Policy")).hasValueSatisfying(
                policy -> assertThat(policy).contains("form-action 'self'").startsWith("default-src 'none'"));

        JsonNode result = JSON.readTree(get("/archive/" + publicId + ".json?q=nitro").body()).get("results");
        JsonNode last = result.get("data").get(3);
        String excerpt = last.get("excerpt").asString();
        JsonNode range = last.get("highlights").get(0);
        assertThat(excerpt.substring(range.get("start").asInt(), range.get("end").asInt())).isEqualTo("Nitro");
        assertThat(last.get("href").asString()).isEqualTo(link);
        assertThat(last.get("message").get("id").asString()).isEqualTo(messages.get(1_100).id());
        assertThat(result.get("query").asString()).isEqualTo("nitro");

        archives.redact(archiveId, List.of(messages.get(40).id()), "privacy", "500").get();
        eventually(() -> found(publicId, "nitro").size() == 3, "the removed message is no longer found");

        List<JsonNode> before = results(publicId, "nitro OR message");
        archives.seal(archiveId, Instant.ofEpochMilli(Archives.T0 + 3_600_000)).get();
        eventually(() -> Boolean.TRUE.equals(jdbc.queryForObject(
                "SELECT search_indexed_at IS NOT NULL FROM archive WHERE internal_id = ?", Boolean.class, archiveId)),
                "the sealed archive is indexed");
        assertThat(jdbc.queryForObject("""
                SELECT count(*) FROM archive_search s JOIN archive a ON a.id = s.archive_id WHERE a.internal_id = ?""",
                Integer.class, archiveId)).as("every message but the removed one").isEqualTo(1_199);
        assertThat(results(publicId, "nitro OR message")).as("the index answers as the scan did").isEqualTo(before);
        assertThat(before.stream().mapToInt(r -> r.get("size").asInt()).sum()).as("all but 10 and the removed 40")
                .isEqualTo(1_198);

        archives.redact(archiveId, List.of(messages.get(30).id()), "privacy", "500").get();
        eventually(() -> found(publicId, "nitro").size() == 2, "a removal reaches the index too");
        assertThat(found(publicId, "nitro")).containsExactly(20, 1_100);
    }

    @Test
    void badQueriesAreAnsweredWith400() throws Exception {
        String archiveId = Archives.newId();
        String publicId = archives.create(Archives.created(archiveId, null)).get();
        archives.addMessages(archiveId, Archives.messages(0, 3)).get();
        eventually(() -> Archives.count(jdbc, archiveId) == 3, "stored");
        for (String route : List.of("", ".json")) {
            assertThat(answer(publicId, route, "")).isEqualTo("400 Bad Request: q must not be empty: give a word to search for\n");
            assertThat(answer(publicId, route, "   ")).startsWith("400 Bad Request: q must not be empty");
            assertThat(answer(publicId, route, "x".repeat(201))).isEqualTo("400 Bad Request: q is longer than 200 characters\n");
            assertThat(answer(publicId, route, "a\u0001b")).isEqualTo("400 Bad Request: q must be text, without control characters\n");
            assertThat(answer(publicId, route, "!!! -- \"\" & | :*")).isEqualTo(
                    "400 Bad Request: q has no words to search for, only punctuation\n");
            for (String odd : List.of("'", "a:*", "(", "a & !b", "\\", "<->", "🙂", "ß", "a".repeat(200), "or", "-")) {
                assertThat(get("/archive/" + publicId + route + "?q=" + URLEncoder.encode(odd, StandardCharsets.UTF_8))
                        .statusCode()).as(odd).isIn(200, 400);
            }
        }
        assertThat(get("/archive/AAAAAAAAAAAA?q=x").statusCode()).isEqualTo(404);
    }

    private String answer(String publicId, String route, String q) {
        HttpResponse<String> answer = get("/archive/" + publicId + route + "?q=" + URLEncoder.encode(q, StandardCharsets.UTF_8));
        assertThat(answer.statusCode()).as(q).isEqualTo(400);
        return answer.body();
    }

    /** The numbers of the messages a search finds, through every page of JSON results. */
    private List<Integer> found(String publicId, String q) {
        List<Integer> found = new ArrayList<>();
        for (JsonNode page : pages(publicId, q)) {
            page.get("results").get("data").forEach(r -> found.add(
                    (int) (Long.parseLong(r.get("message").get("id").asString()) - Archives.FIRST_MESSAGE)));
        }
        return found;
    }

    private List<JsonNode> results(String publicId, String q) {
        return pages(publicId, q).stream().map(p -> p.get("results")).toList();
    }

    private List<JsonNode> pages(String publicId, String q) {
        List<JsonNode> pages = new ArrayList<>();
        String cursor = null;
        do {
            HttpResponse<String> answer = get("/archive/" + publicId + ".json?q=" + URLEncoder.encode(q, StandardCharsets.UTF_8)
                    + (cursor == null ? "" : "&cursor=" + cursor));
            assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
            JsonNode page = JSON.readTree(answer.body());
            assertThat(page.get("results").get("size").asInt()).isLessThanOrEqualTo(50);
            pages.add(page);
            cursor = page.get("results").get("next").isNull() ? null : page.get("results").get("next").asString();
        } while (cursor != null);
        return pages;
    }
}
