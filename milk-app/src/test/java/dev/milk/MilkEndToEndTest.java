package dev.milk;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;

import dev.milk.archive.CdnStandIn;
import dev.milk.client.MilkArchiveClient;
import dev.milk.client.MilkRaidClient;
import dev.milk.raid.RaidResponse;
import dev.milk.raid.RaidUser;
import dev.milk.testing.MilkTestInfrastructure;
import dev.milk.testing.TestKafka;
import dev.milk.testing.Waits;

/**
 * Milk in role {@code all}, driven as a bot drives it (the publisher client over a real broker)
 * and read as the public reads it (HTTP on a real port).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"milk.role=all", "milk.reads-role.password=reads-secret",
            "milk.writes.archive.purge-interval=1s", "milk.writes.archive.search-index-interval=1s",
            "milk.reads.rate-limit.per-second=0"})
@Import(CdnMirror.class)
public abstract class MilkEndToEndTest {

    static {
        MilkTestInfrastructure.install();
        // Media copies come from the CDN stand-in (TestHosts gives it Discord's names): trusted, on
        // loopback, with caps and timeouts small enough for tests to reach them.
        CdnStandIn cdn = CdnStandIn.shared();
        System.setProperty("milk.media.trust-store", cdn.keystore().toString());
        System.setProperty("milk.media.trust-store-password", CdnStandIn.PASSWORD);
        System.setProperty("milk.media.allowed-hosts", "cdn.discordapp.com,media.discordapp.net,private.discordapp.net,"
                + TestHosts.REBINDING);
        System.setProperty("milk.media.allowed-networks", "127.0.0.1/32");
        System.setProperty("milk.media.max-file-size", "1MB");
        System.setProperty("milk.media.max-archive-size", "100KB");
        System.setProperty("milk.media.timeout", "2s");
        System.setProperty("milk.media.attempts", "2");
        System.setProperty("milk.media.retry-backoff", "200ms");
        System.setProperty("milk.media.interval", "200ms");
    }

    protected static final String GUILD = "81384788765712384";
    protected static MilkRaidClient client;
    protected static MilkArchiveClient archives;

    @LocalServerPort
    protected int port;

    /** Health and metrics: never on the public {@link #port}. */
    @LocalManagementPort
    protected int managementPort;

    /** After the context started: Milk's writer creates the topic the client reads replies from. */
    @BeforeEach
    void connect() {
        if (client == null) {
            client = MilkRaidClient.connect(TestKafka.bootstrapServers());
            archives = MilkArchiveClient.connect(TestKafka.bootstrapServers());
        }
    }

    @AfterAll
    static void disconnect() {
        if (client != null) {
            client.close();
            archives.close();
            client = null;
        }
    }

    protected static String newRaidId() {
        return "raid-" + UUID.randomUUID();
    }

    protected static RaidResponse await(java.util.concurrent.CompletableFuture<RaidResponse> reply) {
        try {
            return reply.get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError("no reply from Milk", e);
        }
    }

    /** Publishes {@code users} in records of at most 10,000, and returns the raid's public id. */
    protected static String publish(String raidId, List<RaidUser> users) {
        String publicId = await(client.createRaid(raidId, GUILD)).publicId();
        for (int from = 0; from < users.size(); from += 10_000) {
            await(client.insertUsers(raidId, GUILD, users.subList(from, Math.min(users.size(), from + 10_000))));
        }
        return publicId;
    }

    /** {@code count} accounts whose ids start at {@code firstId}, joining one per {@code spacingMillis}. */
    protected static List<RaidUser> accounts(long firstId, int count, long firstJoin, long spacingMillis) {
        List<RaidUser> users = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            users.add(new RaidUser(Long.toString(firstId + i), "bot" + i, null, 1_700_000_000_000L,
                    firstJoin + i * spacingMillis));
        }
        return users;
    }

    /** Polls until {@code condition} holds: archive events are not answered, so tests watch their effect. */
    protected static void eventually(java.util.function.BooleanSupplier condition, String what) {
        Waits.upTo(Duration.ofSeconds(30)).alias(what).until(condition::getAsBoolean);
    }

    protected HttpResponse<String> get(String path, String... headers) {
        return get(port, path, headers);
    }

    /** A GET of a Milk of a test's own, on {@code port}. */
    protected static HttpResponse<String> get(int port, String path, String... headers) {
        return LocalPorts.get(port, path, headers);
    }
}
