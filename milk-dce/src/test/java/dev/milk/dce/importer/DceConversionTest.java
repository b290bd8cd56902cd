package dev.milk.dce.importer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Collections;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.milk.archive.ArchiveMessage;
import dev.milk.dce.format.DceMessage;

/** A DCE message as a bot would send it: what Milk would refuse is settled message by message. */
class DceConversionTest {

    private final DceConversion conversion = new DceConversion(LocalMedia.NONE, Path.of("exports"));

    private static DceMessage message(String id, String type, DceMessage.User author, List<DceMessage.Attachment> attachments,
            List<DceMessage.Embed> embeds, List<DceMessage.Reaction> reactions, DceMessage.Reference reference) {
        return new DceMessage(id, type, "2026-11-30T10:00:00+01:00", null, null, false, "hi", author, attachments, embeds,
                List.of(), reactions, List.of(), reference, null, null, List.of());
    }

    private static DceMessage.User user(String avatarUrl) {
        return new DceMessage.User("80351110224678912", "jamie", "0000", null, null, false, List.of(), avatarUrl);
    }

    @Test
    void unicodeEmojiHaveNoIdAndCustomOnesKeepTheirs() {
        var converted = conversion.convert(message("10", "Default", user(null), List.of(), List.of(), List.of(
                new DceMessage.Reaction(new DceMessage.Emoji("", "👍", "thumbsup", false, null), 2, null),
                new DceMessage.Reaction(new DceMessage.Emoji(null, "❤️", null, null, null), 1, null),
                new DceMessage.Reaction(new DceMessage.Emoji("77", "milk", "milk", true, null), 1, null)), null));
        assertThat(converted.message().reactions()).containsExactly(
                new ArchiveMessage.Reaction(new ArchiveMessage.Emoji(null, "👍", null), 2),
                new ArchiveMessage.Reaction(new ArchiveMessage.Emoji(null, "❤️", null), 1),
                new ArchiveMessage.Reaction(new ArchiveMessage.Emoji("77", "milk", true), 1));
        assertThat(converted.message().authorName()).as("no nickname: the user name").isEqualTo("jamie");
        assertThat(converted.message().createdAtMillis()).isEqualTo(java.time.Instant.parse("2026-11-30T09:00:00Z").toEpochMilli());
    }

    @Test
    void anAvatarsHashComesFromItsLinkOrFromTheNameMediaSavedItUnder() {
        assertThat(conversion.convert(message("10", null, user("https://cdn.discordapp.com/avatars/80351110224678912/a_0123456789abcdef0123456789abcdef.gif?size=512"),
                List.of(), List.of(), List.of(), null)).message().authorAvatarHash()).isEqualTo("a_0123456789abcdef0123456789abcdef");
        assertThat(conversion.convert(message("10", null, user("x_Files\\0123456789abcdef0123456789abcdef-8d4c2.png"),
                List.of(), List.of(), List.of(), null)).message().authorAvatarHash()).isEqualTo("0123456789abcdef0123456789abcdef");
        assertThat(conversion.convert(message("10", null, user("https://cdn.discordapp.com/embed/avatars/1.png"),
                List.of(), List.of(), List.of(), null)).message().authorAvatarHash()).isNull();
    }

    @Test
    void aPartMilkCannotKeepIsLeftOutSayingWhyAndTheRestKept() {
        List<DceMessage.Attachment> eleven = Collections.nCopies(11,
                new DceMessage.Attachment("20", "https://cdn.discordapp.com/a.png", "a.png", 5L));
        var converted = conversion.convert(message("10", "Default", user(null), eleven, List.of(), List.of(), null));
        assertThat(converted.message().attachments()).hasSize(10);
        assertThat(converted.left()).containsExactly("attachment 'a.png': Milk keeps 10 per message, as Discord does");

        converted = conversion.convert(message("10", "Default", user(null), List.of(
                new DceMessage.Attachment("21", "http://example.com/b.png", "b.png", 5L),
                new DceMessage.Attachment("22", "x_Files/c-0123456789abcdef.png", "c.png", 5L)), List.of(), List.of(), null));
        assertThat(converted.message().attachments()).isEmpty();
        assertThat(converted.left()).containsExactly(
                "attachment 'b.png' has a link that is not https (http://example.com/b.png); Milk keeps https links only",
                "attachment 'c.png' is a file beside the export (x_Files/c-0123456789abcdef.png), and MILK_IMPORT_DCE_MEDIA_URL is not set to copy it");
    }

    @Test
    void repliesForwardsAndKinds() {
        var reply = conversion.convert(message("10", "Reply", user(null), List.of(), List.of(), List.of(),
                new DceMessage.Reference(null, "9", "2", "1"))).message();
        assertThat(reply.type()).isEqualTo("reply");
        assertThat(reply.replyToId()).isEqualTo("9");
        var forward = conversion.convert(message("10", "Default", user(null), List.of(), List.of(), List.of(),
                new DceMessage.Reference("Forward", "9", "2", "1"))).message();
        assertThat(forward.replyToId()).isNull();
        assertThat(conversion.convert(message("10", "GuildMemberJoin", user(null), List.of(), List.of(), List.of(), null))
                .message().type()).isEqualTo("join");
        assertThat(conversion.convert(message("10", "RecipientAdd", user(null), List.of(), List.of(), List.of(), null))
                .message().type()).as("a kind Milk has no type for: an ordinary message with DCE's sentence").isNull();
    }

    @Test
    void aMessageWithoutAnIdAuthorOrTimeIsNotImported() {
        assertThatThrownBy(() -> conversion.convert(message("abc", null, user(null), List.of(), List.of(), List.of(), null)))
                .isInstanceOf(DceConversion.NotImported.class).hasMessage("id 'abc' is not a Discord id");
        assertThatThrownBy(() -> conversion.convert(message("10", null, null, List.of(), List.of(), List.of(), null)))
                .hasMessage("message 10 has no author");
        assertThatThrownBy(() -> conversion.convert(new DceMessage("10", null, "yesterday", null, null, null, "", user(null),
                null, null, null, null, null, null, null, null, null))).hasMessageContaining("timestamp 'yesterday'");
    }

    /** What the writers would refuse a whole batch of 200 for is settled here, one message at a time. */
    @Test
    void whatWouldCostTheWholeBatchIsCutOrLeftOutHere() {
        var embed = new DceMessage.Embed("t".repeat(300), null, null, "", null, new DceMessage.EmbedAuthor(null, null, null, null),
                null, null, null, null, null, List.of(new DceMessage.EmbedField("", "v", false),
                        new DceMessage.EmbedField("n", "v".repeat(1_100), true)), null);
        var stickers = Collections.nCopies(4, new DceMessage.Sticker("30", "wave", "Png", null));
        var m = new DceMessage("10", "Default", "2026-11-30T10:00:00+01:00", null, null, false, "hi", user(null), List.of(),
                List.of(embed), stickers, List.of(), List.of(), null, null, null, List.of());
        var converted = conversion.convert(m);
        ArchiveMessage.Embed kept = converted.message().embeds().getFirst();
        assertThat(kept.title()).hasSize(256);
        assertThat(kept.description()).isNull();
        assertThat(kept.author()).as("an author without a name").isNull();
        assertThat(kept.fields()).containsExactly(new ArchiveMessage.Field("n", "v".repeat(1_024), true));
        assertThat(converted.message().stickers()).hasSize(3);
        assertThat(converted.left()).contains("an embed's title cut to 256 characters, as Discord keeps",
                "an embed's field without a name or a value", "sticker 'wave': Milk keeps 3 per message, as Discord does");

        assertThatThrownBy(() -> conversion.convert(message("9223372036854775808", null, user(null), List.of(), List.of(),
                List.of(), null))).as("an id past a long").isInstanceOf(DceConversion.NotImported.class);
        var future = new DceMessage("10", "Default", "+999999999-01-01T00:00:00Z", null, null, false, "hi", user(null),
                List.of(), List.of(), List.of(), List.of(), List.of(), null, null, null, List.of());
        assertThatThrownBy(() -> conversion.convert(future)).isInstanceOf(DceConversion.NotImported.class)
                .hasMessageContaining("not a time Discord wrote");
    }
}
