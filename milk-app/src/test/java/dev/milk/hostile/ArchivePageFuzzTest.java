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
            "q", "form", "input", "button");
    private static final Set<String> ATTRIBUTES = Set.of("alt", "aria-hidden", "charset", "class", "content", "datetime",
            "height", "href", "id", "lang", "loading", "name", "rel", "src", "target", "title", "width",
            // the search form's
            "role", "method", "action", "type", "value", "maxlength", "required", "placeholder", "aria-label");
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

    private static String clip(String text, int length) {
        return text.length() <= length ? text : text.substring(0, length);
    }
}
