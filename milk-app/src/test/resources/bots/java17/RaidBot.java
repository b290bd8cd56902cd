import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.milk.client.MilkRaidClient;
import dev.milk.raid.RaidResponse;
import dev.milk.raid.RaidUser;

/**
 * A bot on Java 17 logging a raid with milk-client, as README's "Logging a raid from a Java bot"
 * shows: creates it, adds the accounts, concludes it, and prints the page to post. Java17BotTest
 * compiles and runs it with JDK 17 on milk-client's runtime classpath alone.
 */
public class RaidBot {

    public static void main(String[] args) {
        Map<String, String> env = System.getenv();
        String guildId = env.getOrDefault("GUILD_ID", "81384788765712384");
        String raidId = env.getOrDefault("RAID_ID", "java-" + UUID.randomUUID());

        // Ids are decimal strings, times epoch milliseconds; the avatar hash may be null.
        List<RaidUser> detected = List.of(
                new RaidUser("1100000000000000001", "spam-bot-1", null, 1_700_000_000_000L, 1_763_899_201_000L),
                new RaidUser("1100000000000000002", "spam-bot-2", null, 1_700_000_000_000L, 1_763_899_202_000L),
                new RaidUser("1100000000000000003", "spam-bot-3", null, 1_700_000_000_000L, 1_763_899_203_000L));

        try (MilkRaidClient milk = MilkRaidClient.connect(env.getOrDefault("KAFKA_BROKERS", "localhost:9092"))) {
            RaidResponse created = accepted(milk.createRaid(raidId, guildId).join());
            accepted(milk.insertUsers(raidId, guildId, detected).join());       // at most 10,000 a call
            accepted(milk.concludeRaid(raidId, guildId, Instant.now()).join()); // null: now
            System.out.println(env.getOrDefault("MILK_URL", "http://localhost:8080") + "/raid/" + created.publicId());
        }
    }

    /** A refused request completes too, with acknowledged false and Milk's reason in error. */
    static RaidResponse accepted(RaidResponse reply) {
        if (!reply.acknowledged()) {
            throw new IllegalStateException("Milk refused it: " + reply.error());
        }
        return reply;
    }
}
