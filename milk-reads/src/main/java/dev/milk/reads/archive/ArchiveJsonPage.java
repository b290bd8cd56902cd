package dev.milk.reads.archive;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;


/** A page of the JSON API: ids as strings, ISO-8601 UTC times, keyset by message id. */
record ArchiveJsonPage(Archive archive, Messages messages) {

    record Archive(String guild, String channelId, String channelName, String reason, String createdBy,
            String createdAt, String sealedAt, String expiresAt, long size) {
    }

    /**
     * @param next     the cursor of the following page (a message id), null on the last one
     * @param mentions the users, roles and channels this page's messages mention, by name
     */
    record Messages(String next, int size, List<Message> data, PageMentions mentions) {
    }

    /** @param type null for an ordinary message, else Discord's type ({@code reply}, {@code join}, ...) */
    record Message(String id, String type, String authorId, String authorName, String authorAvatarHash,
            boolean authorIsBot, Integer authorRoleColor, String content, String createdAt, String editedAt,
            String replyToId, List<MessageParts.Attachment> attachments, List<MessageParts.Embed> embeds,
            List<MessageParts.Sticker> stickers, List<MessageParts.Reaction> reactions, MessageParts.ThreadLink thread,
            MessageParts.Poll poll, MessageParts.Forwarded forwarded) {
    }

    record PageMentions(List<User> users, List<Role> roles, List<Channel> channels) {
    }

    record User(String id, String name, String avatarHash) {
    }

    record Role(String id, String name, Integer color) {
    }

    record Channel(String id, String name) {
    }

    static ArchiveJsonPage of(ArchiveSummary a, List<ArchivedMessage> messages, Mentions mentions, String next) {
        return new ArchiveJsonPage(
                new Archive(string(a.guildId()), string(a.channelId()), a.channelName(), a.reason(),
                        string(a.createdBy()), iso(a.createdAt()), iso(a.sealedAt()), iso(a.expiresAt()),
                        a.messageCount()),
                new Messages(next, messages.size(), messages.stream().map(m -> new Message(Long.toString(m.id()),
                        m.type(), Long.toString(m.authorId()), m.authorName(), m.authorAvatarHash(), m.authorIsBot(),
                        m.authorColor(), m.content(), iso(m.createdAt()), iso(m.editedAt()), string(m.replyToId()),
                        m.attachments(), m.embeds(), m.stickers(), m.reactions(), m.thread(), m.poll(), m.forwarded()))
                        .toList(), new PageMentions(
                        sorted(mentions.users(), (id, n) -> new User(id, n.name(), n.avatarHash())),
                        sorted(mentions.roles(), (id, n) -> new Role(id, n.name(), n.color())),
                        sorted(mentions.channels(), (id, n) -> new Channel(id, n.name())))));
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
