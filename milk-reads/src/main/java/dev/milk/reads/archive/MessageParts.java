package dev.milk.reads.archive;

import java.util.List;

/**
 * The parts of an archived message as Milk publishes them (JSON API, pages, text). They are read
 * from the stored {@code jsonb} into these records, not into the wire's: a change to what bots send
 * never changes the public API unless these records change too.
 */
final class MessageParts {

    private MessageParts() {
    }

    record Attachment(String id, String filename, String contentType, Long size, String url) {
    }

    record Embed(String title, String description, String url, Integer color, List<Field> fields) {
    }

    record Field(String name, String value, Boolean inline) {
    }

    record Sticker(String id, String name) {
    }
}
