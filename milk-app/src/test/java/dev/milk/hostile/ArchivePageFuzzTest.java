package dev.milk.hostile;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;

import org.jsoup.Jsoup;
import org.jsoup.nodes.Attribute;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.Test;

import dev.milk.MilkEndToEndTest;
import dev.milk.archive.ArchiveEvent;
import dev.milk.archive.ArchiveMessage;
import dev.milk.archive.MessageComponent;

/**
 * Whole archive pages of generated messages (markdown, names, filenames, links, embeds built from
 * hostile fragments, from a seeded random source, so reproducible), published through Kafka as a
 * bot would and read over HTTP, then parsed: no element, attribute or link the page itself does
 * not write survives.
 */
class ArchivePageFuzzTest extends MilkEndToEndTest {

    @org.springframework.beans.factory.annotation.Autowired
    org.springframework.jdbc.core.JdbcTemplate jdbc;

    private static final long SEED = 20261124L;
    private static final int MESSAGES = 400;
    private static final Set<String> ELEMENTS = Set.of("html", "head", "meta", "title", "link", "style", "body", "header",
            "main", "nav", "h1", "h2", "p", "article", "div", "span", "strong", "em", "u", "s", "code", "pre", "blockquote",
            "br", "a", "time", "img", "figure", "figcaption", "dl", "dt", "dd", "details", "summary", "ol", "li", "section",
            "q", "form", "input", "button",
            // components, voice messages
            "hr", "ul", "svg", "rect", "audio");
    private static final Set<String> ATTRIBUTES = Set.of("alt", "aria-hidden", "charset", "class", "content", "datetime",
            "height", "href", "id", "lang", "loading", "name", "rel", "src", "target", "title", "width",
            // the search form's
            "role", "method", "action", "type", "value", "maxlength", "required", "placeholder", "aria-label",
            // a voice message's waveform and player
            "viewbox", "x", "y", "rx", "fill", "controls", "preload");
    private static final String[] PIECES = {"**", "*", "__", "_", "~~", "||", "`", "```", "> ", "\n", " ", "[", "](",
        ")", "<", ">", "&", "\"", "'", "=", "<@1>", "<#2>", "<@&3>", "<t:1763899200:R>", "<:x:4>", "https://milk.dev/a?b=1&c",
        "javascript:alert(1)", "<script>alert(1)</script>", "<img src=x onerror=alert(1)>", "\" onmouseover=\"alert(1)",
        "</style><script>", "\u202E", "\uD800", "é", "word"};

    @Test
    void noGeneratedMessageLeavesMarkupOfItsOwn() throws Exception {
        Random random = new Random(SEED);
        java.util.function.Supplier<String> texts = () -> {
            StringBuilder text = new StringBuilder();
            for (int n = 1 + random.nextInt(30); n > 0; n--) {
                text.append(PIECES[random.nextInt(PIECES.length)]);
            }
            return text.toString();
        };
        String archiveId = "fuzz-" + System.nanoTime();
        String publicId = archives.create(new ArchiveEvent.Created(archiveId, "1", "2",
                "<script>alert(1)</script>\u202E \" onmouseover=\"", "reason <img src=x onerror=alert(1)>", "3",
                1_763_899_000_000L, null)).get();
        List<ArchiveMessage> messages = new ArrayList<>();
        for (int i = 0; i < MESSAGES; i++) {
            String link = "https://cdn.example/" + texts.get().replaceAll("[\\s\\n]", "");
            messages.add(new ArchiveMessage(Long.toString(1_320_000_000_000_000_000L + i), Long.toString(10 + i % 7),
                    clip(texts.get(), 100), i % 3 == 0 ? null : "a_" + i, i % 5 == 0, clip(texts.get(), 4_000),
                    1_763_899_000_000L + i * 1_000L, i % 4 == 0 ? 1_763_899_900_000L : null,
                    i > 0 && i % 6 == 0 ? Long.toString(1_320_000_000_000_000_000L + i - 1) : null,
                    i % 4 == 1 ? List.of(new ArchiveMessage.Attachment(Long.toString(i), clip(texts.get(), 255),
                            i % 8 == 1 ? "image/png" : "text/html", 1_000L + i, clip(link, 2_000))) : List.of(),
                    i % 4 == 2 ? List.of(new ArchiveMessage.Embed(clip(texts.get(), 256), clip(texts.get(), 4_000),
                            clip(link, 2_000), random.nextInt(0x1000000), List.of(new ArchiveMessage.Field(
                                    clip(texts.get(), 256), clip(texts.get(), 1_024), random.nextBoolean()))))
                            : List.of(),
                    i % 9 == 3 ? List.of(new ArchiveMessage.Sticker("5", clip(texts.get(), 100))) : List.of()));
            if (i % 5 == 3) {
                messages.set(i, laterParts(messages.get(i), i, texts, clip(link, 2_000)));
            }
        }
        archives.addMessages(archiveId, messages).get();
        archives.seal(archiveId, Instant.ofEpochMilli(1_763_899_999_000L)).get();
        eventually(() -> get("/archive/" + publicId + ".json").body().contains("\"sealedAt\":\""), "the archive is sealed");

        String html = get("/archive/" + publicId).body();
        Document page = Jsoup.parse(html);
        List<String> problems = new ArrayList<>();
        for (Element element : page.getAllElements()) {
            if (element.tagName().equals("#root")) {
                continue;
            }
            if (!ELEMENTS.contains(element.tagName())) {
                problems.add("<" + element.tagName() + ">");
            }
            for (Attribute attribute : element.attributes()) {
                if (!ATTRIBUTES.contains(attribute.getKey())) {
                    problems.add(attribute.getKey() + " on <" + element.tagName() + ">");
                }
                if ((attribute.getKey().equals("href") || attribute.getKey().equals("src")
                        || attribute.getKey().equals("action"))
                        && !attribute.getValue().matches("(https://|http://|/|#)\\S*")) {
                    problems.add(attribute.getKey() + "=" + attribute.getValue());
                }
            }
        }
        assertThat(problems).as("markup of the messages' own on the page").isEmpty();
        assertThat(page.select("style")).as("only the page's own colours").hasSizeLessThanOrEqualTo(1);
        // Messages holding half a surrogate pair are refused (not valid Unicode); every stored one is shown.
        Integer stored = jdbc.queryForObject("SELECT message_count FROM archive WHERE internal_id = ?", Integer.class,
                archiveId);
        assertThat(stored).isPositive();
        assertThat(page.select("article")).as("every stored message shown").hasSize(stored);
    }

    /** Issue 27's parts, every text of them generated: components, a server tag, a command, AutoMod, a voice message. */
    private static ArchiveMessage laterParts(ArchiveMessage m, int i, java.util.function.Supplier<String> texts, String link) {
        var media = ArchiveMessage.UnfurledMedia.of(link);
        var builder = m.toBuilder().flags(i % 2 == 0 ? 1 << 15 : 1 << 13).components(List.of(
                MessageComponent.of(MessageComponent.ACTION_ROW).components(List.of(
                        MessageComponent.of(MessageComponent.BUTTON).style(1 + i % 5).label(clip(texts.get(), 80))
                                .url(i % 5 == 4 ? link : null).build(),
                        MessageComponent.of(MessageComponent.STRING_SELECT).placeholder(clip(texts.get(), 150))
                                .options(List.of(new ArchiveMessage.SelectOption(clip(texts.get(), 100), "v",
                                        clip(texts.get(), 100), null, null))).build())).build(),
                MessageComponent.of(MessageComponent.CONTAINER).accentColor(i % 0x1000000).components(List.of(
                        MessageComponent.of(MessageComponent.SECTION).components(List.of(
                                MessageComponent.of(MessageComponent.TEXT_DISPLAY).content(clip(texts.get(), 2_000)).build()))
                                .accessory(MessageComponent.of(MessageComponent.THUMBNAIL).media(media)
                                        .description(clip(texts.get(), 1_024)).build()).build(),
                        MessageComponent.of(MessageComponent.MEDIA_GALLERY).items(List.of(new ArchiveMessage.MediaItem(
                                media, clip(texts.get(), 1_024), i % 2 == 0))).build(),
                        MessageComponent.of(MessageComponent.FILE).file(media).name(clip(texts.get(), 255)).build()))
                        .build()))
                .authorPrimaryGuild(new ArchiveMessage.PrimaryGuild(null, clip(texts.get(), 4), null))
                .authorRoleIcon(new ArchiveMessage.RoleIcon(null, null, "🛡️", clip(texts.get(), 100)))
                .interactionMetadata(new ArchiveMessage.InteractionMetadata(null, 2,
                        new ArchiveMessage.MentionedUser("1", clip(texts.get(), 100), null), clip(texts.get(), 100)))
                .attachments(List.of(new ArchiveMessage.Attachment("1", clip(texts.get(), 255), "audio/ogg", 10L, link,
                        1.5 * i, java.util.Base64.getEncoder().encodeToString(clip(texts.get(), 80).getBytes(
                                java.nio.charset.StandardCharsets.UTF_8)))));
        if (i % 10 == 3) {
            builder.type("auto_moderation_action").autoModeration(new ArchiveMessage.AutoModeration(
                    clip(texts.get(), 100), null, clip(texts.get(), 100), clip(texts.get(), 100), null, null));
        } else {
            builder.type("poll_result").pollResult(new ArchiveMessage.PollResult(clip(texts.get(), 300),
                    clip(texts.get(), 100), null, 1, 3));
        }
        return builder.build();
    }

    private static String clip(String text, int length) {
        return text.length() <= length ? text : text.substring(0, length);
    }
}
