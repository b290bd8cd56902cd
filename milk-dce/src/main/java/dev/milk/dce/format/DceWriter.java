package dev.milk.dce.format;

import java.io.OutputStream;

import tools.jackson.core.JsonGenerator;
import tools.jackson.core.StreamWriteFeature;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * Writes a DCE JSON export as it streams, in the shape and order of DCE's {@code JsonMessageWriter}
 * (indented, {@code messageCount} last): the header, each message as it comes, then the end.
 * Absent fields are left out, as a reader of DCE's older exports expects some to be.
 */
public final class DceWriter implements AutoCloseable {

    private static final JsonMapper MAPPER = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT)
            .disable(StreamWriteFeature.AUTO_CLOSE_TARGET).build();

    private final JsonGenerator json;
    private long messages;

    public DceWriter(OutputStream out) {
        this.json = MAPPER.createGenerator(out);
    }

    public void header(DceHeader header) {
        json.writeStartObject();
        json.writeName("guild");
        json.writePOJO(header.guild());
        json.writeName("channel");
        json.writePOJO(header.channel());
        json.writeName("dateRange");
        json.writePOJO(header.dateRange() == null ? new DceHeader.DateRange(null, null) : header.dateRange());
        if (header.exportedAt() != null) {
            json.writeStringProperty("exportedAt", header.exportedAt());
        }
        json.writeName("messages");
        json.writeStartArray();
    }

    public void message(DceMessage message) {
        json.writePOJO(message);
        messages++;
    }

    /** Ends the messages and the export, and flushes it. */
    public void finish() {
        json.writeEndArray();
        json.writeNumberProperty("messageCount", messages);
        json.writeEndObject();
        json.flush();
    }

    /** Closes the generator, not the stream it writes to. */
    @Override
    public void close() {
        json.close();
    }
}
