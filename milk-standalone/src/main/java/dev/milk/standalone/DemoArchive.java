package dev.milk.standalone;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import dev.milk.archive.ArchiveEvent;
import dev.milk.archive.ArchiveMessage;
import dev.milk.client.MilkArchiveClient;

/**
 * A realistic archive for the demo: the channel's conversation before the raid ({@link DemoShowcase},
 * every feature of a Discord message), then a spam wave in #general, the moderators' replies, the
 * anti-raid bot's embeds, attachments, markdown, and a few hostile names that must stay text.
 */
final class DemoArchive {

    static final String ARCHIVE_ID = "demo-archive-spam-wave";
    static final int MESSAGES = 1_200;

    private static final long CHANNEL = Long.parseLong(DemoShowcase.CHANNEL);
    private static final Instant SHOWCASE_START = Instant.parse("2026-11-20T20:50:00Z");
    private static final String[] SPAM = {
        "FREE NITRO for everyone → https://discord-gifts.example/claim @everyone",
        "claim fast ||before it runs out|| https://steam-community.example/gift",
        "**OFFICIAL DISCORD GIVEAWAY** `discord.gg/totally-real` ~~limited~~ unlimited!",
        "hey i accidentally reported you, talk to <@1300000000000000000> to fix it",
        "<script>alert('spam')</script> you won an iPhone",
        "Get __verified__ now: [click here](https://verify-account.example/login)",
    };

    private DemoArchive() {
    }

    /** The message the demo's moderators remove, a spam bot's past the showcase. */
    static final int REMOVED = 30;
    /** The message edited after it was archived: the showcase's server rules. */
    static final int EDITED = 1;

    /** @return the public id */
    static String publish(String bootstrapServers) {
        Instant start = Instant.parse("2026-11-20T21:10:00Z");
        try (var milk = MilkArchiveClient.connect(bootstrapServers)) {
            String publicId = milk.create(new ArchiveEvent.Created(ARCHIVE_ID, DemoFeeder.GUILD, Long.toString(CHANNEL),
                    "general", "Spam wave purged by the anti-raid bot", "81384788765712384", start.toEpochMilli(), null))
                    .join();
            Instant sealed = start.plus(Duration.ofMinutes(30));
            milk.create(DemoShowcase.threadArchive(start)).join();
            milk.addMessages(DemoShowcase.THREAD_ARCHIVE_ID, DemoShowcase.threadMessages(SHOWCASE_START)).join();
            milk.seal(DemoShowcase.THREAD_ARCHIVE_ID, sealed).join();
            List<ArchiveMessage> messages = messages(new Random(11), start);
            for (int from = 0; from < messages.size(); from += 500) {
                milk.addMessages(ARCHIVE_ID, messages.subList(from, Math.min(messages.size(), from + 500)),
                        DemoShowcase.mentions()).join();
            }
            // An edit keeps what was said first; a removal leaves its place and the reason, nothing else.
            ArchiveMessage rules = messages.get(EDITED);
            milk.addMessages(ARCHIVE_ID, List.of(new ArchiveMessage(rules.id(), rules.authorId(), rules.authorName(),
                    rules.authorAvatarHash(), rules.authorIsBot(), rules.content() + "\n-# Pinned: read them first.",
                    rules.createdAtMillis(), rules.createdAtMillis() + 120_000, rules.replyToId(), rules.attachments(),
                    rules.embeds(), rules.stickers(), rules.type(), rules.authorRoleColor(), rules.mentions(),
                    rules.reactions(), rules.thread(), rules.poll(), rules.forwarded()))).join();
            milk.redact(ARCHIVE_ID, List.of(messages.get(REMOVED).id()), "Personal information, removed on request",
                    DemoShowcase.SARAH).join();
            milk.seal(ARCHIVE_ID, sealed).join();
            return publicId;
        }
    }

    static List<ArchiveMessage> messages(Random random, Instant start) {
        List<ArchiveMessage> messages = new ArrayList<>(DemoShowcase.messages(SHOWCASE_START));
        long id = 1_320_000_000_000_000_000L;
        long at = start.toEpochMilli();
        for (int i = messages.size(); i < MESSAGES; i++) {
            id += 4_194_304L * (1 + random.nextInt(50));
            at += 200 + random.nextInt(3_000);
            String messageId = Long.toString(id);
            if (i % 97 == 5) {
                messages.add(new ArchiveMessage(messageId, DemoShowcase.SARAH, "Mod Sarah",
                        DemoShowcase.avatarHash(DemoShowcase.SARAH), false,
                        "Raid detected, purging. Do **not** click any of these links. Report DMs in <#" + CHANNEL + ">.",
                        at, null, messages.get(i - 1).id(), List.of(new ArchiveMessage.Attachment(messageId,
                                "raid-screenshot.png", "image/png", 48_213L + i,
                                "https://cdn.discordapp.com/attachments/" + CHANNEL + "/" + messageId + "/raid-screenshot.png")),
                        List.of(), List.of()));
            } else if (i % 97 == 6) {
                messages.add(new ArchiveMessage(messageId, DemoShowcase.MILK_GUARD, "Milk Guard",
                        DemoShowcase.avatarHash(DemoShowcase.MILK_GUARD), true, "",
                        at, null, null, List.of(), List.of(new ArchiveMessage.Embed("Raid detected",
                                "**" + (40 + random.nextInt(400)) + "** accounts joined in 40 s. Verification raised.",
                                "https://milk.example/raid/demo", 0xED4245, List.of(
                                        new ArchiveMessage.Field("Action", "Banned", true),
                                        new ArchiveMessage.Field("Until", "<t:" + (at / 1000 + 3_600) + ":f>", true)))),
                        List.of()));
            } else {
                int bot = random.nextInt(40);
                String name = bot == 0 ? "\"><img src=x onerror=alert(1)>" : "spam_bot_" + bot;
                String author = Long.toString(1_300_000_000_000_000_000L + bot);
                // One bot in four keeps Discord's default avatar, as fresh accounts do.
                messages.add(new ArchiveMessage(messageId, author, name,
                        bot % 4 == 0 ? null : DemoShowcase.avatarHash(author), false, SPAM[random.nextInt(SPAM.length)], at, random.nextInt(30) == 0 ? at + 5_000 : null, null,
                        List.of(), List.of(), random.nextInt(50) == 0
                                ? List.of(new ArchiveMessage.Sticker("749054660769218631", "Wumpus wave"))
                                : List.of()));
            }
        }
        return messages;
    }
}
