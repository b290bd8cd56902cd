package dev.milk.archive;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.stream.Stream;

import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.milk.MilkEndToEndTest;
import dev.milk.standalone.DemoComponents;
import dev.milk.standalone.DemoShowcase;
import dev.milk.standalone.DemoSounds;
import dev.milk.testing.TopicReader;
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
        // Mod Sarah, in a components-v2 message's text.
        assertThat(mentions.path("users").findValuesAsString("name")).containsExactly("Mod Sarah", "Jamie");
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
        assertThat(page.select("h4.md-heading").first().text()).isEqualTo("Before you post");
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
        assertThat(page.select(".reaction .reaction-count").eachText()).containsExactly("12", "4", "3", "7", "3", "6", "4");
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

    /** The index of the showcase's first message of issue 27's parts (components, voice, ...). */
    private static final int LATER = DemoComponents.FIRST_INDEX;

    @Test
    void theJsonApiCarriesComponentsVoiceReactionsAuthorExtrasInteractionsAndSystemDetails() {
        JsonNode data = JsonMapper.shared().readTree(json()).path("messages").path("data");
        JsonNode buttons = data.get(LATER);
        assertThat(buttons.path("interactionMetadata").path("user").path("name").asString()).isEqualTo("Mod Sarah");
        assertThat(buttons.path("interactionMetadata").path("name").asString()).isEqualTo("raid review");
        JsonNode row = buttons.path("components").get(0);
        assertThat(row.path("type").asInt()).isEqualTo(MessageComponent.ACTION_ROW);
        assertThat(row.path("components").findValuesAsString("label")).containsExactly("Ban all", "Kick all", "Ignore", "Raid log");
        assertThat(row.path("components").get(3).path("url").asString()).isEqualTo("https://milk.example/raid/demo");
        assertThat(row.path("components").get(2).path("disabled").asBoolean()).isTrue();
        assertThat(buttons.toString()).as("a custom id is the bot's own data").doesNotContain("raid:7:");
        JsonNode select = buttons.path("components").get(1).path("components").get(0);
        assertThat(select.path("placeholder").asString()).startsWith("Choose an action");
        assertThat(select.path("options").get(2).path("default").asBoolean()).isTrue();

        JsonNode report = data.get(LATER + 1);
        assertThat(report.path("flags").asInt()).isEqualTo(MessageFlags.IS_COMPONENTS_V2);
        JsonNode container = report.path("components").get(0);
        assertThat(container.path("accentColor").asInt()).isEqualTo(0xED4245);
        assertThat(container.path("components").get(1).path("accessory").path("media").path("url").asString())
                .endsWith("raid-thumbnail.png");
        assertThat(container.path("components").get(3).path("items").get(0).path("description").asString())
                .isEqualTo("Joins per second during the raid");
        assertThat(container.path("components").get(4).path("name").asString()).isEqualTo(DemoComponents.REPORT_FILE);

        JsonNode voice = data.get(LATER + 2).path("attachments").get(0);
        assertThat(voice.path("durationSecs").asDouble()).isEqualTo(DemoSounds.SECONDS);
        assertThat(voice.path("waveform").asString()).isEqualTo(DemoComponents.waveform());

        JsonNode alex = data.get(LATER + 3);
        assertThat(alex.path("reactions").get(0).path("countDetails").path("burst").asInt()).isEqualTo(3);
        assertThat(alex.path("reactions").get(0).path("burstColors").get(0).asString()).isEqualTo("#ff73fa");
        assertThat(alex.path("authorRoleColors").path("secondaryColor").asInt()).isEqualTo(0xEB459E);
        assertThat(alex.path("authorRoleIcon").path("unicodeEmoji").asString()).isEqualTo("🛡️");
        assertThat(alex.path("authorPrimaryGuild").path("tag").asString()).isEqualTo("MILK");

        assertThat(data.get(LATER + 6).path("type").asString()).isEqualTo("auto_moderation_action");
        assertThat(data.get(LATER + 6).path("autoModeration").path("ruleName").asString()).isEqualTo("Block scam links");
        assertThat(data.get(LATER + 7).path("type").asString()).isEqualTo("guild_incident_report_raid");
        assertThat(data.get(LATER + 10).path("pollResult").path("winnerVotes").asInt()).isEqualTo(18);
        assertThat(data.get(LATER + 11).path("type").asString()).as("a type Milk does not name keeps its number").isEqualTo("63");
    }

    @Test
    void thePageShowsComponentsAndTheRestOfTheModelAsDiscordDoes() {
        String json = json();
        Map<String, String> copies = Archives.copies(JsonMapper.shared().readTree(json));
        Document page = Jsoup.parse(get("/archive/" + publicId).body());
        String first = "#m" + DemoShowcase.messages(START).get(LATER).id();
        assertThat(page.select(first + " .interaction").text()).isEqualTo("Mod Sarah used /raid review");
        assertThat(page.select(first + " .component-row .component-button").eachText())
                .containsExactly("🔨Ban all", "Kick all", "Ignore", "Raid log↗");
        assertThat(page.select(first + " .component-button.danger")).hasSize(1);
        assertThat(page.select(first + " .component-button.disabled").text()).isEqualTo("Ignore");
        assertThat(page.select(first + " a.component-button.link").attr("href")).isEqualTo("https://milk.example/raid/demo");
        assertThat(page.select(first + " .component-select summary").text()).startsWith("Choose an action");
        assertThat(page.select(first + " .component-select li.selected .option-label").text()).isEqualTo("Time out for an hour");

        String report = "#m" + DemoShowcase.messages(START).get(LATER + 1).id();
        assertThat(page.select(report + " .component-container.aed4245 .component-text h4").text()).isEqualTo("Raid report #7");
        assertThat(page.select("style").html()).contains(".component-container.aed4245{border-left-color:#ed4245}");
        assertThat(page.select(report + " .component-section .section-accessory img").attr("alt")).isEqualTo("Milk Guard's shield");
        // A components-v2 message's pictures and files are queued for copies as attachments are (MediaCopyTest
        // shows them served); Milk's copy where one was made, the test's archive cap may stop some.
        String gallery = "https://cdn.discordapp.com/attachments/" + DemoShowcase.CHANNEL + "/1319000000000000511/join-graph.png";
        assertThat(JsonMapper.shared().readTree(json).path("messages").path("data").get(LATER + 1).path("media")
                .findValuesAsString("kind")).contains("component_media", "component_file");
        assertThat(page.select(report + " .gallery-item img").first().attr("src")).isEqualTo(copies.getOrDefault(gallery, gallery));
        assertThat(page.select(report + " .gallery-item img").eachAttr("alt")).contains("Joins per second during the raid");
        assertThat(page.select(report + " .gallery-item details.spoiler-box")).hasSize(1);
        String file = "https://cdn.discordapp.com/attachments/" + DemoShowcase.CHANNEL + "/1319000000000000514/"
                + DemoComponents.REPORT_FILE;
        assertThat(page.select(report + " .component-file a.file").attr("href")).isEqualTo(copies.getOrDefault(file, file));
        assertThat(page.select(report + " .component-file").text()).contains(DemoComponents.REPORT_FILE, "8.2 KB");
        assertThat(page.select(report + " hr.component-separator")).hasSize(2);

        String voice = "#m" + DemoShowcase.messages(START).get(LATER + 2).id();
        String audio = "https://cdn.discordapp.com/attachments/" + DemoShowcase.CHANNEL + "/1319000000000000520/"
                + DemoComponents.VOICE;
        // Played from Milk's copy only; until there is one, Discord's link is a link.
        assertThat(page.select(voice + " .voice audio[controls]").attr("src")).isEqualTo(copies.getOrDefault(audio, ""));
        // 64 samples drawn as 48 bars, Discord's width for a short voice message.
        assertThat(page.select(voice + " svg.waveform rect")).hasSize(48);
        assertThat(page.select(voice + " .voice-duration").text()).isEqualTo("0:0" + DemoSounds.SECONDS);

        String alex = "#m" + DemoShowcase.messages(START).get(LATER + 3).id();
        assertThat(page.select(alex + " .author .name").attr("class")).contains("g5865f2-eb459e");
        assertThat(page.select("style").html()).contains(".messages .g5865f2-eb459e{background:linear-gradient(90deg,#5865f2,#eb459e)");
        assertThat(page.select(alex + " .role-icon .emoji-text").text()).isEqualTo("🛡️");
        assertThat(page.select(alex + " .server-tag").text()).isEqualTo("MILK");
        assertThat(page.select(alex + " .server-tag img").attr("src")).isNotEmpty();
        assertThat(page.select(alex + " .reaction.burst.bff73fa .reaction-count").text()).isEqualTo("3");

        String sarah = "#m" + DemoShowcase.messages(START).get(LATER + 4).id();
        assertThat(page.select(sarah + " .silent").text()).isEqualTo("@silent");
        assertThat(page.select(sarah + " .embed")).as("its embeds were suppressed").isEmpty();
        assertThat(page.select(sarah + " .role-icon img.emoji").attr("alt")).isEqualTo("Moderators");
        assertThat(page.select("#m" + DemoShowcase.messages(START).get(LATER + 5).id() + " .ephemeral").text())
                .contains("Only the one who used the command saw this message");

        assertThat(page.select(".system-auto_moderation_action .system-line").text())
                .startsWith("AutoMod has blocked a message in #general.");
        assertThat(page.select(".automod .content").text()).isEqualTo("free nitro for everyone at discord-gift.example/claim");
        assertThat(page.select(".automod-rule").text()).isEqualTo("Rule: Block scam links · Keyword: free nitro");
        assertThat(page.select(".system-guild_incident_report_raid .system-line").text())
                .startsWith("Mod Sarah reported a raid in this server.");
        assertThat(page.select(".system-guild_incident_alert_mode_enabled .system-line").text())
                .startsWith("Mod Sarah enabled security actions until 2026-11-");
        assertThat(page.select(".system-guild_incident_alert_mode_disabled .system-line").text())
                .startsWith("Mod Sarah disabled security actions.");
        assertThat(page.select(".system-poll_result .system-line").text())
                .startsWith("Mod Sarah's poll “Should new accounts wait 10 minutes before they can post?” has closed.");
        assertThat(page.select(".poll-result .poll-winner").text()).isEqualTo("✓ ✅ Yes, 10 minutes");
        assertThat(page.select(".poll-result a").attr("href")).isEqualTo("#m" + DemoShowcase.messages(START).get(8).id());
        assertThat(page.select(".system-63 .system-line").text())
                .startsWith("Jamie sent a message of Discord's type 63, which Milk does not show.");
    }

    @Test
    void theTranscriptListsComponentsVoiceAndSystemDetails() {
        json();
        String text = get("/archive/" + publicId + ".txt").body();
        assertThat(text).contains("{Mod Sarah used /raid review}")
                .contains("{Components}\n  [🔨 Ban all]\n  [Kick all]\n  [Ignore] (disabled)\n  [Raid log] https://milk.example/raid/demo")
                .contains("  [Choose an action for the selected accounts ▾]\n    - 🔨 Ban: Remove them for good")
                .contains("    - :milk: Time out for an hour (default)")
                .contains("    ## Raid report #7\n      **214** accounts joined")
                .contains("      -# Banned by @Mod Sarah")
                .contains("/join-graph.png (Joins per second during the raid)")
                .contains("/" + DemoComponents.REPORT_FILE + " (" + DemoComponents.REPORT_FILE + ")")
                .contains("/" + DemoComponents.VOICE + " (voice message, 0:0" + DemoSounds.SECONDS + ")")
                .contains("] Alex [tag MILK]\n")
                .contains("🔥 (9, 3 super)")
                .contains("] Mod Sarah (silent)\n")
                .doesNotContain("This preview was suppressed")
                .contains("{Only the one who used the command saw this message in Discord}")
                .contains("  AutoMod has blocked a message in #general.\n  free nitro for everyone at discord-gift.example/claim\n"
                        + "  Rule: Block scam links · Keyword: free nitro")
                .contains("  Mod Sarah's poll “Should new accounts wait 10 minutes before they can post?” has closed.\n"
                        + "  Winner: ✅ Yes, 10 minutes (18 of 25 votes)")
                .contains("  Jamie sent a message of Discord's type 63, which Milk does not show.");
    }

    /** A bad component goes to the dead-letter topic naming its field; the record's other messages are stored. */
    @Test
    void aBadComponentIsRefusedNamingTheField() throws Exception {
        String archiveId = Archives.newId();
        String refusedPublicId = archives.create(Archives.created(archiveId, null)).get();
        ArchiveMessage good = Archives.messages(0, 1).getFirst();
        ArchiveMessage bad = ArchiveMessage.builder().id(Long.toString(Archives.FIRST_MESSAGE + 1)).authorId("7")
                .authorName("bot").createdAtMillis(Archives.T0).components(List.of(
                        MessageComponent.of(MessageComponent.ACTION_ROW).components(List.of(
                                MessageComponent.of(MessageComponent.BUTTON).label("ok").build(),
                                MessageComponent.of(MessageComponent.BUTTON).label("x".repeat(81)).build())).build()))
                .build();
        try {
            archives.addMessages(archiveId, List.of(good, bad)).get();
        } catch (ExecutionException refused) {
            // Answered as refused in part: the dead letter says why.
        }
        assertThat(TopicReader.await("message-archives.DLT", r -> archiveId.equals(r.key()), 1, Duration.ofSeconds(30))
                .stream().map(r -> new String(r.headers().lastHeader("kafka_dlt-exception-message").value(),
                        StandardCharsets.UTF_8)).toList())
                .singleElement().asString()
                .contains("messages[1].components[0].components[1].label: is longer than 80 characters");
        eventually(() -> get("/archive/" + refusedPublicId + ".json").body().contains("\"size\":1"), "the good message is stored");
    }
}
