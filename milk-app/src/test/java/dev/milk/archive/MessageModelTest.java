package dev.milk.archive;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.milk.MilkEndToEndTest;
import dev.milk.standalone.DemoShowcase;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The whole Discord message model through Kafka and PostgreSQL: the demo's showcase (one of every
 * feature) comes back on the page, in the JSON API and in the transcript.
 */
class MessageModelTest extends MilkEndToEndTest {

    private static final Instant START = Archives.SHOWCASE_START;
    private static String publicId;
    private static String threadPublicId;

    /** Once per class: the clients connect before each test, so this cannot be a {@code @BeforeAll}. */
    @BeforeEach
    void archiveTheShowcase() throws Exception {
        if (publicId == null) {
            Archives.Showcase showcase = Archives.publishShowcase(archives);
            threadPublicId = showcase.threadPublicId();
            publicId = showcase.publicId();
        }
    }

    private String json() {
        var holder = new String[1];
        // Its media copied too: what the page links to depends on it, and the copier may be quick or slow.
        eventually(() -> (holder[0] = get("/archive/" + publicId + ".json").body()).contains("\"sealedAt\":\"2026")
                && !holder[0].contains("\"state\":\"pending\""), "the showcase is stored and sealed, its media copied");
        return holder[0];
    }

    @Test
    void theJsonApiCarriesEveryPart() {
        JsonNode page = JsonMapper.shared().readTree(json());
        JsonNode data = page.path("messages").path("data");
        assertThat(data.size()).isEqualTo(DemoShowcase.messages(START).size());
        assertThat(data.get(0).path("type").asString()).isEqualTo("join");
        assertThat(data.get(1).path("authorRoleColor").asInt()).isEqualTo(DemoShowcase.MODERATOR_COLOUR);
        assertThat(data.get(1).path("reactions").get(1).path("emoji").path("id").asString()).isEqualTo(DemoShowcase.MILK_EMOJI);
        assertThat(data.get(1).path("reactions").get(0).path("count").asInt()).isEqualTo(12);
        JsonNode embed = data.get(7).path("embeds").get(0);
        assertThat(embed.path("author").path("name").asString()).isEqualTo("Milk Guard anti-raid");
        assertThat(embed.path("timestamp").asString()).startsWith("2026-11-20T");
        assertThat(embed.has("timestampMillis")).isFalse();
        assertThat(embed.path("image").path("url").asString()).endsWith("join-graph.png");
        assertThat(data.get(7).path("embeds").get(1).path("provider").path("name").asString()).isEqualTo("VideoSite");
        JsonNode poll = data.get(8).path("poll");
        assertThat(poll.path("answers").get(0).path("votes").asInt()).isEqualTo(18);
        assertThat(poll.path("expiresAt").asString()).startsWith("2026-11-21T");
        assertThat(data.get(9).path("forwarded").path("createdAt").asString()).startsWith("2026-11-18T");
        assertThat(data.get(10).path("thread").path("publicId").asString()).isEqualTo(threadPublicId);
        assertThat(data.get(10).path("thread").has("archiveId")).as("the bot's own id stays private").isFalse();
        assertThat(data.get(13).path("stickers").get(1).path("format").asString()).isEqualTo("lottie");

        JsonNode mentions = page.path("messages").path("mentions");
        // Only who the page mentions: authors are named on their messages already.
        assertThat(mentions.path("users").findValuesAsString("name")).containsExactly("Jamie");
        assertThat(mentions.path("roles").findValuesAsString("name")).containsExactlyInAnyOrder("Moderators", "Raid Response");
        assertThat(mentions.path("channels").findValuesAsString("name")).containsExactlyInAnyOrder("rules", "appeals");
    }

    /** Every field the API answers with, at any depth, is in /openapi.json: none is added undocumented. */
    @Test
    void everyFieldOfTheJsonApiIsDocumented() {
        JsonNode page = JsonMapper.shared().readTree(json());
        JsonNode openApi = JsonMapper.shared().readTree(get("/openapi.json").body());
        List<String> undocumented = new ArrayList<>();
        undocumented(page, openApi.path("components").path("schemas").path("ArchivePage"), openApi, "", undocumented);
        assertThat(undocumented).isEmpty();
    }

    /** Adds to {@code found} the path of every field of {@code value} that {@code schema} does not describe. */
    static void undocumented(JsonNode value, JsonNode schema, JsonNode openApi, String path, List<String> found) {
        while (schema.has("$ref") || schema.has("oneOf")) {
            schema = schema.has("$ref")
                    ? openApi.at(schema.get("$ref").asString().substring(1))
                    : schema.get("oneOf").get(0);
        }
        if (value.isObject()) {
            for (String field : value.propertyNames()) {
                JsonNode property = schema.path("properties").path(field);
                if (property.isMissingNode()) {
                    found.add(path + "." + field);
                } else {
                    undocumented(value.get(field), property, openApi, path + "." + field, found);
                }
            }
        } else if (value.isArray()) {
            JsonNode items = schema.path("items");
            value.forEach(item -> undocumented(item, items, openApi, path + "[]", found));
        }
    }

    @Test
    void thePageShowsEveryPartAsDiscordDoes() {
        json();
        var response = get("/archive/" + publicId);
        Document page = Jsoup.parse(response.body());
        assertThat(page.select(".system-join .system-line").text()).startsWith("Jamie joined the server.");
        assertThat(page.select(".system-pin .system-line").text()).startsWith("Mod Sarah pinned a message");
        assertThat(page.select(".system-boost_tier_2").text()).contains("Level 2");
        assertThat(page.select(".system-thread_created").text()).contains("started a thread: Ban appeals");
        assertThat(page.select("h3.md-heading").text()).isEqualTo("Server rules");
        assertThat(page.select("h4.md-heading").text()).isEqualTo("Before you post");
        assertThat(page.select(".content ul li")).hasSize(3);
        assertThat(page.select(".content ol li")).hasSize(2);
        // Relative to the reading: the showcase was sent in 2026, so how long ago depends on today.
        assertThat(page.select("small.subtext").text()).matches("Last updated \\d+ (days|months|years?) ago, .*");
        assertThat(page.select("small.subtext time").attr("title")).startsWith("2026-11-17 ").contains("counted from");
        assertThat(page.select(".mention").eachText()).contains("#rules", "@Jamie", "@Moderators", "#appeals",
                "@Raid Response");
        String moderators = "rc%06x".formatted(DemoShowcase.MODERATOR_COLOUR);
        assertThat(page.select(".mention." + moderators)).isNotEmpty();
        assertThat(page.select("style").html()).contains(".messages ." + moderators + "{color:#e67e22}");
        assertThat(response.headers().firstValue("Content-Security-Policy").orElseThrow()).contains("'sha256-");
        assertThat(page.select(".author .name." + moderators).first().text()).isEqualTo("Mod Sarah");
        assertThat(page.select(".content.jumbo")).hasSize(2);
        // Milk's copy where one was made; the test's archive cap (100 KB) may stop some, then Discord's link.
        Map<String, String> copies = Archives.copies(JsonMapper.shared().readTree(json()));
        assertThat(page.select(".content.jumbo img.emoji").eachAttr("src")).containsExactly(
                Stream.of(DemoShowcase.MILK_EMOJI + ".png", DemoShowcase.WAVE_EMOJI + ".gif")
                        .map(emoji -> "https://cdn.discordapp.com/emojis/" + emoji + "?size=48")
                        .map(link -> copies.getOrDefault(link, link)).toArray(String[]::new));
        assertThat(page.select(".content.jumbo img.emoji").eachAttr("alt")).containsExactly(":milk:", ":milkwave:");
        assertThat(page.select("a[title=https://milk.example/handbook]").text()).isEqualTo("moderation handbook");
        assertThat(page.select(".reaction .reaction-count").eachText()).containsExactly("12", "4", "3", "7");
        assertThat(page.select(".embed-author").first().text()).isEqualTo("Milk Guard anti-raid");
        assertThat(page.select(".embed-thumbnail")).hasSize(2);
        assertThat(page.select(".embed-image img").attr("src")).endsWith("join-graph.png");
        assertThat(page.select(".embed-footer").first().text()).startsWith("Milk Guard · raid 7 • 2026-11-20");
        assertThat(page.select(".embed-video").attr("href")).isEqualTo("https://video.example/raids.mp4");
        assertThat(page.select(".embed-provider").text()).isEqualTo("VideoSite");
        assertThat(page.select(".poll progress").eachAttr("value")).containsExactly("72", "20", "8");
        assertThat(page.select(".poll-summary").text()).startsWith("25 votes");
        assertThat(page.select(".forwarded .content strong").text()).isEqualTo("Announcement:");
        assertThat(page.select(".forwarded figure.attachment img").attr("alt")).isEqualTo("celebration.png");
        assertThat(page.select(".thread a").first().attr("href")).isEqualTo("/archive/" + threadPublicId);
        assertThat(page.select(".thread .thread-count").first().text()).isEqualTo("4 messages");
        assertThat(page.select("img.sticker").attr("src")).isEqualTo(
                "https://media.discordapp.net/stickers/749054660769218631.png?size=160");
        assertThat(page.select(".sticker-name").text()).isEqualTo("Sticker: Milk dance");
        assertThat(page.select(".edited")).hasSize(1);
    }

    @Test
    void theTranscriptResolvesMentionsAndListsEachPart() {
        json();
        String text = get("/archive/" + publicId + ".txt").body();
        assertThat(text).contains("  Jamie joined the server.")
                .contains("  - Read #rules first")
                .contains("  1. Report raids to @Moderators")
                .contains(":milk::milkwave:")
                .contains("{Reactions}\n  👍 (12) :milk: (4) ❤️ (3)")
                .contains("{Embed}\n  Milk Guard anti-raid\n  https://milk.example\n  https://milk.example/raid/demo\n"
                        + "  Raid alert: verification raised\n  **214** accounts joined in 40 s. @Moderators, the raid log is ready.")
                .contains("  Milk Guard · raid 7 | 2026-11-20")
                .contains("{Poll}\n  Should new accounts wait 10 minutes before they can post?\n  - ✅ Yes, 10 minutes (18 votes)")
                .contains("{Forwarded} 2026-11-18")
                .contains("{Thread}\n  Ban appeals (4 messages) /archive/" + threadPublicId)
                .contains("{Stickers}\n  Wumpus wave https://media.discordapp.net/stickers/749054660769218631.png?size=160\n"
                        + "  Milk dance\n")
                .doesNotContain("<@" + DemoShowcase.JAMIE + ">").doesNotContain("<#");
    }
}
