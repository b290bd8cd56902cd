package dev.milk.standalone;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.ApplicationListener;

import dev.milk.client.MilkRaidClient;
import dev.milk.raid.RaidUser;

/**
 * Feeds a fresh Milk realistic content, through Kafka like a bot does, so a newcomer has pages to
 * open at once. Safe to repeat: the same raid ids come back with the same public ids, and accounts
 * already stored are ignored.
 */
final class DemoFeeder implements ApplicationListener<ApplicationReadyEvent> {

    static final String GUILD = "81384788765712384";
    static final String WAVE_RAID = "demo-raid-wave";
    static final String LIVE_RAID = "demo-raid-live";
    static final int WAVE_ACCOUNTS = 50_000;

    private static final Logger log = LoggerFactory.getLogger(DemoFeeder.class);
    private static final String[] STEMS = {"nitro", "free", "giveaway", "crypto", "airdrop", "steam", "gift",
        "mod", "support", "admin", "bot", "raid", "spam", "promo", "drop"};
    /** Raid bots pick names to fool or to attack: every one of these must render as plain text. */
    private static final String[] HOSTILE = {"<script>alert('milk')</script>", "\"><img src=x onerror=alert(1)>",
        "discord.gg/free-nitro", "@everyone", "Free Nitro \uD83C\uDF81", "\u202Egnp.exe", "ｄｉｓｃｏｒｄ ｍｏｄ",
        "line\nbreak", "**bold** `code`", "Robert'); DROP TABLE raid;--"};

    private final String bootstrapServers;
    private final int httpPort;

    DemoFeeder(String bootstrapServers, int httpPort) {
        this.bootstrapServers = bootstrapServers;
        this.httpPort = httpPort;
    }

    @Override
    public void onApplicationEvent(ApplicationReadyEvent event) {
        int port = event.getApplicationContext().getEnvironment().getProperty("local.server.port", Integer.class,
                httpPort);
        Thread.ofVirtual().name("milk-demo").start(() -> feed(port));
    }

    private void feed(int port) {
        try (var milk = MilkRaidClient.connect(bootstrapServers)) {
            Instant start = Instant.parse("2026-11-20T21:14:03.250Z");
            String wave = milk.createRaid(WAVE_RAID, GUILD, "Milk Demo Server",
                    "50,000 joins in 7 minutes; most accounts 3 days old").join().publicId();
            List<RaidUser> accounts = accounts(new Random(42), WAVE_ACCOUNTS, start);
            for (int from = 0; from < accounts.size(); from += 10_000) {
                milk.insertUsers(WAVE_RAID, GUILD, accounts.subList(from, from + 10_000)).join();
            }
            milk.concludeRaid(WAVE_RAID, GUILD, start.plus(Duration.ofMinutes(7))).join();

            String live = milk.createRaid(LIVE_RAID, GUILD, "Milk Demo Server", "120 joins in 90 seconds").join()
                    .publicId();
            milk.insertUsers(LIVE_RAID, GUILD, accounts(new Random(7), 120, Instant.now().minusSeconds(90))).join();

            String archive = DemoArchive.publish(bootstrapServers);

            String base = "http://localhost:" + port;
            log.info("""
                    Demo content is ready:
                      {}/raid/{}.html   a concluded raid of 50,000 accounts: its wave, ages and patterns
                      {}/raid/{}        the same as plain text (the first 2,000), .json for every account
                      {}/raid/{}        a raid still in progress
                      {}/archive/{}     a purged spam wave of 1,200 messages, as Discord shows it""",
                    base, wave, base, wave, base, live, base, archive);
        } catch (RuntimeException e) {
            log.warn("demo content could not be published: {}", e.toString());
        }
    }

    /** Accounts joining in waves: bursts of up to 500 sharing one millisecond, as real raids do. */
    static List<RaidUser> accounts(Random random, int count, Instant start) {
        List<RaidUser> accounts = new ArrayList<>(count);
        long join = start.toEpochMilli();
        long created = start.minus(Duration.ofDays(3)).toEpochMilli();
        HexFormat hex = HexFormat.of();
        for (int i = 0; i < count; i++) {
            if (random.nextInt(500) == 0 || i % 500 == 0) {
                join += 1 + random.nextInt(2_000);
            }
            String name = i % 997 == 0 ? HOSTILE[(i / 997) % HOSTILE.length]
                    : STEMS[random.nextInt(STEMS.length)] + "_" + STEMS[random.nextInt(STEMS.length)]
                            + random.nextInt(10_000);
            byte[] avatar = new byte[16];
            random.nextBytes(avatar);
            accounts.add(new RaidUser(Long.toString(1_300_000_000_000_000_000L + i * 4_194_304L + random.nextInt(4096)),
                    name, random.nextInt(3) == 0 ? null : hex.formatHex(avatar),
                    created + random.nextInt(86_400_000), join));
        }
        return accounts;
    }
}
