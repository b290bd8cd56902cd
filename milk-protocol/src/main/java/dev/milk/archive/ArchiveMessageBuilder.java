package dev.milk.archive;

import java.util.List;

/**
 * Builds an {@link ArchiveMessage} by name: its record has many optional parts, which a
 * constructor takes by position. Every part is absent until set.
 */
public final class ArchiveMessageBuilder {

    private String id;
    private String authorId;
    private String authorName;
    private String authorAvatarHash;
    private Boolean authorIsBot;
    private String content;
    private Long createdAtMillis;
    private Long editedAtMillis;
    private String replyToId;
    private List<ArchiveMessage.Attachment> attachments;
    private List<ArchiveMessage.Embed> embeds;
    private List<ArchiveMessage.Sticker> stickers;
    private String type;
    private Integer authorRoleColor;
    private ArchiveMessage.Mentions mentions;
    private List<ArchiveMessage.Reaction> reactions;
    private ArchiveMessage.ThreadLink thread;
    private ArchiveMessage.Poll poll;
    private ArchiveMessage.Forwarded forwarded;
    private Integer flags;
    private List<MessageComponent> components;
    private ArchiveMessage.RoleColors authorRoleColors;
    private ArchiveMessage.RoleIcon authorRoleIcon;
    private ArchiveMessage.PrimaryGuild authorPrimaryGuild;
    private ArchiveMessage.InteractionMetadata interactionMetadata;
    private ArchiveMessage.AutoModeration autoModeration;
    private ArchiveMessage.PollResult pollResult;
    private Boolean pinned;

    ArchiveMessageBuilder() {
    }

    /** A builder holding every part of {@code m}, to change some of them. */
    static ArchiveMessageBuilder of(ArchiveMessage m) {
        return new ArchiveMessageBuilder()
                .id(m.id())
                .authorId(m.authorId())
                .authorName(m.authorName())
                .authorAvatarHash(m.authorAvatarHash())
                .authorIsBot(m.authorIsBot())
                .content(m.content())
                .createdAtMillis(m.createdAtMillis())
                .editedAtMillis(m.editedAtMillis())
                .replyToId(m.replyToId())
                .attachments(m.attachments())
                .embeds(m.embeds())
                .stickers(m.stickers())
                .type(m.type())
                .authorRoleColor(m.authorRoleColor())
                .mentions(m.mentions())
                .reactions(m.reactions())
                .thread(m.thread())
                .poll(m.poll())
                .forwarded(m.forwarded())
                .flags(m.flags())
                .components(m.components())
                .authorRoleColors(m.authorRoleColors())
                .authorRoleIcon(m.authorRoleIcon())
                .authorPrimaryGuild(m.authorPrimaryGuild())
                .interactionMetadata(m.interactionMetadata())
                .autoModeration(m.autoModeration())
                .pollResult(m.pollResult())
                .pinned(m.pinned());
    }

    public ArchiveMessageBuilder id(String id) {
        this.id = id;
        return this;
    }

    public ArchiveMessageBuilder authorId(String authorId) {
        this.authorId = authorId;
        return this;
    }

    public ArchiveMessageBuilder authorName(String authorName) {
        this.authorName = authorName;
        return this;
    }

    public ArchiveMessageBuilder authorAvatarHash(String authorAvatarHash) {
        this.authorAvatarHash = authorAvatarHash;
        return this;
    }

    public ArchiveMessageBuilder authorIsBot(Boolean authorIsBot) {
        this.authorIsBot = authorIsBot;
        return this;
    }

    public ArchiveMessageBuilder content(String content) {
        this.content = content;
        return this;
    }

    public ArchiveMessageBuilder createdAtMillis(Long createdAtMillis) {
        this.createdAtMillis = createdAtMillis;
        return this;
    }

    public ArchiveMessageBuilder editedAtMillis(Long editedAtMillis) {
        this.editedAtMillis = editedAtMillis;
        return this;
    }

    public ArchiveMessageBuilder replyToId(String replyToId) {
        this.replyToId = replyToId;
        return this;
    }

    public ArchiveMessageBuilder attachments(List<ArchiveMessage.Attachment> attachments) {
        this.attachments = attachments;
        return this;
    }

    public ArchiveMessageBuilder embeds(List<ArchiveMessage.Embed> embeds) {
        this.embeds = embeds;
        return this;
    }

    public ArchiveMessageBuilder stickers(List<ArchiveMessage.Sticker> stickers) {
        this.stickers = stickers;
        return this;
    }

    public ArchiveMessageBuilder type(String type) {
        this.type = type;
        return this;
    }

    public ArchiveMessageBuilder authorRoleColor(Integer authorRoleColor) {
        this.authorRoleColor = authorRoleColor;
        return this;
    }

    public ArchiveMessageBuilder mentions(ArchiveMessage.Mentions mentions) {
        this.mentions = mentions;
        return this;
    }

    public ArchiveMessageBuilder reactions(List<ArchiveMessage.Reaction> reactions) {
        this.reactions = reactions;
        return this;
    }

    public ArchiveMessageBuilder thread(ArchiveMessage.ThreadLink thread) {
        this.thread = thread;
        return this;
    }

    public ArchiveMessageBuilder poll(ArchiveMessage.Poll poll) {
        this.poll = poll;
        return this;
    }

    public ArchiveMessageBuilder forwarded(ArchiveMessage.Forwarded forwarded) {
        this.forwarded = forwarded;
        return this;
    }

    public ArchiveMessageBuilder flags(Integer flags) {
        this.flags = flags;
        return this;
    }

    public ArchiveMessageBuilder components(List<MessageComponent> components) {
        this.components = components;
        return this;
    }

    public ArchiveMessageBuilder authorRoleColors(ArchiveMessage.RoleColors authorRoleColors) {
        this.authorRoleColors = authorRoleColors;
        return this;
    }

    public ArchiveMessageBuilder authorRoleIcon(ArchiveMessage.RoleIcon authorRoleIcon) {
        this.authorRoleIcon = authorRoleIcon;
        return this;
    }

    public ArchiveMessageBuilder authorPrimaryGuild(ArchiveMessage.PrimaryGuild authorPrimaryGuild) {
        this.authorPrimaryGuild = authorPrimaryGuild;
        return this;
    }

    public ArchiveMessageBuilder interactionMetadata(ArchiveMessage.InteractionMetadata interactionMetadata) {
        this.interactionMetadata = interactionMetadata;
        return this;
    }

    public ArchiveMessageBuilder autoModeration(ArchiveMessage.AutoModeration autoModeration) {
        this.autoModeration = autoModeration;
        return this;
    }

    public ArchiveMessageBuilder pollResult(ArchiveMessage.PollResult pollResult) {
        this.pollResult = pollResult;
        return this;
    }

    public ArchiveMessageBuilder pinned(Boolean pinned) {
        this.pinned = pinned;
        return this;
    }

    public ArchiveMessage build() {
        return new ArchiveMessage(id, authorId, authorName, authorAvatarHash, authorIsBot, content, createdAtMillis,
                editedAtMillis, replyToId, attachments, embeds, stickers, type, authorRoleColor, mentions, reactions,
                thread, poll, forwarded, flags, components, authorRoleColors, authorRoleIcon, authorPrimaryGuild,
                interactionMetadata, autoModeration, pollResult, pinned);
    }
}
