package dev.milk.standalone;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.function.Consumer;

import dev.milk.archive.ArchiveEvent;
import dev.milk.archive.ArchiveMessage;
import dev.milk.archive.ArchiveMessageBuilder;
import dev.milk.archive.ArchiveMessage.Emoji;

/**
 * The conversation before the spam wave in the demo archive: one of everything a Discord message
 * can hold (system lines, headings, lists, subtext, mentions in role colours, custom and jumbo emoji,
 * relative times, masked links, full embeds, a poll, a forwarded message, a thread with its own
 * archive, stickers, reactions, and {@link DemoComponents}' buttons, menus, components-v2 layouts, a
 * voice message, super reactions, role gradients and icons, server tags, commands, flags, AutoMod,
 * raid alerts and a poll's result), so a newcomer sees every feature on the first page. Browser
 * tests render the same messages.
 */
public final class DemoShowcase {

    /** The bot's id of the archive that holds the thread's own messages. */
    public static final String THREAD_ARCHIVE_ID = "demo-archive-ban-appeals";
    public static final String CHANNEL = "1100000000000000001";
    public static final String RULES_CHANNEL = "1100000000000000002";
    public static final String SARAH = "81384788765712384";
    public static final String JAMIE = "1300000000000000100";
    public static final String ALEX = "1300000000000000101";
    public static final String MILK_GUARD = "1200000000000000042";
    public static final String MODERATORS_ROLE = "1250000000000000001";
    public static final String MILK_EMOJI = "1190000000000000001";
    public static final String WAVE_EMOJI = "1190000000000000002";
    public static final int MODERATOR_COLOUR = 0xE67E22;
    public static final int HELPER_COLOUR = 0x2ECC71;

    private static final long FIRST_ID = 1_319_000_000_000_000_000L;

    private DemoShowcase() {
    }

    /** Who and what the showcase mentions, named once for the batch. */
    public static ArchiveMessage.Mentions mentions() {
        return new ArchiveMessage.Mentions(
                List.of(new ArchiveMessage.MentionedUser(JAMIE, "Jamie", avatarHash(JAMIE)),
                        new ArchiveMessage.MentionedUser(SARAH, "Mod Sarah", avatarHash(SARAH)),
                        new ArchiveMessage.MentionedUser(MILK_GUARD, "Milk Guard", avatarHash(MILK_GUARD))),
                List.of(new ArchiveMessage.MentionedRole(MODERATORS_ROLE, "Moderators", MODERATOR_COLOUR),
                        new ArchiveMessage.MentionedRole("1250000000000000002", "Raid Response", 0x3498DB)),
                List.of(new ArchiveMessage.MentionedChannel(RULES_CHANNEL, "rules"),
                        new ArchiveMessage.MentionedChannel("1100000000000000003", "appeals")));
    }

    /**
     * A demo user's avatar hash, 32 hex digits as Discord's are, which the demo's CDN draws an
     * avatar for; null for Alex, who keeps Discord's default one (Milk shows its own copy of it).
     */
    static String avatarHash(String userId) {
        if (userId.equals(ALEX)) {
            return null;
        }
        long id = Long.parseLong(userId);
        return HexFormat.of().formatHex(ByteBuffer.allocate(16).putLong(id).putLong(id * 0x9E3779B97F4A7C15L).array());
    }

    /** The showcase, sent from {@code start} on, about a minute apart. */
    public static List<ArchiveMessage> messages(Instant start) {
        var at = new Clock(start);
        List<ArchiveMessage> m = new ArrayList<>();
        long rules = FIRST_ID + 1;
        m.add(message(FIRST_ID, JAMIE, "Jamie", null, at.next(), "", null).type("join").build());
        m.add(message(rules, SARAH, "Mod Sarah", MODERATOR_COLOUR, at.next(), """
                # Server rules
                ## Before you post
                - Read <#%s> first
                - Be kind to newcomers like <@%s>
                  - no invite links, no "free nitro"
                1. Report raids to <@&%s>
                2. Appeals go to <#1100000000000000003>
                -# Last updated <t:%d:R>, reviewed by <@&1250000000000000002>""".formatted(RULES_CHANNEL, JAMIE,
                MODERATORS_ROLE, at.seconds() - 86_400 * 3), null)
                .reactions(List.of(new ArchiveMessage.Reaction(new Emoji(null, "👍", null), 12),
                        new ArchiveMessage.Reaction(new Emoji(MILK_EMOJI, "milk", false), 4),
                        new ArchiveMessage.Reaction(new Emoji(null, "❤️", null), 3)))
                .build());
        m.add(message(FIRST_ID + 2, SARAH, "Mod Sarah", MODERATOR_COLOUR, at.next(), "", rules).type("pin").build());
        m.add(message(FIRST_ID + 3, JAMIE, "Jamie", null, at.next(), "thanks, read them all! 👋", rules).type("reply")
                .build());
        m.add(message(FIRST_ID + 4, JAMIE, "Jamie", null, at.next(), "🥛🐄✨", null).build());
        m.add(message(FIRST_ID + 5, ALEX, "Alex", HELPER_COLOUR, at.next(),
                "<:milk:%s><a:milkwave:%s>".formatted(MILK_EMOJI, WAVE_EMOJI), null)
                .reactions(List.of(new ArchiveMessage.Reaction(new Emoji(WAVE_EMOJI, "milkwave", true), 7)))
                .build());
        m.add(message(FIRST_ID + 6, SARAH, "Mod Sarah", MODERATOR_COLOUR, at.next(),
                "Full policy in the [moderation handbook](https://milk.example/handbook). **Raid drill** <t:%d:R> "
                        .formatted(at.seconds() + 3_600) + "(<t:%d:F>), ||don't tell the bots||. ".formatted(at.seconds()
                        + 3_600) + "Example of a ban command:\n```\n/ban user:@spam_bot reason:raid\n```", null)
                .edited(at.seconds() * 1000 + 30_000).build());
        m.add(message(FIRST_ID + 7, MILK_GUARD, "Milk Guard", null, at.next(), "", null).bot()
                .embeds(List.of(new ArchiveMessage.Embed("Raid alert: verification raised",
                        "**214** accounts joined in 40 s. <@&%s>, the raid log is ready.".formatted(MODERATORS_ROLE),
                        "https://milk.example/raid/demo", 0xED4245,
                        List.of(new ArchiveMessage.Field("Action", "Banned", true),
                                new ArchiveMessage.Field("Accounts", "214", true),
                                new ArchiveMessage.Field("Window", "21:14 to 21:21 UTC", true),
                                new ArchiveMessage.Field("Log", "[raid log](https://milk.example/raid/demo)", false)),
                        new ArchiveMessage.EmbedAuthor("Milk Guard anti-raid", "https://milk.example",
                                "https://cdn.discordapp.com/embed/avatars/2.png"),
                        new ArchiveMessage.EmbedFooter("Milk Guard · raid 7", "https://cdn.discordapp.com/embed/avatars/2.png"),
                        at.seconds() * 1000,
                        new ArchiveMessage.EmbedMedia("https://cdn.discordapp.com/attachments/1/2/join-graph.png", 400, 200),
                        new ArchiveMessage.EmbedMedia("https://cdn.discordapp.com/embed/avatars/2.png", 80, 80),
                        null, null),
                        new ArchiveMessage.Embed("How raids work (and how to stop them)", "A five-minute explainer.",
                                "https://video.example/watch/raids", 0xFF0000, List.of(), null, null, null, null,
                                new ArchiveMessage.EmbedMedia("https://cdn.discordapp.com/attachments/1/3/video-cover.png", 80, 80),
                                new ArchiveMessage.EmbedMedia("https://video.example/raids.mp4", 1280, 720),
                                new ArchiveMessage.EmbedProvider("VideoSite", "https://video.example"))))
                .build());
        m.add(message(FIRST_ID + 8, ALEX, "Alex", HELPER_COLOUR, at.next(), "", null)
                .poll(new ArchiveMessage.Poll("Should new accounts wait 10 minutes before they can post?",
                        List.of(new ArchiveMessage.PollAnswer("Yes, 10 minutes", new Emoji(null, "✅", null), 18),
                                new ArchiveMessage.PollAnswer("Only during raids", new Emoji(MILK_EMOJI, "milk", false), 5),
                                new ArchiveMessage.PollAnswer("No", null, 2)),
                        at.seconds() * 1000 + Duration.ofDays(1).toMillis(), false))
                .build());
        m.add(message(FIRST_ID + 9, JAMIE, "Jamie", null, at.next(), "", null)
                .forwarded(new ArchiveMessage.Forwarded("📣 **Announcement:** the server reached 10,000 members!",
                        at.seconds() * 1000 - Duration.ofDays(2).toMillis(),
                        List.of(new ArchiveMessage.Attachment("1319000000000000090", "celebration.png", "image/png",
                                182_044L, "https://cdn.discordapp.com/attachments/1/4/celebration.png")),
                        List.of(), List.of()))
                .build());
        m.add(message(FIRST_ID + 10, SARAH, "Mod Sarah", MODERATOR_COLOUR, at.next(),
                "Appeals for yesterday's bans go in the thread, please.", null)
                .thread(new ArchiveMessage.ThreadLink("1319000000000000100", "Ban appeals", 4, THREAD_ARCHIVE_ID))
                .build());
        m.add(message(FIRST_ID + 11, SARAH, "Mod Sarah", MODERATOR_COLOUR, at.next(), "Ban appeals", null)
                .type("thread_created")
                .thread(new ArchiveMessage.ThreadLink("1319000000000000100", "Ban appeals", 4, THREAD_ARCHIVE_ID))
                .build());
        m.add(message(FIRST_ID + 12, ALEX, "Alex", HELPER_COLOUR, at.next(), "", null).type("boost_tier_2").build());
        m.add(message(FIRST_ID + 13, ALEX, "Alex", HELPER_COLOUR, at.next(), "welcome gift:", null)
                .stickers(List.of(new ArchiveMessage.Sticker("749054660769218631", "Wumpus wave", "png"),
                        new ArchiveMessage.Sticker("749054660769218632", "Milk dance", "lottie")))
                .build());
        m.addAll(DemoComponents.messages(FIRST_ID + 14, at::next));
        return m;
    }

    /** The thread's own messages, archived on their own and linked from the message that started it. */
    public static ArchiveEvent.Created threadArchive(Instant start) {
        return new ArchiveEvent.Created(THREAD_ARCHIVE_ID, DemoFeeder.GUILD, "1319000000000000100", "Ban appeals",
                "Thread of #general, archived with the spam wave", SARAH, start.toEpochMilli(), null);
    }

    public static List<ArchiveMessage> threadMessages(Instant start) {
        var at = new Clock(start.plus(Duration.ofMinutes(15)));
        return List.of(
                message(FIRST_ID + 101, SARAH, "Mod Sarah", MODERATOR_COLOUR, at.next(),
                        "Post your appeal here: your user id and what happened.", null).build(),
                message(FIRST_ID + 102, "1300000000000000007", "spam_bot_7", null, at.next(),
                        "i was banned by mistake, i only posted one link", null).build(),
                message(FIRST_ID + 103, SARAH, "Mod Sarah", MODERATOR_COLOUR, at.next(),
                        "The link was a token grabber. Appeal denied.", FIRST_ID + 102).build(),
                message(FIRST_ID + 104, JAMIE, "Jamie", null, at.next(), "-# thread locked by <@%s>".formatted(SARAH), null)
                        .build());
    }

    static Builder message(long id, String authorId, String name, Integer colour, long millis, String content,
            Long replyTo) {
        return new Builder(Long.toString(id), authorId, name, colour, millis, content,
                replyTo == null ? null : Long.toString(replyTo));
    }

    /** Times a minute apart, from a start. */
    private static final class Clock {
        private long millis;

        Clock(Instant start) {
            this.millis = start.toEpochMilli() - 60_000;
        }

        long next() {
            millis += 60_000;
            return millis;
        }

        long seconds() {
            return millis / 1000;
        }
    }

    /** The optional parts one at a time: a showcase message holds a few of them, never all. */
    static final class Builder {
        private final String id;
        private final String authorId;
        private final String name;
        private final Integer colour;
        private final long millis;
        private final String content;
        private final String replyTo;
        private boolean bot;
        private Long edited;
        private String type;
        private List<ArchiveMessage.Embed> embeds = List.of();
        private List<ArchiveMessage.Sticker> stickers = List.of();
        private List<ArchiveMessage.Reaction> reactions;
        private ArchiveMessage.ThreadLink thread;
        private ArchiveMessage.Poll poll;
        private ArchiveMessage.Forwarded forwarded;
        private Consumer<ArchiveMessageBuilder> more = b -> { };

        Builder(String id, String authorId, String name, Integer colour, long millis, String content, String replyTo) {
            this.id = id;
            this.authorId = authorId;
            this.name = name;
            this.colour = colour;
            this.millis = millis;
            this.content = content;
            this.replyTo = replyTo;
        }

        Builder bot() {
            bot = true;
            return this;
        }

        Builder edited(long at) {
            edited = at;
            return this;
        }

        Builder type(String value) {
            type = value;
            return this;
        }

        Builder embeds(List<ArchiveMessage.Embed> value) {
            embeds = value;
            return this;
        }

        Builder stickers(List<ArchiveMessage.Sticker> value) {
            stickers = value;
            return this;
        }

        Builder reactions(List<ArchiveMessage.Reaction> value) {
            reactions = value;
            return this;
        }

        Builder thread(ArchiveMessage.ThreadLink value) {
            thread = value;
            return this;
        }

        Builder poll(ArchiveMessage.Poll value) {
            poll = value;
            return this;
        }

        Builder forwarded(ArchiveMessage.Forwarded value) {
            forwarded = value;
            return this;
        }

        /** The parts of the later contract (components, flags, author extras, ...), set on the message's own builder. */
        Builder more(Consumer<ArchiveMessageBuilder> value) {
            more = value;
            return this;
        }

        ArchiveMessage build() {
            ArchiveMessageBuilder message = ArchiveMessage.builder().id(id).authorId(authorId).authorName(name)
                    .authorAvatarHash(avatarHash(authorId)).authorIsBot(bot).content(content).createdAtMillis(millis)
                    .editedAtMillis(edited).replyToId(replyTo).attachments(List.of()).embeds(embeds).stickers(stickers)
                    .type(type).authorRoleColor(colour).reactions(reactions).thread(thread).poll(poll).forwarded(forwarded);
            more.accept(message);
            return message.build();
        }
    }
}
