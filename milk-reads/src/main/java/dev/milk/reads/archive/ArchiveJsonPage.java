package dev.milk.reads.archive;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;


/** A page of the JSON API: ids as strings, ISO-8601 UTC times, keyset by message id. */
record ArchiveJsonPage(Archive archive, Messages messages) {

    /** @param redactions the audit trail: every removal by moderators, oldest first */
    record Archive(String guild, String channelId, String channelName, String reason, String createdBy,
            String createdAt, String sealedAt, String expiresAt, long size, List<Removal> redactions) {
    }

    /** @param byName the moderator's name when the archive knows it, else null */
    record Removal(String at, String by, String byName, String reason, List<String> messageIds) {
    }

    /** Why a message's content is gone. */
    record Removed(String at, String by, String reason) {
    }

    /** An earlier version of an edited message: {@code at} is when it was written. */
    record Version(String at, String content, List<MessageParts.Attachment> attachments,
            List<MessageParts.Embed> embeds) {
    }

    /**
     * @param next     the cursor of the following page (a message id), null on the last one
     * @param mentions the users, roles and channels this page's messages mention, by name
     */
    record Messages(String next, int size, List<Message> data, PageMentions mentions) {
    }

    /**
     * @param type     null for an ordinary message, else Discord's type ({@code reply}, {@code join}, ...)
     * @param removed  set when moderators removed the message: its content and parts are empty
     * @param versions the earlier versions of an edited message, oldest first
     * @param media    Milk's copies of what the message shows from Discord's CDN
     */
    record Message(String id, String type, String authorId, String authorName, String authorAvatarHash,
            boolean authorIsBot, Integer authorRoleColor, String content, String createdAt, String editedAt,
            String replyToId, List<MessageParts.Attachment> attachments, List<MessageParts.Embed> embeds,
            List<MessageParts.Sticker> stickers, List<MessageParts.Reaction> reactions, MessageParts.ThreadLink thread,
            MessageParts.Poll poll, MessageParts.Forwarded forwarded, Removed removed, List<Version> versions,
            List<Copy> media) {
    }

    /**
     * @param state    {@code pending} (being copied), {@code stored} or {@code failed}
     * @param copyUrl  where Milk serves the copy, once stored
     * @param error    why it is not copied, when it failed (or the last attempt's reason while pending)
     */
    record Copy(String url, String kind, String state, String copyUrl, String contentType, Long size, String error) {
    }

    record PageMentions(List<User> users, List<Role> roles, List<Channel> channels) {
    }

    record User(String id, String name, String avatarHash) {
    }

    record Role(String id, String name, Integer color) {
    }

    record Channel(String id, String name) {
    }

    static ArchiveJsonPage of(ArchiveSummary a, List<ArchivedMessage> messages, Related related, String next) {
        return new ArchiveJsonPage(archive(a, related),
                new Messages(next, messages.size(), messages.stream().map(m -> message(m, related)).toList(),
                        mentions(related.mentions())));
    }

    static Archive archive(ArchiveSummary a, Related related) {
        return new Archive(string(a.guildId()), string(a.channelId()), a.channelName(), a.reason(),
                string(a.createdBy()), iso(a.createdAt()), iso(a.sealedAt()), iso(a.expiresAt()),
                a.messageCount(), related.redactions().stream().map(r -> new Removal(iso(r.at()),
                        Long.toString(r.by()), r.byName(), r.reason(),
                        r.messageIds().stream().map(id -> Long.toString(id)).toList())).toList());
    }

    static PageMentions mentions(Mentions mentions) {
        return new PageMentions(
                sorted(mentions.users(), (id, n) -> new User(id, n.name(), n.avatarHash())),
                sorted(mentions.roles(), (id, n) -> new Role(id, n.name(), n.color())),
                sorted(mentions.channels(), (id, n) -> new Channel(id, n.name())));
    }

    static Message message(ArchivedMessage m, Related related) {
        Redaction removal = related.removal(m);
        return new Message(Long.toString(m.id()), m.type(), Long.toString(m.authorId()), m.authorName(),
                m.authorAvatarHash(), m.authorIsBot(), m.authorColor(), m.content(), iso(m.createdAt()),
                iso(m.editedAt()), string(m.replyToId()), m.attachments(), m.embeds(), m.stickers(), m.reactions(),
                m.thread(), m.poll(), m.forwarded(),
                removal == null ? null : new Removed(iso(removal.at()), Long.toString(removal.by()), removal.reason()),
                related.versions(m).stream()
                        .map(v -> new Version(iso(v.at()), v.content(), v.attachments(), v.embeds())).toList(),
                related.copies().ofMessage(m.id()).stream().map(c -> new Copy(c.url(), c.kind(), c.state(),
                        c.stored() ? related.copies().src(c.url()) : null, c.contentType(), c.size(), c.error())).toList());
    }

    private static <T> List<T> sorted(Map<Long, Mentions.Named> named,
            java.util.function.BiFunction<String, Mentions.Named, T> entry) {
        return named.entrySet().stream().sorted(Map.Entry.comparingByKey(Comparator.naturalOrder()))
                .map(e -> entry.apply(Long.toString(e.getKey()), e.getValue())).toList();
    }

    private static String string(Long value) {
        return value == null ? null : Long.toString(value);
    }

    private static String iso(Instant instant) {
        return instant == null ? null : instant.toString();
    }
}
