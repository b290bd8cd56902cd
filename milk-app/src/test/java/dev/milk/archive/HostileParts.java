package dev.milk.archive;

import java.util.List;

import dev.milk.standalone.DemoComponents;

/**
 * The hostile corpus's parts of issue 27: every text a component, an author's extras, a command or
 * a system message carries (labels, placeholders, options, gallery descriptions, file names, tags,
 * role names, command names, AutoMod rules and keywords, poll results) is hostile, and so is every
 * link they hold. Some messages are components-v2 ones, some AutoMod actions or poll results, one
 * of every few a voice message.
 */
final class HostileParts {

    static final String SCRIPT = "<script>document.title='pwned'</script>";
    /** An https link that breaks out of an attribute if written unescaped. */
    static final String LINK = "https://cdn.discordapp.com/attachments/1/2/x.png?'onmouseover='alert(1)&x=%22%3E%3Cscript%3E";

    private HostileParts() {
    }

    static ArchiveMessage of(ArchiveMessage m, int i, String content) {
        var emoji = new ArchiveMessage.Emoji(null, "<img/src=x/onerror=alert(1)>", null);
        var media = ArchiveMessage.UnfurledMedia.of(LINK);
        List<MessageComponent> components = List.of(
                MessageComponent.of(MessageComponent.ACTION_ROW).components(List.of(
                        MessageComponent.of(MessageComponent.BUTTON).style(1).label(SCRIPT).emoji(emoji).build(),
                        MessageComponent.of(MessageComponent.BUTTON).style(5).label("\"><b>link</b>").url(LINK).build())).build(),
                MessageComponent.of(MessageComponent.ACTION_ROW).components(List.of(
                        MessageComponent.of(MessageComponent.STRING_SELECT).placeholder(SCRIPT).options(List.of(
                                new ArchiveMessage.SelectOption(SCRIPT, "<v>", "\"><svg onload=alert(1)>", emoji, true)))
                                .build())).build(),
                MessageComponent.of(MessageComponent.CONTAINER).accentColor(0xFF0000).spoiler(i % 2 == 0).components(List.of(
                        MessageComponent.of(MessageComponent.SECTION)
                                .components(List.of(MessageComponent.of(MessageComponent.TEXT_DISPLAY).content(content).build()))
                                .accessory(MessageComponent.of(MessageComponent.THUMBNAIL).media(media)
                                        .description(SCRIPT).spoiler(true).build()).build(),
                        MessageComponent.of(MessageComponent.MEDIA_GALLERY).items(List.of(
                                new ArchiveMessage.MediaItem(media, "\"><img src=x onerror=alert(1)>", null),
                                new ArchiveMessage.MediaItem(media, SCRIPT, true))).build(),
                        MessageComponent.of(MessageComponent.FILE).file(media).name("\"><img src=x onerror=alert(1)>.csv")
                                .size(10L).build(),
                        MessageComponent.of(MessageComponent.SEPARATOR).build(),
                        // A type Milk does not know, with a hostile label it never shows.
                        MessageComponent.of(99).label(SCRIPT).build())).build());
        var builder = m.toBuilder().components(components)
                .flags(i % 3 == 0 ? 1 << 15 : i % 3 == 1 ? (1 << 12) | (1 << 6) | (1 << 2) : 1 << 13)
                .authorRoleColors(new ArchiveMessage.RoleColors(0xFF0000, 0x00FF00, i % 2 == 0 ? 0x0000FF : null))
                .authorRoleIcon(new ArchiveMessage.RoleIcon(i % 2 == 0 ? "1" : null, i % 2 == 0 ? "a_0123" : null,
                        i % 2 == 0 ? null : "<img/src=x/onerror=alert(1)>", SCRIPT))
                .authorPrimaryGuild(new ArchiveMessage.PrimaryGuild("1", "</a>", "a_0123"))
                .interactionMetadata(new ArchiveMessage.InteractionMetadata("1", 2,
                        new ArchiveMessage.MentionedUser("1", SCRIPT, null), "<b onmouseover=alert(1)>ban</b>"))
                .reactions(List.of(new ArchiveMessage.Reaction(emoji, 3, new ArchiveMessage.CountDetails(1, 2),
                        List.of("#ff0000"))));
        if (i % 3 == 2) {
            builder.attachments(List.of(new ArchiveMessage.Attachment("1", "\"><img src=x onerror=alert(1)>.ogg",
                    "audio/ogg", 10L, LINK, 7.5, DemoComponents.waveform())));
        }
        if (i % 5 == 3) {
            builder.type("auto_moderation_action").autoModeration(new ArchiveMessage.AutoModeration(SCRIPT, "1",
                    "</span><svg onload=alert(1)>", "<i>nitro</i>", content.length() > 100 ? "x" : content, "blocked"));
        } else if (i % 5 == 1) {
            builder.type("poll_result").pollResult(new ArchiveMessage.PollResult(SCRIPT, "\"><img src=x onerror=alert(1)>",
                    emoji, 1, 2));
        }
        return builder.build();
    }
}
