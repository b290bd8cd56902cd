package dev.milk.client;

import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import dev.milk.archive.ArchiveEvent;
import dev.milk.archive.ArchiveMessage;
import dev.milk.wire.EventJson;

/**
 * What a Java bot needs to archive messages with Milk. Every record is keyed by the archive id, so
 * one archive's events stay in order on one partition.
 *
 * <pre>{@code
 * try (var milk = MilkArchiveClient.connect("kafka:9092")) {
 *     String publicId = milk.create(new ArchiveEvent.Created("purge-7", guild, channel, "general",
 *             "spam wave", moderator, now, null)).join();
 *     milk.addMessages("purge-7", messages);      // as many batches as needed, up to 1,000 each
 *     milk.seal("purge-7", Instant.now());
 * }
 * }</pre>
 */
public final class MilkArchiveClient implements AutoCloseable {

    private final ReplyChannel channel;

    public MilkArchiveClient(MilkClientSettings settings) {
        this.channel = new ReplyChannel(settings);
    }

    public static MilkArchiveClient connect(String bootstrapServers) {
        return new MilkArchiveClient(MilkClientSettings.archives(bootstrapServers));
    }

    /**
     * @return the archive's public id, from Milk's reply; fails with {@link MilkRefusedException}
     *         when Milk refused the archive (its message names the bad field)
     */
    public CompletableFuture<String> create(ArchiveEvent.Created created) {
        return channel.request(created.archiveId(), EventJson.write(created)).thenApply(reply -> {
            ArchiveEvent answer = EventJson.read(reply.value(), ArchiveEvent.class);
            // instanceof, not a pattern switch: the client runs on Java 17.
            if (answer instanceof ArchiveEvent.Accepted accepted) {
                return accepted.publicId();
            }
            if (answer instanceof ArchiveEvent.Refused refused) {
                throw new MilkRefusedException(reply.status(), refused.error());
            }
            throw new IllegalStateException("Milk answered with " + answer.getClass().getSimpleName());
        });
    }

    /** Completes when Kafka has the batch; Milk does not answer it (bad messages go to the DLT). */
    public CompletableFuture<Void> addMessages(String archiveId, List<ArchiveMessage> messages) {
        return send(new ArchiveEvent.Messages(archiveId, messages));
    }

    /** As {@link #addMessages(String, List)}, naming once the users, roles and channels the batch mentions. */
    public CompletableFuture<Void> addMessages(String archiveId, List<ArchiveMessage> messages,
            ArchiveMessage.Mentions mentions) {
        return send(new ArchiveEvent.Messages(archiveId, messages, mentions));
    }

    public CompletableFuture<Void> seal(String archiveId, Instant sealedAt) {
        return send(new ArchiveEvent.Sealed(archiveId, sealedAt.toEpochMilli()));
    }

    /** A takedown: every page of the archive answers 410 Gone from then on. */
    public CompletableFuture<Void> delete(String archiveId, String reason) {
        return send(new ArchiveEvent.Deleted(archiveId, reason));
    }

    /**
     * Removes messages for privacy: their content is deleted, not hidden, and every route shows
     * "removed by moderators" with the reason; the archive keeps the audit trail.
     */
    public CompletableFuture<Void> redact(String archiveId, List<String> messageIds, String reason, String moderatorId) {
        return send(new ArchiveEvent.Redacted(archiveId, messageIds, reason, moderatorId, null));
    }

    /** Changes who may read the archive; Milk does not answer it (a refusal goes to the DLT). */
    public CompletableFuture<Void> changeVisibility(String archiveId, ArchiveEvent.Visibility visibility,
            String moderatorId, String reason) {
        return send(new ArchiveEvent.VisibilityChanged(archiveId, visibility, moderatorId, reason));
    }

    /**
     * A link that opens the archive without a login until {@code expiresAt} (at most a year ahead).
     *
     * @return Milk's reply: the share's id (to revoke it) and the link to hand out, whose token only
     *         this reply carries; fails with {@link MilkRefusedException} when Milk refused the share
     */
    public CompletableFuture<ArchiveEvent.Shared> share(String archiveId, Instant expiresAt, String moderatorId) {
        ArchiveEvent.Share share = new ArchiveEvent.Share(archiveId, expiresAt.toEpochMilli(), moderatorId);
        return channel.request(archiveId, EventJson.write(share)).thenApply(reply -> {
            ArchiveEvent answer = EventJson.read(reply.value(), ArchiveEvent.class);
            if (answer instanceof ArchiveEvent.Shared shared) {
                return shared;
            }
            if (answer instanceof ArchiveEvent.Refused refused) {
                throw new MilkRefusedException(reply.status(), refused.error());
            }
            throw new IllegalStateException("Milk answered with " + answer.getClass().getSimpleName());
        });
    }

    /** Ends a share link at once, on every reads replica. */
    public CompletableFuture<Void> revokeShare(String archiveId, String shareId, String moderatorId) {
        return send(new ArchiveEvent.ShareRevoked(archiveId, shareId, moderatorId));
    }

    /** A guild's staff roles and defaults (keyed by the guild id); the latest wins. */
    public CompletableFuture<Void> changeGuildAccess(ArchiveEvent.GuildAccess access) {
        return channel.send(access.guildId(), EventJson.write(access));
    }

    private CompletableFuture<Void> send(ArchiveEvent event) {
        return channel.send(event.archiveId(), EventJson.write(event));
    }

    @Override
    public void close() {
        channel.close();
    }
}
