package dev.milk.writes.archive;

import java.util.ArrayList;
import java.util.List;

import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Queues every link to a file or image of the stored messages for copying (the copy job downloads
 * them after the transaction), earlier versions' included: what a version showed is evidence too.
 * A link queued before is not queued again; a removed message's links are not queued at all.
 */
final class MediaQueue {

    private final JdbcTemplate jdbc;

    MediaQueue(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    void queue(List<IncomingMessages.Delivery> deliveries) {
        List<Long> archiveIds = new ArrayList<>();
        List<Long> messageIds = new ArrayList<>();
        List<String> urls = new ArrayList<>();
        List<String> kinds = new ArrayList<>();
        for (IncomingMessages.Delivery delivery : deliveries) {
            for (StoredMessage m : delivery.add().messages()) {
                for (MediaLinks.Link link : MediaLinks.of(m)) {
                    archiveIds.add(delivery.archive());
                    messageIds.add(m.id());
                    urls.add(link.url());
                    kinds.add(link.kind());
                }
            }
        }
        if (urls.isEmpty()) {
            return;
        }
        jdbc.update("""
                INSERT INTO archive_media (archive_id, message_id, url, kind)
                SELECT l.archive_id, l.message_id, l.url, l.kind
                FROM unnest(?::bigint[], ?::bigint[], ?::text[], ?::text[]) AS l (archive_id, message_id, url, kind)
                JOIN archive_message m ON m.archive_id = l.archive_id AND m.message_id = l.message_id
                WHERE m.redaction_id IS NULL
                ON CONFLICT DO NOTHING""", archiveIds.toArray(Long[]::new), messageIds.toArray(Long[]::new),
                urls.toArray(String[]::new), kinds.toArray(String[]::new));
    }
}
