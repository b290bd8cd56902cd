package dev.milk.writes.archive;

import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import dev.milk.writes.event.EventReader;
import dev.milk.writes.event.Fields;
import dev.milk.writes.event.InvalidEventException;
import dev.milk.archive.ArchiveEvent;
import dev.milk.archive.ArchiveMessage;

/** Turns a {@code message-archives} record into an {@link ArchiveCommand}, naming any bad field. */
public final class ArchiveCommands {

    public static final int MAX_CONTENT = 4_000;
    public static final int MAX_ATTACHMENTS = 10;
    public static final int MAX_EMBEDS = 10;
    public static final int MAX_MESSAGES_PER_RECORD = 1_000;
    private static final int MAX_ID_LENGTH = 64;
    private static final int MAX_NAME = 100;
    private static final int MAX_REASON = 1_000;
    private static final int MAX_URL = 2_048;

    private ArchiveCommands() {
    }

    /** @return empty for replies, which are not for Milk to act on */
    public static Optional<ArchiveCommand> parse(String key, byte[] value, Instant now) {
        ArchiveEvent event = EventReader.read(value, ArchiveEvent.class);
        if (event instanceof ArchiveEvent.Accepted || event instanceof ArchiveEvent.Refused) {
            return Optional.empty();
        }
        String archiveId = Fields.token("archiveId", event.archiveId(), MAX_ID_LENGTH, true);
        if (key != null && !key.equals(archiveId)) {
            throw InvalidEventException.field("archiveId",
                    "is '" + archiveId + "' but the record key is not: key records by archive id so they stay in order");
        }
        return Optional.of(switch (event) {
            case ArchiveEvent.Created c -> new ArchiveCommand.Create(archiveId,
                    Fields.snowflake("guildId", c.guildId()),
                    Fields.snowflake("channelId", c.channelId()),
                    Fields.text("channelName", c.channelName(), MAX_NAME),
                    Fields.optionalText("reason", c.reason(), MAX_REASON),
                    Fields.snowflake("createdBy", c.createdBy()),
                    Fields.time("createdAtMillis", c.createdAtMillis(), now),
                    expiry(c.expiresAtMillis()));
            case ArchiveEvent.Messages m -> messages(archiveId, m.messages(), now);
            case ArchiveEvent.Sealed s -> new ArchiveCommand.Seal(archiveId,
                    Fields.time("sealedAtMillis", s.sealedAtMillis(), now));
            case ArchiveEvent.Deleted d -> new ArchiveCommand.Delete(archiveId,
                    Fields.optionalText("reason", d.reason(), MAX_REASON));
            case ArchiveEvent.Accepted a -> throw new IllegalStateException("handled above");
            case ArchiveEvent.Refused r -> throw new IllegalStateException("handled above");
        });
    }

    /** An expiry may lie in the past (the archive is then gone at once) but must be a real time. */
    private static Instant expiry(Long millis) {
        if (millis == null) {
            return null;
        }
        if (millis < Fields.DISCORD_EPOCH.toEpochMilli() || millis > Instant.parse("9999-01-01T00:00:00Z").toEpochMilli()) {
            throw InvalidEventException.field("expiresAtMillis", "must be epoch milliseconds after 2015");
        }
        return Instant.ofEpochMilli(millis);
    }

    private static ArchiveCommand.AddMessages messages(String archiveId, List<ArchiveMessage> messages, Instant now) {
        if (messages == null) {
            throw InvalidEventException.field("messages", "is required");
        }
        if (messages.size() > MAX_MESSAGES_PER_RECORD) {
            throw InvalidEventException.field("messages",
                    "has " + messages.size() + " entries; at most " + MAX_MESSAGES_PER_RECORD + " per record");
        }
        List<StoredMessage> valid = new ArrayList<>(messages.size());
        List<String> problems = new ArrayList<>();
        for (int i = 0; i < messages.size(); i++) {
            try {
                valid.add(message("messages[" + i + "]", messages.get(i), now));
            } catch (InvalidEventException e) {
                problems.add(e.getMessage());
            }
        }
        if (valid.isEmpty() && !problems.isEmpty()) {
            throw InvalidEventException.field("messages", "none is valid: " + String.join("; ", problems));
        }
        InvalidEventException refused = problems.isEmpty() ? null : new InvalidEventException(
                InvalidEventException.Kind.INVALID_FIELD, problems.size() + " of " + messages.size()
                        + " messages refused, the others stored: " + String.join("; ", problems));
        return new ArchiveCommand.AddMessages(archiveId, valid, refused);
    }

    static StoredMessage message(String path, ArchiveMessage m, Instant now) {
        if (m == null) {
            throw InvalidEventException.field(path, "must be an object");
        }
        List<ArchiveMessage.Attachment> attachments = list(m.attachments());
        List<ArchiveMessage.Embed> embeds = list(m.embeds());
        List<ArchiveMessage.Sticker> stickers = list(m.stickers());
        if (attachments.size() > MAX_ATTACHMENTS) {
            throw InvalidEventException.field(path + ".attachments", "has more than " + MAX_ATTACHMENTS + " entries");
        }
        if (embeds.size() > MAX_EMBEDS) {
            throw InvalidEventException.field(path + ".embeds", "has more than " + MAX_EMBEDS + " entries");
        }
        for (int i = 0; i < attachments.size(); i++) {
            attachment(path + ".attachments[" + i + "]", attachments.get(i));
        }
        for (int i = 0; i < embeds.size(); i++) {
            embed(path + ".embeds[" + i + "]", embeds.get(i));
        }
        for (int i = 0; i < stickers.size(); i++) {
            ArchiveMessage.Sticker sticker = stickers.get(i);
            String at = path + ".stickers[" + i + "]";
            if (sticker == null) {
                throw InvalidEventException.field(at, "must be an object");
            }
            Fields.snowflake(at + ".id", sticker.id());
            Fields.text(at + ".name", sticker.name(), MAX_NAME);
        }
        String content = Fields.optionalText(path + ".content", m.content() == null ? "" : m.content(), MAX_CONTENT);
        Instant created = Fields.time(path + ".createdAtMillis", m.createdAtMillis(), now);
        return new StoredMessage(
                Fields.snowflake(path + ".id", m.id()),
                Fields.snowflake(path + ".authorId", m.authorId()),
                Fields.text(path + ".authorName", m.authorName(), MAX_NAME),
                Fields.token(path + ".authorAvatarHash", m.authorAvatarHash(), 64, false),
                Boolean.TRUE.equals(m.authorIsBot()),
                content,
                created,
                Fields.optionalTime(path + ".editedAtMillis", m.editedAtMillis(), now),
                m.replyToId() == null ? null : Fields.snowflake(path + ".replyToId", m.replyToId()),
                attachments, embeds, stickers);
    }

    private static void attachment(String path, ArchiveMessage.Attachment a) {
        if (a == null) {
            throw InvalidEventException.field(path, "must be an object");
        }
        Fields.snowflake(path + ".id", a.id());
        Fields.text(path + ".filename", a.filename(), 255);
        Fields.optionalText(path + ".contentType", a.contentType(), 255);
        if (a.size() == null || a.size() < 0) {
            throw InvalidEventException.field(path + ".size", "must be a number of bytes");
        }
        httpsUrl(path + ".url", a.url(), true);
    }

    private static void embed(String path, ArchiveMessage.Embed e) {
        if (e == null) {
            throw InvalidEventException.field(path, "must be an object");
        }
        Fields.optionalText(path + ".title", e.title(), 256);
        Fields.optionalText(path + ".description", e.description(), 4_096);
        httpsUrl(path + ".url", e.url(), false);
        if (e.color() != null && (e.color() < 0 || e.color() > 0xFFFFFF)) {
            throw InvalidEventException.field(path + ".color", "must be an RGB integer from 0 to 16777215");
        }
        List<ArchiveMessage.Field> fields = list(e.fields());
        if (fields.size() > 25) {
            throw InvalidEventException.field(path + ".fields", "has more than 25 entries");
        }
        for (int i = 0; i < fields.size(); i++) {
            ArchiveMessage.Field field = fields.get(i);
            if (field == null) {
                throw InvalidEventException.field(path + ".fields[" + i + "]", "must be an object");
            }
            Fields.text(path + ".fields[" + i + "].name", field.name(), 256);
            Fields.text(path + ".fields[" + i + "].value", field.value(), 1_024);
        }
    }

    /** Only https links are stored: whatever else a message carries, a page must never link to it. */
    private static void httpsUrl(String path, String url, boolean required) {
        if (url == null) {
            if (required) {
                throw InvalidEventException.field(path, "is required");
            }
            return;
        }
        Fields.optionalText(path, url, MAX_URL);
        try {
            URI uri = new URI(url);
            if (!"https".equalsIgnoreCase(uri.getScheme()) || uri.getHost() == null) {
                throw InvalidEventException.field(path, "must be an https URL");
            }
        } catch (java.net.URISyntaxException e) {
            throw InvalidEventException.field(path, "must be an https URL");
        }
    }

    private static <T> List<T> list(List<T> values) {
        return values == null ? List.of() : values;
    }
}
