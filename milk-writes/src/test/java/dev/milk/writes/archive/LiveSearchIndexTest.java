package dev.milk.writes.archive;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;

import dev.milk.media.PostgresMediaStore;
import dev.milk.writes.media.StoredCopies;
import dev.milk.writes.store.StoreSlice;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

/**
 * A live archive's search index (V14), written a chunk at a time beside messages, late messages,
 * edits, removals and forgets arriving in any order, some while a chunk is being written: after
 * every step, each message up to where the index stands has its row exactly as the view says it
 * now, and none after; once sealed, every message has. So a search answers the same wherever the
 * indexer stood (the reads' tests check that a search reads the index up to there and the view after).
 */
@StoreSlice
// Each step commits: a chunk sees what the writers committed, and a writer runs beside a chunk.
@Transactional(propagation = Propagation.NOT_SUPPORTED)
class LiveSearchIndexTest {

    private static final Instant NOW = Instant.parse("2026-11-23T12:00:00Z");
    private static final long CREATED = 1763899000000L;
    private static final List<String> WORDS = List.of("raid", "spam", "nitro", "free", "hello", "rules", "cat");

    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    TransactionTemplate transactions;

    private ArchiveStore store;

    @Test
    void theIndexMatchesTheMessagesWhereverTheIndexerStood() {
        store = new ArchiveStore(jdbc, new SimpleMeterRegistry().counter("stored"),
                new StoredCopies(jdbc, new PostgresMediaStore(jdbc, transactions)), false, "");
        for (long seed = 1; seed <= 12; seed++) {
            new Sequence(new Random(seed)).run();
        }
    }

    /** One archive's generated history. */
    private final class Sequence {

        private final Random random;
        private final String archiveId = "archive-" + UUID.randomUUID();
        private final ArchiveRecords records = new ArchiveRecords(archiveId, NOW);
        private final TreeSet<Integer> sent = new TreeSet<>();
        private final ArchiveSearchIndexer indexer;
        /** Its own authors: a forget is of every guild, and applies to the messages that come after it too. */
        private final List<Long> authors;
        private long editedAt = CREATED + 10_000_000;
        private int next = 10;

        Sequence(Random random) {
            this.random = random;
            long first = 81384788765712385L + random.nextInt(1_000_000) * 10L;
            this.authors = List.of(first, first + 1, first + 2);
            int chunkMax = 1 + random.nextInt(6);
            this.indexer = new ArchiveSearchIndexer(jdbc, transactions, new SimpleMeterRegistry().counter("indexed"),
                    1 + random.nextInt(chunkMax), chunkMax);
        }

        void run() {
            apply(records.parse("""
                    {"type":"archive.created","archiveId":"%s","guildId":"81384788765712384","channelId":"2",
                     "channelName":"general","reason":"spam","createdBy":"3","createdAtMillis":%d}"""
                    .formatted(archiveId, CREATED)));
            // The indexer takes the live archive furthest behind: the other tests' wait.
            jdbc.update("UPDATE archive SET search_indexed_count = message_count + 1000000000 WHERE id <> ?", key());
            for (int step = 0; step < 40; step++) {
                if (random.nextInt(3) == 0) {
                    // Live archives are indexed as other chunks are: the other sequences' archives wait.
                    Supplier<ArchiveCommand> meanwhile = random.nextBoolean() ? this::change : null;
                    indexer.indexLiveChunk(() -> {
                        if (meanwhile != null) {
                            ArchiveCommand command = meanwhile.get();
                            CompletableFuture.runAsync(() -> apply(command)).join();
                        }
                    });
                } else {
                    apply(change());
                }
                assertThat(indexed()).as("seed's step %d", step).isEqualTo(expected(false));
            }
            apply(new ArchiveCommand.Seal(archiveId, NOW));
            while (jdbc.queryForObject("SELECT search_indexed_at IS NULL FROM archive WHERE id = ?", Boolean.class,
                    key())) {
                assertThat(indexer.indexOne()).isNotNegative();
            }
            assertThat(indexed()).as("sealed").isEqualTo(expected(true));
            apply(redaction(sent.first()));
            assertThat(indexed()).as("sealed, then a removal").isEqualTo(expected(true));
        }

        /** A command a writer may apply: new messages, a late one, an edit, a removal or a forget. */
        private ArchiveCommand change() {
            int kind = random.nextInt(10);
            if (kind < 4 || sent.isEmpty()) {
                List<String> messages = new ArrayList<>();
                for (int i = random.nextInt(3); i >= 0; i--) {
                    messages.add(message(next, null));
                    next += 10;
                }
                return messages(messages);
            }
            int some = sent.ceiling(random.nextInt(sent.last() + 1));
            return switch (kind) {
                case 4 -> messages(List.of(message(Math.max(1, some - 1 - random.nextInt(9)), null)));
                case 5, 6 -> messages(List.of(message(some, editedAt += 60_000)));
                case 7, 8 -> redaction(some);
                default -> new ArchiveCommand.Forget(null, authors.get(random.nextInt(authors.size())), 42, "gdpr");
            };
        }

        private String message(int n, Long edited) {
            sent.add(n);
            long author = authors.get(random.nextInt(authors.size()));
            String content = WORDS.get(random.nextInt(WORDS.size())) + " " + WORDS.get(random.nextInt(WORDS.size()))
                    + (random.nextBoolean() ? " <@" + authors.get(random.nextInt(authors.size())) + ">" : "")
                    + (random.nextInt(4) == 0 ? " https://milk.example/" + n : "");
            String parts = (random.nextInt(4) == 0 ? """
                    ,"attachments":[{"id":"1300000000000000999","filename":"scan.png","contentType":"image/png",
                     "size":10,"url":"https://cdn.discordapp.com/attachments/1/2/scan.png"}]""" : "")
                    + (random.nextInt(5) == 0 ? ",\"pinned\":true" : "");
            return """
                    {"id":"%d","authorId":"%d","authorName":"user %d","authorIsBot":false,"content":"%s",
                     "createdAtMillis":%d%s%s}""".formatted(id(n), author, author % 10, content, CREATED + n * 1_000L,
                    edited == null ? "" : ",\"editedAtMillis\":" + edited, parts);
        }

        private ArchiveCommand messages(List<String> messages) {
            return records.messages(messages);
        }

        private ArchiveCommand redaction(int n) {
            return records.redaction(id(n));
        }

        private void apply(ArchiveCommand command) {
            transactions.executeWithoutResult(status -> store.apply(List.of(command), NOW));
        }

        /** The archive's index rows, every column. */
        private List<String> indexed() {
            return jdbc.queryForList("""
                    SELECT (message_id, document, author, sent_at, has, is_edited, is_removed, is_pinned, mention_ids)::text
                    FROM archive_search WHERE archive_id = ? ORDER BY message_id""", String.class, key());
        }

        /** What the view says of the messages the index covers: up to where it stands, or all once {@code sealed}. */
        private List<String> expected(boolean sealed) {
            return jdbc.queryForList("""
                    SELECT (v.message_id, v.document, v.author, v.sent_at, v.has, v.is_edited, v.is_removed, v.is_pinned,
                            v.mention_ids)::text
                    FROM archive_message_search v JOIN archive a ON a.id = v.archive_id
                    WHERE v.archive_id = ? AND (? OR v.message_id <= a.search_indexed_through)
                    ORDER BY v.message_id""", String.class, key(), sealed);
        }

        private long key() {
            return jdbc.queryForObject("SELECT id FROM archive WHERE internal_id = ?", Long.class, archiveId);
        }

        private static long id(int n) {
            return 1300000000000000000L + n;
        }
    }
}
