package dev.milk.dce.format;

import java.io.InputStream;

import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads a DCE JSON export as it streams: the header, then one message at a time, each with the
 * line it starts on. Memory holds one message, whatever the export's size (DCE's exports of a
 * channel's whole history run to millions). A message that is JSON but not DCE's (a field of the
 * wrong kind) is handed back as {@link Unreadable} and the reading goes on; JSON that breaks off
 * (an export cut short) ends the reading with a {@link DceFormatException} naming the line, every
 * message before it having been read.
 */
public final class DceReader implements AutoCloseable {

    /** What {@link #next()} found: a message, or why the object at {@code line} is not one. */
    public sealed interface Item {

        long line();
    }

    public record Message(long line, DceMessage message) implements Item {
    }

    public record Unreadable(long line, String reason) implements Item {
    }

    private static final JsonMapper MAPPER = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .disable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .build();

    private final JsonParser parser;
    private DceHeader.Guild guild;
    private DceHeader.Channel channel;
    private DceHeader.DateRange dateRange;
    private String exportedAt;
    private boolean inMessages;
    private boolean done;

    private DceReader(JsonParser parser) {
        this.parser = parser;
    }

    /** Reads up to the first message; fails with {@link DceFormatException} when the start is not a DCE export. */
    public static DceReader open(InputStream in) {
        DceReader reader;
        try {
            reader = new DceReader(MAPPER.createParser(in));
        } catch (JacksonException e) {
            throw new DceFormatException(1, "cannot be read: " + e.getOriginalMessage());
        }
        reader.start();
        return reader;
    }

    private void start() {
        guarded(() -> {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                throw new DceFormatException(line(), "a DCE JSON export is one object, with guild, channel and messages");
            }
            readFields();
            return null;
        });
    }

    /** The header's fields, up to {@code messages} (DCE writes them first) or the end of the object. */
    private void readFields() {
        while (parser.nextToken() == JsonToken.PROPERTY_NAME) {
            String name = parser.currentName();
            JsonToken value = parser.nextToken();
            switch (name) {
                case "guild" -> guild = value == JsonToken.START_OBJECT ? parser.readValueAs(DceHeader.Guild.class) : null;
                case "channel" -> channel = value == JsonToken.START_OBJECT ? parser.readValueAs(DceHeader.Channel.class) : null;
                case "dateRange" -> dateRange = value == JsonToken.START_OBJECT ? parser.readValueAs(DceHeader.DateRange.class) : null;
                case "exportedAt" -> exportedAt = value == JsonToken.VALUE_STRING ? parser.getString() : null;
                case "messages" -> {
                    if (value == JsonToken.START_ARRAY) {
                        inMessages = true;
                        return;
                    }
                    parser.skipChildren();
                }
                default -> parser.skipChildren();
            }
        }
        done = true;
    }

    /** The header as read so far: all of it, when DCE wrote it (before the messages). */
    public DceHeader header() {
        return new DceHeader(guild, channel, dateRange, exportedAt);
    }

    /** @return the next message (or why it is not one), null after the last */
    public Item next() {
        return guarded(() -> {
            while (!done) {
                if (!inMessages) {
                    readFields();
                    continue;
                }
                JsonToken token = parser.nextToken();
                if (token == JsonToken.END_ARRAY) {
                    inMessages = false;
                    continue;
                }
                if (token == null) {
                    throw new DceFormatException(line(), "the export ends inside its messages");
                }
                long line = line();
                if (token != JsonToken.START_OBJECT) {
                    parser.skipChildren();
                    return new Unreadable(line, "is not a message object");
                }
                JsonNode tree = parser.readValueAsTree();
                try {
                    return new Message(line, MAPPER.treeToValue(tree, DceMessage.class));
                } catch (JacksonException e) {
                    return new Unreadable(line, "is not a DCE message: " + e.getOriginalMessage());
                }
            }
            return null;
        });
    }

    private long line() {
        return parser.currentTokenLocation().getLineNr();
    }

    private interface Step<T> {
        T run();
    }

    /** A syntax error ends the reading: the stream's position after one is not a message boundary. */
    private <T> T guarded(Step<T> step) {
        try {
            return step.run();
        } catch (JacksonException e) {
            done = true;
            long at = e.getLocation() != null && e.getLocation().getLineNr() > 0 ? e.getLocation().getLineNr() : line();
            throw new DceFormatException(at, "not JSON from here: " + e.getOriginalMessage());
        }
    }

    @Override
    public void close() {
        parser.close();
    }
}
