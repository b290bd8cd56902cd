package dev.milk.reads.archive;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.Test;

import dev.milk.reads.web.PagePolicy;

/** Which images a reader's browser loads: Milk's copies and Discord's CDN, nothing else. */
class ArchivePageImagesTest {

    private static final Instant SENT = Instant.parse("2025-11-23T12:00:00Z");
    private static final String TRACKER = "https://tracker.example/";
    private static final String CDN = "https://cdn.discordapp.com/attachments/1/2/";
    private static final String KEY = "ab".repeat(32);

    private static MessageParts.Embed embed(String host) {
        return new MessageParts.Embed("title", "text", null, null, List.of(),
                new MessageParts.Author("author", null, host + "author.png"),
                new MessageParts.Footer("footer", host + "footer.png"), null,
                new MessageParts.Media(host + "image.png", null, null),
                new MessageParts.Media(host + "thumbnail.png", null, null), null, null);
    }

    private static ArchivedMessage message(long id, List<MessageParts.Attachment> attachments,
            List<MessageParts.Embed> embeds) {
        return ArchivedMessage.builder(id, SENT).authorId(42).authorName("author").attachments(attachments)
                .embeds(embeds).build();
    }

    private static Document page(List<ArchivedMessage> messages, MediaCopies copies) {
        var archive = new ArchiveSummary(1, "AbCdEfGhIjKl", 1L, 2L, "general", null, null, SENT, null, SENT, null,
                messages.size(), 0, false);
        var related = new Related(new HashMap<>(), Mentions.NONE, List.of(), Map.of(), copies);
        return Jsoup.parse(ArchivePage.render(archive, messages, related, null, null, SENT, null, null).html());
    }

    @Test
    void anOutsideHostsImagesAndIconsAreLinksNeverImages() {
        Document page = page(List.of(message(1, List.of(new MessageParts.Attachment("1", "photo.png", "image/png", 10L,
                TRACKER + "photo.png")), List.of(embed(TRACKER)))), MediaCopies.NONE);

        assertThat(page.select("img").eachAttr("src")).as("only the author's avatar loads")
                .containsExactly("/assets/avatars/0.svg");
        assertThat(page.select("a").eachAttr("href")).contains(TRACKER + "photo.png", TRACKER + "author.png",
                TRACKER + "footer.png", TRACKER + "image.png", TRACKER + "thumbnail.png");
        assertThat(page.select(".embed").hasClass("with-thumbnail")).isFalse();
    }

    @Test
    void discordsCdnAndMilksCopiesStillLoad() {
        var copy = new MediaCopies.Copy(2, TRACKER + "image.png", "embed_image", "stored", KEY, "image/png", 10L, null);
        Document page = page(List.of(message(1, List.of(new MessageParts.Attachment("1", "photo.png", "image/png", 10L,
                CDN + "photo.png")), List.of(embed(CDN))), message(2, List.of(), List.of(embed(TRACKER)))),
                MediaCopies.of(List.of(copy)));

        List<String> loaded = page.select("img").eachAttr("src");
        assertThat(loaded).contains(CDN + "photo.png", CDN + "author.png", CDN + "footer.png", CDN + "image.png",
                CDN + "thumbnail.png", "/media/" + KEY + "/image.png");
        assertThat(loaded).allMatch(src -> src.startsWith("/media/") || src.startsWith("/assets/")
                || src.startsWith("https://cdn.discordapp.com/"));
        Element second = page.getElementById("m2");
        assertThat(second.select("img").eachAttr("src")).containsExactly("/media/" + KEY + "/image.png");
    }

    @Test
    void thePolicyLetsImagesComeOnlyFromMilkAndDiscordsCdn() {
        assertThat(PagePolicy.POLICY).contains("img-src 'self' https://cdn.discordapp.com https://media.discordapp.net;")
                .doesNotContain("https:;").doesNotContain("https: ").doesNotContain("data:");
    }
}
