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
     * @param type     null for an ordinary message, else Discord's type ({@code reply}, {@code join}, ...), or
     *                 its number when Milk names none
     * @param removed  set when moderators removed the message: its content and parts are empty
     * @param versions the earlier versions of an edited message, oldest first
     * @param media    Milk's copies of what the message shows from Discord's CDN
     */
    record Message(String id, String type, String authorId, String authorName, String authorAvatarHash,
            boolean authorIsBot, Integer authorRoleColor, String content, String createdAt, String editedAt,
            String replyToId, List<MessageParts.Attachment> attachments, List<MessageParts.Embed> embeds,
            List<MessageParts.Sticker> stickers, List<MessageParts.Reaction> reactions, MessageParts.ThreadLink thread,
            MessageParts.Poll poll, MessageParts.Forwarded forwarded, Integer flags,
            List<MessageParts.Component> components, MessageParts.RoleColors authorRoleColors,
            MessageParts.RoleIcon authorRoleIcon, MessageParts.PrimaryGuild authorPrimaryGuild,
            MessageParts.InteractionMetadata interactionMetadata, MessageParts.AutoModeration autoModeration,
            MessageParts.PollResult pollResult, Boolean pinned, Removed removed, List<Version> versions, List<Copy> media) {

        static Builder builder(String id) {
            return new Builder(id);
        }

        /** The JSON's order is the record's; the builder names each part. */
        static final class Builder {

            private final String id;
            private String type;
            private String authorId;
            private String authorName;
            private String authorAvatarHash;
            private boolean authorIsBot;
            private Integer authorRoleColor;
            private String content;
            private String createdAt;
            private String editedAt;
            private String replyToId;
            private List<MessageParts.Attachment> attachments;
            private List<MessageParts.Embed> embeds;
            private List<MessageParts.Sticker> stickers;
            private List<MessageParts.Reaction> reactions;
            private MessageParts.ThreadLink thread;
            private MessageParts.Poll poll;
            private MessageParts.Forwarded forwarded;
            private Integer flags;
            private List<MessageParts.Component> components;
            private MessageParts.AuthorExtras authorExtras = MessageParts.AuthorExtras.NONE;
            private MessageParts.InteractionMetadata interactionMetadata;
            private MessageParts.SystemDetails systemDetails = MessageParts.SystemDetails.NONE;
            private Boolean pinned;
            private Removed removed;
            private List<Version> versions;
            private List<Copy> media;

            private Builder(String id) {
                this.id = id;
            }

            Builder type(String type) {
                this.type = type;
                return this;
            }

            Builder authorId(String authorId) {
                this.authorId = authorId;
                return this;
            }

            Builder authorName(String authorName) {
                this.authorName = authorName;
                return this;
            }

            Builder authorAvatarHash(String authorAvatarHash) {
                this.authorAvatarHash = authorAvatarHash;
                return this;
            }

            Builder authorIsBot(boolean authorIsBot) {
                this.authorIsBot = authorIsBot;
                return this;
            }

            Builder authorRoleColor(Integer authorRoleColor) {
                this.authorRoleColor = authorRoleColor;
                return this;
            }

            Builder content(String content) {
                this.content = content;
                return this;
            }

            Builder createdAt(String createdAt) {
                this.createdAt = createdAt;
                return this;
            }

            Builder editedAt(String editedAt) {
                this.editedAt = editedAt;
                return this;
            }

            Builder replyToId(String replyToId) {
                this.replyToId = replyToId;
                return this;
            }

            Builder attachments(List<MessageParts.Attachment> attachments) {
                this.attachments = attachments;
                return this;
            }

            Builder embeds(List<MessageParts.Embed> embeds) {
                this.embeds = embeds;
                return this;
            }

            Builder stickers(List<MessageParts.Sticker> stickers) {
                this.stickers = stickers;
                return this;
            }

            Builder reactions(List<MessageParts.Reaction> reactions) {
                this.reactions = reactions;
                return this;
            }

            Builder thread(MessageParts.ThreadLink thread) {
                this.thread = thread;
                return this;
            }

            Builder poll(MessageParts.Poll poll) {
                this.poll = poll;
                return this;
            }

            Builder forwarded(MessageParts.Forwarded forwarded) {
                this.forwarded = forwarded;
                return this;
            }

            Builder flags(Integer flags) {
                this.flags = flags;
                return this;
            }

            Builder components(List<MessageParts.Component> components) {
                this.components = components;
                return this;
            }

            Builder authorExtras(MessageParts.AuthorExtras authorExtras) {
                this.authorExtras = authorExtras;
                return this;
            }

            Builder interactionMetadata(MessageParts.InteractionMetadata interactionMetadata) {
                this.interactionMetadata = interactionMetadata;
                return this;
            }

            Builder systemDetails(MessageParts.SystemDetails systemDetails) {
                this.systemDetails = systemDetails;
                return this;
            }

            /** Said only when true: absent, the message was not known to be pinned. */
            Builder pinned(boolean pinned) {
                this.pinned = pinned ? Boolean.TRUE : null;
                return this;
            }

            Builder removed(Removed removed) {
                this.removed = removed;
                return this;
            }

            Builder versions(List<Version> versions) {
                this.versions = versions;
                return this;
            }

            Builder media(List<Copy> media) {
                this.media = media;
                return this;
            }

            Message build() {
                return new Message(id, type, authorId, authorName, authorAvatarHash, authorIsBot, authorRoleColor,
                        content, createdAt, editedAt, replyToId, attachments, embeds, stickers, reactions, thread, poll,
                        forwarded, flags, components, authorExtras.roleColors(), authorExtras.roleIcon(),
                        authorExtras.primaryGuild(), interactionMetadata, systemDetails.autoModeration(),
                        systemDetails.pollResult(), pinned, removed, versions, media);
            }
        }
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
        // A removal empties these columns; a writer of an older release (a rolling update) did not know them.
        boolean removed = removal != null;
        return Message.builder(Long.toString(m.id()))
                .type(m.type())
                .authorId(Long.toString(m.authorId()))
                .authorName(m.authorName())
                .authorAvatarHash(m.authorAvatarHash())
                .authorIsBot(m.authorIsBot())
                .authorRoleColor(m.authorColor())
                .content(m.content())
                .createdAt(iso(m.createdAt()))
                .editedAt(iso(m.editedAt()))
                .replyToId(string(m.replyToId()))
                .attachments(m.attachments())
                .embeds(m.embeds())
                .stickers(m.stickers())
                .reactions(m.reactions())
                .thread(m.thread())
                .poll(m.poll())
                .forwarded(m.forwarded())
                .flags(m.flags())
                .components(removed ? List.of() : m.components())
                .authorExtras(removed ? MessageParts.AuthorExtras.NONE : m.authorExtras())
                .interactionMetadata(removed ? null : m.interaction())
                .systemDetails(removed ? MessageParts.SystemDetails.NONE : m.systemDetails())
                .pinned(m.pinned())
                .removed(removal == null ? null
                        : new Removed(iso(removal.at()), Long.toString(removal.by()), removal.reason()))
                .versions(related.versions(m).stream()
                        .map(v -> new Version(iso(v.at()), v.content(), v.attachments(), v.embeds())).toList())
                .media(related.copies().ofMessage(m.id()).stream().map(c -> new Copy(c.url(), c.kind(), c.state(),
                        c.stored() ? related.copies().src(c.url()) : null, c.contentType(), c.size(), c.error())).toList())
                .build();
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
