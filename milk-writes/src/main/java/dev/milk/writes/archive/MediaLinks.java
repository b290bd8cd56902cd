package dev.milk.writes.archive;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.milk.archive.ArchiveMessage;
import dev.milk.archive.MessageComponent;
import dev.milk.media.DiscordCdn;

/**
 * What of a message is copied into Milk's storage: every link to an image or file it shows, its
 * author's avatar included (Discord's link to it stops working once the user changes it).
 */
final class MediaLinks {

    /**
     * @param kind {@code avatar}, {@code attachment}, {@code embed_image}, {@code embed_thumbnail}, {@code sticker},
     *             {@code emoji}, {@code component_media} (a thumbnail or gallery picture), {@code component_file},
     *             {@code role_icon} or {@code tag_badge}
     */
    record Link(String url, String kind) {
    }

    private static final Pattern CUSTOM_EMOJI = Pattern.compile("<(a?):\\w{1,32}:(\\d{1,20})>");

    private MediaLinks() {
    }

    /** Each link once, in the order the message shows them. */
    static List<Link> of(StoredMessage m) {
        Map<String, String> links = new LinkedHashMap<>();
        // The link the page shows: one row per message, as every link has, but one download per
        // avatar, since the copier reuses a stored copy of the same link (MediaCopier).
        String avatar = DiscordCdn.avatar(m.authorId(), m.authorAvatarHash(), DiscordCdn.AVATAR_SIZE);
        if (avatar != null) {
            links.put(avatar, "avatar");
        }
        if (m.authorExtras() != null) {
            authorExtras(m.authorExtras(), links);
        }
        parts(m.attachments(), m.embeds(), m.stickers(), links);
        emoji(m.content(), links);
        components(m.components(), links);
        if (m.forwarded() != null) {
            ArchiveMessage.Forwarded f = m.forwarded();
            parts(f.attachments() == null ? List.of() : f.attachments(), f.embeds() == null ? List.of() : f.embeds(),
                    f.stickers() == null ? List.of() : f.stickers(), links);
            emoji(f.content(), links);
        }
        m.reactions().forEach(r -> emoji(r.emoji(), links));
        if (m.poll() != null) {
            m.poll().answers().forEach(a -> emoji(a.emoji(), links));
        }
        return links.entrySet().stream().map(e -> new Link(e.getKey(), e.getValue())).toList();
    }

    private static void parts(List<ArchiveMessage.Attachment> attachments, List<ArchiveMessage.Embed> embeds,
            List<ArchiveMessage.Sticker> stickers, Map<String, String> links) {
        attachments.forEach(a -> links.putIfAbsent(a.url(), "attachment"));
        for (ArchiveMessage.Embed e : embeds) {
            if (e.image() != null && e.image().url() != null) {
                links.putIfAbsent(e.image().url(), "embed_image");
            }
            if (e.thumbnail() != null && e.thumbnail().url() != null) {
                links.putIfAbsent(e.thumbnail().url(), "embed_thumbnail");
            }
        }
        for (ArchiveMessage.Sticker s : stickers) {
            String url = DiscordCdn.sticker(s.id(), s.format());
            if (url != null) {
                links.putIfAbsent(url, "sticker");
            }
        }
    }

    private static void authorExtras(StoredMessage.AuthorExtras extras, Map<String, String> links) {
        if (extras.roleIcon() != null) {
            String icon = DiscordCdn.roleIcon(extras.roleIcon().roleId(), extras.roleIcon().icon());
            if (icon != null) {
                links.putIfAbsent(icon, "role_icon");
            }
        }
        if (extras.primaryGuild() != null) {
            String badge = DiscordCdn.tagBadge(extras.primaryGuild().identityGuildId(), extras.primaryGuild().badge());
            if (badge != null) {
                links.putIfAbsent(badge, "tag_badge");
            }
        }
    }

    /**
     * A components-v2 message's pictures and files are in its components, not its attachments:
     * copied all the same, or the archive would lose them with Discord's links.
     */
    private static void components(List<MessageComponent> components, Map<String, String> links) {
        if (components == null) {
            return;
        }
        for (MessageComponent c : components) {
            if (c.media() != null) {
                links.putIfAbsent(c.media().url(), "component_media");
            }
            if (c.items() != null) {
                c.items().forEach(item -> links.putIfAbsent(item.media().url(), "component_media"));
            }
            if (c.file() != null) {
                links.putIfAbsent(c.file().url(), "component_file");
            }
            emoji(c.emoji(), links);
            emoji(c.content(), links);
            if (c.options() != null) {
                c.options().forEach(o -> emoji(o.emoji(), links));
            }
            if (c.accessory() != null) {
                components(List.of(c.accessory()), links);
            }
            components(c.components(), links);
        }
    }

    private static void emoji(String text, Map<String, String> links) {
        if (text == null) {
            return;
        }
        Matcher m = CUSTOM_EMOJI.matcher(text);
        while (m.find()) {
            links.putIfAbsent(DiscordCdn.emoji(m.group(2), !m.group(1).isEmpty()), "emoji");
        }
    }

    private static void emoji(ArchiveMessage.Emoji emoji, Map<String, String> links) {
        if (emoji != null && emoji.id() != null) {
            links.putIfAbsent(DiscordCdn.emoji(emoji.id(), Boolean.TRUE.equals(emoji.animated())), "emoji");
        }
    }
}
