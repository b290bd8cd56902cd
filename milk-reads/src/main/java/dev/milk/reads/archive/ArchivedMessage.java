package dev.milk.reads.archive;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * One stored message.
 *
 * @param type        null for an ordinary message, else Discord's type ({@code reply}, {@code join}, ...)
 * @param redactionId set when moderators removed the message: its content and parts are gone
 * @param flags       Discord's message flags, or null
 * @param pinned      pinned in the channel when the bot archived it
 * @param components  empty when it has none
 * @see #builder(long, Instant) to make one by name
 */
record ArchivedMessage(long id, long authorId, String authorName, String authorAvatarHash, boolean authorIsBot,
        String content, Instant createdAt, Instant editedAt, Long replyToId,
        List<MessageParts.Attachment> attachments, List<MessageParts.Embed> embeds,
        List<MessageParts.Sticker> stickers, String type, Integer authorColor, List<MessageParts.Reaction> reactions,
        MessageParts.ThreadLink thread, MessageParts.Poll poll, MessageParts.Forwarded forwarded, Long redactionId,
        Integer flags, List<MessageParts.Component> components, MessageParts.AuthorExtras authorExtras,
        MessageParts.InteractionMetadata interaction, MessageParts.SystemDetails systemDetails, boolean pinned) {

    /** Discord's flags that change what a page shows (reads keep their own copy of the contract's numbers). */
    static final int SUPPRESS_EMBEDS = 1 << 2;
    static final int EPHEMERAL = 1 << 6;
    static final int SILENT = 1 << 12;
    static final int VOICE_MESSAGE = 1 << 13;
    static final int COMPONENTS_V2 = 1 << 15;

    boolean flagged(int flag) {
        return flags != null && (flags & flag) != 0;
    }

    /** The markdown of its text displays, in the order a components-v2 message shows them. */
    List<String> textDisplays() {
        List<String> texts = new ArrayList<>();
        textDisplays(components, texts);
        return texts;
    }

    private static void textDisplays(List<MessageParts.Component> components, List<String> texts) {
        for (MessageParts.Component c : components) {
            if (c.content() != null) {
                texts.add(c.content());
            }
            textDisplays(c.components(), texts);
        }
    }

    /** Every text of the message that may hold mentions. */
    List<String> texts() {
        List<String> texts = new ArrayList<>();
        texts.add(content);
        texts.addAll(textDisplays());
        embeds.forEach(e -> embedTexts(e, texts));
        if (forwarded != null) {
            texts.add(forwarded.content());
            forwarded.embeds().forEach(e -> embedTexts(e, texts));
        }
        return texts;
    }

    private static void embedTexts(MessageParts.Embed e, List<String> texts) {
        if (e.description() != null) {
            texts.add(e.description());
        }
        e.fields().forEach(f -> texts.add(f.value()));
    }

    /** A message built by name: no text, no parts and every optional part null until set. */
    static Builder builder(long id, Instant createdAt) {
        return new Builder(id, createdAt);
    }

    static final class Builder {

        private final long id;
        private final Instant createdAt;
        private long authorId;
        private String authorName = "";
        private String authorAvatarHash;
        private boolean authorIsBot;
        private Integer authorColor;
        private String content = "";
        private Instant editedAt;
        private Long replyToId;
        private List<MessageParts.Attachment> attachments = List.of();
        private List<MessageParts.Embed> embeds = List.of();
        private List<MessageParts.Sticker> stickers = List.of();
        private String type;
        private List<MessageParts.Reaction> reactions = List.of();
        private MessageParts.ThreadLink thread;
        private MessageParts.Poll poll;
        private MessageParts.Forwarded forwarded;
        private Long redactionId;
        private Integer flags;
        private List<MessageParts.Component> components = List.of();
        private MessageParts.AuthorExtras authorExtras = MessageParts.AuthorExtras.NONE;
        private MessageParts.InteractionMetadata interaction;
        private MessageParts.SystemDetails systemDetails = MessageParts.SystemDetails.NONE;
        private boolean pinned;

        private Builder(long id, Instant createdAt) {
            this.id = id;
            this.createdAt = createdAt;
        }

        Builder authorId(long authorId) {
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

        Builder authorColor(Integer authorColor) {
            this.authorColor = authorColor;
            return this;
        }

        Builder content(String content) {
            this.content = content;
            return this;
        }

        Builder editedAt(Instant editedAt) {
            this.editedAt = editedAt;
            return this;
        }

        Builder replyToId(Long replyToId) {
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

        Builder type(String type) {
            this.type = type;
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

        Builder redactionId(Long redactionId) {
            this.redactionId = redactionId;
            return this;
        }

        Builder flags(Integer flags) {
            this.flags = flags;
            return this;
        }

        Builder components(List<MessageParts.Component> components) {
            this.components = components == null ? List.of() : components;
            return this;
        }

        Builder authorExtras(MessageParts.AuthorExtras authorExtras) {
            this.authorExtras = authorExtras == null ? MessageParts.AuthorExtras.NONE : authorExtras;
            return this;
        }

        Builder interaction(MessageParts.InteractionMetadata interaction) {
            this.interaction = interaction;
            return this;
        }

        Builder systemDetails(MessageParts.SystemDetails systemDetails) {
            this.systemDetails = systemDetails == null ? MessageParts.SystemDetails.NONE : systemDetails;
            return this;
        }

        Builder pinned(boolean pinned) {
            this.pinned = pinned;
            return this;
        }

        ArchivedMessage build() {
            return new ArchivedMessage(id, authorId, authorName, authorAvatarHash, authorIsBot, content, createdAt,
                    editedAt, replyToId, attachments, embeds, stickers, type, authorColor, reactions, thread, poll,
                    forwarded, redactionId, flags, components, authorExtras, interaction, systemDetails, pinned);
        }
    }
}
