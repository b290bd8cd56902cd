package dev.milk.archive;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * One of Discord's message components, as it travels: which fields apply depends on its
 * {@code type} (Discord's numbers, {@link #ACTION_ROW} to {@link #CONTAINER}); the others are absent.
 * One record for every type, as Discord's own JSON has one object, so a bot maps it field by field.
 *
 * @param components  an action row's buttons or select menu, a section's text displays, a container's children
 * @param accessory   a section's thumbnail or button, shown at its right
 * @param style       a button's style: 1 primary, 2 secondary, 3 success, 4 danger, 5 link, 6 premium
 * @param url         a link button's address
 * @param placeholder a select menu's text before a choice
 * @param content     a text display's markdown
 * @param media       a thumbnail's picture
 * @param description a thumbnail's alt text
 * @param spoiler     a thumbnail, file or container hidden until clicked
 * @param items       a media gallery's pictures
 * @param file        a file component's file; {@code name} and {@code size} describe it
 * @param divider     whether a separator draws a line
 * @param spacing     a separator's space: 1 small, 2 large
 * @param accentColor a container's colour bar, RGB
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record MessageComponent(Integer type, Integer id, List<MessageComponent> components, MessageComponent accessory,
        Integer style, String label, ArchiveMessage.Emoji emoji, String url, Boolean disabled, String customId,
        String placeholder, List<ArchiveMessage.SelectOption> options, Integer minValues, Integer maxValues,
        String content, ArchiveMessage.UnfurledMedia media, String description, Boolean spoiler,
        List<ArchiveMessage.MediaItem> items, ArchiveMessage.UnfurledMedia file, String name, Long size,
        Boolean divider, Integer spacing, Integer accentColor) {

    public static final int ACTION_ROW = 1;
    public static final int BUTTON = 2;
    public static final int STRING_SELECT = 3;
    public static final int TEXT_INPUT = 4;
    public static final int USER_SELECT = 5;
    public static final int ROLE_SELECT = 6;
    public static final int MENTIONABLE_SELECT = 7;
    public static final int CHANNEL_SELECT = 8;
    public static final int SECTION = 9;
    public static final int TEXT_DISPLAY = 10;
    public static final int THUMBNAIL = 11;
    public static final int MEDIA_GALLERY = 12;
    public static final int FILE = 13;
    public static final int SEPARATOR = 14;
    public static final int CONTAINER = 17;

    /** A component of Discord's {@code type}, every other field set by name. */
    public static Builder of(int type) {
        return new Builder().type(type);
    }

    /** Names each of the many fields: the record's constructor takes them by position. */
    public static final class Builder {

        private Integer type;
        private Integer id;
        private List<MessageComponent> components;
        private MessageComponent accessory;
        private Integer style;
        private String label;
        private ArchiveMessage.Emoji emoji;
        private String url;
        private Boolean disabled;
        private String customId;
        private String placeholder;
        private List<ArchiveMessage.SelectOption> options;
        private Integer minValues;
        private Integer maxValues;
        private String content;
        private ArchiveMessage.UnfurledMedia media;
        private String description;
        private Boolean spoiler;
        private List<ArchiveMessage.MediaItem> items;
        private ArchiveMessage.UnfurledMedia file;
        private String name;
        private Long size;
        private Boolean divider;
        private Integer spacing;
        private Integer accentColor;

        private Builder() {
        }

        public Builder type(Integer type) {
            this.type = type;
            return this;
        }

        public Builder id(Integer id) {
            this.id = id;
            return this;
        }

        public Builder components(List<MessageComponent> components) {
            this.components = components;
            return this;
        }

        public Builder accessory(MessageComponent accessory) {
            this.accessory = accessory;
            return this;
        }

        public Builder style(Integer style) {
            this.style = style;
            return this;
        }

        public Builder label(String label) {
            this.label = label;
            return this;
        }

        public Builder emoji(ArchiveMessage.Emoji emoji) {
            this.emoji = emoji;
            return this;
        }

        public Builder url(String url) {
            this.url = url;
            return this;
        }

        public Builder disabled(Boolean disabled) {
            this.disabled = disabled;
            return this;
        }

        public Builder customId(String customId) {
            this.customId = customId;
            return this;
        }

        public Builder placeholder(String placeholder) {
            this.placeholder = placeholder;
            return this;
        }

        public Builder options(List<ArchiveMessage.SelectOption> options) {
            this.options = options;
            return this;
        }

        public Builder minValues(Integer minValues) {
            this.minValues = minValues;
            return this;
        }

        public Builder maxValues(Integer maxValues) {
            this.maxValues = maxValues;
            return this;
        }

        public Builder content(String content) {
            this.content = content;
            return this;
        }

        public Builder media(ArchiveMessage.UnfurledMedia media) {
            this.media = media;
            return this;
        }

        public Builder description(String description) {
            this.description = description;
            return this;
        }

        public Builder spoiler(Boolean spoiler) {
            this.spoiler = spoiler;
            return this;
        }

        public Builder items(List<ArchiveMessage.MediaItem> items) {
            this.items = items;
            return this;
        }

        public Builder file(ArchiveMessage.UnfurledMedia file) {
            this.file = file;
            return this;
        }

        public Builder name(String name) {
            this.name = name;
            return this;
        }

        public Builder size(Long size) {
            this.size = size;
            return this;
        }

        public Builder divider(Boolean divider) {
            this.divider = divider;
            return this;
        }

        public Builder spacing(Integer spacing) {
            this.spacing = spacing;
            return this;
        }

        public Builder accentColor(Integer accentColor) {
            this.accentColor = accentColor;
            return this;
        }

        public MessageComponent build() {
            return new MessageComponent(type, id, components, accessory, style, label, emoji, url, disabled, customId, placeholder, options, minValues, maxValues, content, media, description, spoiler, items, file, name, size, divider, spacing, accentColor);
        }
    }
}
