package dev.milk.archive;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.jsoup.select.Elements;
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
                .contains("the raid started with <span class=\"mention\">@moderator</span> posting "
                        + "<strong>free <mark>Nitro</mark></strong> links")
                .contains("<div class=\"excerpt content\">Embed: Raid detected · a nitro scam</div>")
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
        assertThat(excerpt).isEqualTo("the raid started with @moderator posting free Nitro links");
        JsonNode range = last.get("highlights").get(0);
        assertThat(excerpt.substring(range.get("start").asInt(), range.get("end").asInt())).isEqualTo("Nitro");
        assertThat(last.get("spoilers")).isEmpty();
        assertThat(last.get("hiddenMatches")).isEmpty();
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
                Integer.class, archiveId)).as("every message, the removed one by its place only").isEqualTo(1_200);
        assertThat(results(publicId, "nitro OR message")).as("the index answers as the scan did").isEqualTo(before);
        assertThat(before.stream().mapToInt(r -> r.get("size").asInt()).sum()).as("all but 10 and the removed 40")
                .isEqualTo(1_198);

        archives.redact(archiveId, List.of(messages.get(30).id()), "privacy", "500").get();
        eventually(() -> found(publicId, "nitro").size() == 2, "a removal reaches the index too");
        assertThat(found(publicId, "nitro")).containsExactly(20, 1_100);
    }

    /**
     * Discord's operators, alone and combined with words and each other, through Kafka into the
     * JSON and the page: the same answers while the archive is live and once it is sealed and indexed.
     */
    @Test
    void operatorsFindWhatDiscordsSearchWouldLiveAndSealed() throws Exception {
        String archiveId = Archives.newId();
        String publicId = archives.create(Archives.created(archiveId, null)).get();
        List<ArchiveMessage> messages = new ArrayList<>(Archives.messages(0, 60));
        messages.set(5, Archives.message(5, "ask <@500> about the rules at https://milk.example/rules", null, List.of(), List.of()));
        messages.set(6, Archives.message(6, "my cat", null, List.of(new ArchiveMessage.Attachment("6", "cat.bin",
                "image/png", 10L, "https://cdn.discordapp.com/attachments/1/6/cat.bin")), List.of()));
        messages.set(7, Archives.message(7, "a clip", null, List.of(new ArchiveMessage.Attachment("7", "clip.MP4",
                null, 10L, "https://cdn.discordapp.com/attachments/1/7/clip.MP4")), List.of()));
        messages.set(8, Archives.message(8, "sunset", null, List.of(), List.of(new ArchiveMessage.Embed("Sunset", null,
                null, null, List.of(), null, null, null,
                new ArchiveMessage.EmbedMedia("https://milk.example/sunset.png", 10, 10), null, null, null))));
        ArchiveMessage nine = Archives.message(9);
        messages.set(9, new ArchiveMessage(nine.id(), nine.authorId(), nine.authorName(), null, nine.authorIsBot(),
                "wave", nine.createdAtMillis(), null, null, List.of(), List.of(), List.of(new ArchiveMessage.Sticker("9", "wave"))));
        messages.set(11, Archives.message(11).toBuilder().content("rules, read them").poll(new ArchiveMessage.Poll(
                "Lunch?", List.of(new ArchiveMessage.PollAnswer("yes", null, 1)), null, null)).pinned(true).build());
        messages.set(12, Archives.edited(12, "typo fixed", 5));
        messages.set(13, Archives.message(13, "my secret address, see https://milk.example/home", null,
                List.of(new ArchiveMessage.Attachment("13", "secret.png", "image/png", 10L,
                        "https://cdn.discordapp.com/attachments/1/13/secret.png")), List.of()));
        // A components-v2 message: no content, its words, a mention and a link in a text display, a file and a picture in components.
        messages.set(14, Archives.message(14).toBuilder().content("").flags(MessageFlags.IS_COMPONENTS_V2)
                .components(List.of(MessageComponent.of(MessageComponent.CONTAINER).components(List.of(
                        MessageComponent.of(MessageComponent.TEXT_DISPLAY).content("the quarterly roster for <@500>, also at https://milk.example/roster").build(),
                        MessageComponent.of(MessageComponent.MEDIA_GALLERY).items(List.of(new ArchiveMessage.MediaItem(
                                ArchiveMessage.UnfurledMedia.of("https://cdn.discordapp.com/attachments/1/14/team.png"),
                                null, null))).build(),
                        MessageComponent.of(MessageComponent.FILE).file(ArchiveMessage.UnfurledMedia.of(
                                "https://cdn.discordapp.com/attachments/1/14/roster.csv")).name("roster.csv").size(10L).build())).build()))
                .build());
        ArchiveMessage late = Archives.message(59);
        messages.set(59, new ArchiveMessage(late.id(), late.authorId(), late.authorName(), null, late.authorIsBot(),
                "the next day", late.createdAtMillis() + 86_400_000L, null, null, List.of(), List.of(), List.of()));
        archives.addMessages(archiveId, messages).get();
        archives.redact(archiveId, List.of(messages.get(13).id()), "doxxing", "500").get();
        eventually(() -> found(publicId, "is:removed").equals(List.of(13)), "stored, and 13 removed");

        List<Integer> bySpamBot = IntStream.range(0, 60).filter(n -> n / 3 % 2 == 1 && n != 13).boxed().toList();
        List<Integer> sameDay = IntStream.range(0, 59).filter(n -> n != 13).boxed().toList();
        java.util.Map<String, List<Integer>> expected = new java.util.LinkedHashMap<>();
        expected.put("from:501", bySpamBot);
        expected.put("from:\"Spam Bot\"", bySpamBot);
        expected.put("mentions:500", List.of(5, 14));
        expected.put("mentions:moderator", List.of(5, 14));
        expected.put("has:link", List.of(5, 14));
        expected.put("has:file", List.of(6, 7, 14));
        expected.put("has:image", List.of(6, 8, 14));
        expected.put("has:video", List.of(7));
        expected.put("has:embed", List.of(8));
        expected.put("has:sticker", List.of(9));
        expected.put("has:poll", List.of(11));
        expected.put("pinned:true", List.of(11));
        expected.put("is:edited", List.of(12));
        expected.put("is:removed", List.of(13));
        expected.put("during:2025-11-24", List.of(59));
        expected.put("before:2025-11-24", sameDay);
        expected.put("after:2025-11-23", List.of(59));
        expected.put("from:moderator has:image", List.of(6, 8, 14));
        expected.put("from:500 has:image has:file", List.of(6, 14));
        expected.put("roster", List.of(14));
        expected.put("roster has:file -quarterly", List.of());
        expected.put("rules from:501", List.of(5, 11));
        expected.put("rules has:link", List.of(5));
        expected.put("rules pinned:true has:poll", List.of(11));
        expected.put("secret", List.of());
        expected.put("is:removed secret", List.of());
        // What a search answered, but the state of media copies (the copier works on meanwhile).
        java.util.Map<String, List<String>> live = new java.util.LinkedHashMap<>();
        for (var query : expected.entrySet()) {
            assertThat(found(publicId, query.getKey())).as(query.getKey()).isEqualTo(query.getValue());
            live.put(query.getKey(), answered(publicId, query.getKey()));
        }
        String removedPage = get("/archive/" + publicId + "?q=" + URLEncoder.encode("is:removed", StandardCharsets.UTF_8)).body();
        assertThat(removedPage).contains("<article class=\"result removed\">").contains("Removed by moderators: doxxing")
                .contains("<p class=\"search-hint\">").doesNotContain("secret");
        assertThat(get("/archive/" + publicId + ".json?q=is%3Aremoved").body()).doesNotContain("secret");

        archives.seal(archiveId, Instant.ofEpochMilli(Archives.T0 + 3_600_000)).get();
        eventually(() -> Boolean.TRUE.equals(jdbc.queryForObject(
                "SELECT search_indexed_at IS NOT NULL FROM archive WHERE internal_id = ?", Boolean.class, archiveId)),
                "the sealed archive is indexed");
        for (var query : live.entrySet()) {
            assertThat(answered(publicId, query.getKey())).as("sealed: " + query.getKey()).isEqualTo(query.getValue());
        }
        assertThat(get("/archive/" + publicId + "?q=" + URLEncoder.encode("is:removed", StandardCharsets.UTF_8)).body())
                .isEqualTo(removedPage);
    }

    /**
     * An excerpt shows the message's markdown as its page does, and never more than the page shows:
     * a spoiler stays one (a match in it is hidden with it, and said), cut or not, a masked link
     * shows its text, never its address, and the JSON's plain text holds neither.
     */
    @Test
    void excerptsRenderMarkdownAndHideWhatThePageHides() throws Exception {
        String archiveId = Archives.newId();
        String publicId = archives.create(Archives.created(archiveId, null)).get();
        String secrets = IntStream.range(0, 60).mapToObj(i -> "secret" + i).collect(Collectors.joining(" "));
        String after = IntStream.range(0, 60).mapToObj(i -> "after" + i).collect(Collectors.joining(" "));
        List<ArchiveMessage> messages = List.of(
                Archives.message(0, "**needle** in *italics*, `code <b>` and ~~gone~~ <@500>", null, List.of(), List.of()),
                Archives.message(1, "the code is ||swordfish needle|| for now", null, List.of(), List.of()),
                Archives.message(2, "read [the rules](https://hidden.example/x) first", null, List.of(), List.of()),
                Archives.message(3, "intro ||" + secrets + "|| the needle is here " + after, null, List.of(), List.of()),
                Archives.message(4, "the needle is here ||" + secrets + "|| and after", null, List.of(), List.of()),
                Archives.message(5, "[a masked needle](https://hidden.example/y) and ||more||", null, List.of(), List.of()),
                Archives.message(6, "", null, List.of(), List.of(new ArchiveMessage.Embed("Alert", "||swordfish needle||",
                        null, null, List.of()))));
        archives.addMessages(archiveId, messages).get();
        eventually(() -> Archives.count(jdbc, archiveId) == messages.size(), "the archive is stored");

        for (String q : List.of("needle", "hidden.example")) {
            Document page = Jsoup.parse(get("/archive/" + publicId + "?q=" + URLEncoder.encode(q, StandardCharsets.UTF_8)).body());
            Elements results = page.select("article.result");
            for (Element result : results) {
                Element excerpt = result.selectFirst(".excerpt");
                Element hiddenless = excerpt.clone();
                hiddenless.select(".spoiler").remove();
                assertThat(hiddenless.text()).as(q).doesNotContain("swordfish").doesNotContain("secret")
                        .doesNotContain("hidden.example").doesNotContain("||").doesNotContain("](");
            }
            for (JsonNode result : JSON.readTree(get("/archive/" + publicId + ".json?q="
                    + URLEncoder.encode(q, StandardCharsets.UTF_8)).body()).get("results").get("data")) {
                assertThat(result.get("excerpt").asString()).as(q).doesNotContain("swordfish").doesNotContain("secret")
                        .doesNotContain("hidden.example").doesNotContain("||");
            }
        }

        Elements found = Jsoup.parse(get("/archive/" + publicId + "?q=needle").body()).select("article.result");
        assertThat(found).hasSize(6);
        assertThat(found.get(0).selectFirst(".excerpt").html()).isEqualTo("<strong><mark>needle</mark></strong> in "
                + "<em>italics</em>, <code>code &lt;b&gt;</code> and <s>gone</s> <span class=\"mention\">@moderator</span>");
        assertThat(found.get(1).selectFirst(".excerpt .spoiler").html()).isEqualTo("swordfish <mark>needle</mark>");
        assertThat(found.get(1).selectFirst(".result-hidden").text()).startsWith("Matched inside a spoiler");
        assertThat(found.get(2).selectFirst(".excerpt").text()).as("the cut spoiler's opening")
                .startsWith("… secret51 ").contains("secret59 the needle is here after0");
        assertThat(found.get(2).selectFirst(".excerpt .spoiler").text()).startsWith("secret51");
        assertThat(found.get(2).select(".result-hidden")).isEmpty();
        assertThat(found.get(3).selectFirst(".excerpt .spoiler").text()).as("the cut spoiler's closing")
                .startsWith("secret0 ").doesNotContain("after");
        assertThat(found.get(4).selectFirst(".excerpt a").text()).isEqualTo("a masked needle");
        assertThat(found.get(4).selectFirst(".excerpt a").attr("href")).isEqualTo("https://hidden.example/y");
        assertThat(found.get(5).selectFirst(".excerpt").html()).as("an embed's description, as its page renders it")
                .isEqualTo("Embed: Alert · <span class=\"spoiler\">swordfish needle</span>");

        Element link = Jsoup.parse(get("/archive/" + publicId + "?q=hidden.example").body()).selectFirst("article.result");
        assertThat(link.selectFirst(".excerpt").text()).isEqualTo("read the rules first");
        assertThat(link.select(".excerpt mark")).isEmpty();
        assertThat(link.selectFirst(".result-hidden").text()).startsWith("Matched in a link's address");

        JsonNode json = JSON.readTree(get("/archive/" + publicId + ".json?q=needle").body()).get("results").get("data");
        assertThat(json.get(0).get("excerpt").asString()).isEqualTo("needle in italics, code <b> and gone @moderator");
        JsonNode spoiler = json.get(1);
        assertThat(spoiler.get("excerpt").asString()).isEqualTo("the code is [spoiler] for now");
        assertThat(spoiler.get("highlights")).isEmpty();
        assertThat(spoiler.get("spoilers").get(0).get("start").asInt()).isEqualTo(12);
        assertThat(spoiler.get("spoilers").get(0).get("end").asInt()).isEqualTo(21);
        assertThat(spoiler.get("hiddenMatches").get(0).asString()).isEqualTo("spoiler");
        assertThat(spoiler.get("message").get("content").asString()).as("the message whole, as markdown")
                .isEqualTo("the code is ||swordfish needle|| for now");
        assertThat(json.get(2).get("excerpt").asString()).startsWith("… [spoiler] the needle is here after0");
        assertThat(json.get(3).get("excerpt").asString()).isEqualTo("the needle is here [spoiler] …");
        assertThat(json.get(4).get("excerpt").asString()).isEqualTo("a masked needle and [spoiler]");
        JsonNode byAddress = JSON.readTree(get("/archive/" + publicId + ".json?q=hidden.example").body())
                .get("results").get("data");
        assertThat(byAddress).hasSize(2);
        assertThat(byAddress.get(0).get("excerpt").asString()).isEqualTo("read the rules first");
        assertThat(byAddress.get(0).get("highlights")).isEmpty();
        assertThat(byAddress.get(0).get("hiddenMatches").get(0).asString()).isEqualTo("link");

        JsonNode openApi = JSON.readTree(get("/openapi.json").body());
        List<String> undocumented = new ArrayList<>();
        MessageModelTest.undocumented(JSON.readTree(get("/archive/" + publicId + ".json?q=needle").body()),
                openApi.path("components").path("schemas").path("ArchiveSearchPage"), openApi, "", undocumented);
        assertThat(undocumented).as("fields missing from /openapi.json").isEmpty();
    }

    @Test
    void badQueriesAreAnsweredWith400() throws Exception {
        String archiveId = Archives.newId();
        String publicId = archives.create(Archives.created(archiveId, null)).get();
        archives.addMessages(archiveId, Archives.messages(0, 3)).get();
        eventually(() -> Archives.count(jdbc, archiveId) == 3, "stored");
        for (String route : List.of("", ".json")) {
            assertThat(answer(publicId, route, "")).isEqualTo("400 Bad Request: q must not be empty: give a word or an operator to search for\n");
            assertThat(answer(publicId, route, "   ")).startsWith("400 Bad Request: q must not be empty");
            assertThat(answer(publicId, route, "x".repeat(201))).isEqualTo("400 Bad Request: q is longer than 200 characters\n");
            assertThat(answer(publicId, route, "a\u0001b")).isEqualTo("400 Bad Request: q must be text, without control characters\n");
            assertThat(answer(publicId, route, "!!! -- \"\" & | :*")).isEqualTo(
                    "400 Bad Request: q has no words or operators to search for, only punctuation\n");
            assertThat(answer(publicId, route, "cats has:banana")).isEqualTo(
                    "400 Bad Request: has: takes link, embed, file, image, video, sound, sticker or poll\n");
            assertThat(answer(publicId, route, "before:23-11-2025")).startsWith("400 Bad Request: before: takes a day as YYYY-MM-DD");
            assertThat(answer(publicId, route, "is:deleted")).isEqualTo("400 Bad Request: is: takes edited or removed\n");
            assertThat(answer(publicId, route, "pinned:maybe")).isEqualTo("400 Bad Request: pinned: takes true or false\n");
            assertThat(answer(publicId, route, "-from:500")).startsWith("400 Bad Request: from: cannot be excluded");
            assertThat(answer(publicId, route, "mentions:")).startsWith("400 Bad Request: mentions: takes a user id or name");
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

    /** Each result of every page, without its media copies' state. */
    private List<String> answered(String publicId, String q) {
        List<String> answered = new ArrayList<>();
        for (JsonNode page : results(publicId, q)) {
            page.get("data").forEach(r -> {
                ((tools.jackson.databind.node.ObjectNode) r.get("message")).remove("media");
                answered.add(r.toString());
            });
        }
        return answered;
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
