package dev.milk.writes.archive;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

/** Records of one archive as the bot publishes them, parsed as the writer parses them at {@code now}. */
record ArchiveRecords(String archiveId, Instant now) {

    /** @param messages each a message's JSON */
    ArchiveCommand messages(List<String> messages) {
        return parse("{\"type\":\"archive.messages\",\"archiveId\":\"" + archiveId + "\",\"messages\":["
                + String.join(",", messages) + "]}");
    }

    /** Moderators remove the message. */
    ArchiveCommand redaction(long messageId) {
        return parse("""
                {"type":"archive.redacted","archiveId":"%s","messageIds":["%d"],"reason":"doxxing","by":"42"}"""
                .formatted(archiveId, messageId));
    }

    ArchiveCommand parse(String json) {
        return ArchiveCommands.parse(archiveId, json.getBytes(StandardCharsets.UTF_8), now).orElseThrow();
    }
}
