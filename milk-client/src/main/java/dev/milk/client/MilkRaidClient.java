package dev.milk.client;

import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import dev.milk.wire.EventJson;
import dev.milk.raid.RaidAction;
import dev.milk.raid.RaidEnvelope;
import dev.milk.raid.RaidRequest;
import dev.milk.raid.RaidResponse;
import dev.milk.raid.RaidUser;

/**
 * What a Java bot needs to log raids with Milk. Each call sends one request and returns a future
 * of Milk's reply, which carries the public id to post in the log channel. The future fails with a
 * {@link java.util.concurrent.TimeoutException} when no reply comes within the configured timeout.
 * A refused request completes too, with {@code acknowledged == false} and Milk's reason in
 * {@code error}. The client speaks generation 2 of Beemo's broker wire, so Milk and Beemo's own
 * clients can share the topic.
 *
 * <pre>{@code
 * try (var milk = MilkRaidClient.connect("kafka:9092")) {
 *     String publicId = milk.createRaid("raid-42", "81384788765712384", "My Server", "40 joins in a minute")
 *             .join().publicId();
 *     milk.insertUsers("raid-42", "81384788765712384", detected).join();
 *     milk.concludeRaid("raid-42", "81384788765712384", null).join();
 * }
 * }</pre>
 *
 * Wait for {@code create-raid}'s reply before concluding: the protocol keys records by action, so
 * on a topic with several partitions a conclusion could otherwise overtake its raid's creation.
 */
public final class MilkRaidClient implements AutoCloseable {

    private final ReplyChannel channel;

    public MilkRaidClient(MilkClientSettings settings) {
        this.channel = new ReplyChannel(settings);
    }

    public static MilkRaidClient connect(String bootstrapServers) {
        return new MilkRaidClient(MilkClientSettings.raids(bootstrapServers));
    }

    public CompletableFuture<RaidResponse> createRaid(String raidId, String guildId) {
        return send(RaidAction.CREATE_RAID, RaidRequest.create(raidId, guildId));
    }

    /**
     * Creates the raid with what the page shows of it: "Raid on {@code guildName}", and why.
     * Either may be null (left out of the request). The first request that brings each is kept:
     * a later one, or a raid that already has them, changes nothing.
     *
     * @param guildName the guild's name when the raid was detected, at most 100 characters, one line
     * @param reason    what the bot detected, free text of at most 1,000 characters
     */
    public CompletableFuture<RaidResponse> createRaid(String raidId, String guildId, String guildName, String reason) {
        return send(RaidAction.CREATE_RAID, RaidRequest.create(raidId, guildId, guildName, reason));
    }

    /** At most 10,000 users per call; split larger raids into several calls. */
    public CompletableFuture<RaidResponse> insertUsers(String raidId, String guildId, List<RaidUser> users) {
        return send(RaidAction.BATCH_INSERT_RAID_USERS, RaidRequest.insertUsers(raidId, guildId, users));
    }

    /** @param concludedAt the raid's end, or null for "now" */
    public CompletableFuture<RaidResponse> concludeRaid(String raidId, String guildId, Instant concludedAt) {
        Long millis = concludedAt == null ? null : concludedAt.toEpochMilli();
        return send(RaidAction.CONCLUDE_RAID, RaidRequest.conclude(raidId, guildId, millis));
    }

    public CompletableFuture<RaidResponse> send(RaidAction action, RaidRequest request) {
        return channel.request(action.key(), EventJson.write(RaidEnvelope.of(request)))
                .thenApply(reply -> EventJson.read(reply.value(), RaidEnvelope.class).response());
    }

    @Override
    public void close() {
        channel.close();
    }
}
