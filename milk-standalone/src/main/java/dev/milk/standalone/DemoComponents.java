package dev.milk.standalone;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.function.LongSupplier;

import dev.milk.archive.ArchiveMessage;
import dev.milk.archive.ArchiveMessage.Emoji;
import dev.milk.archive.MessageComponent;
import dev.milk.archive.MessageFlags;

/**
 * The showcase's messages of today's bots and servers: buttons and a select menu, a components-v2
 * raid report, a voice message, super reactions, a role gradient, role icons and a server tag, a
 * command's answer (also one only its user saw), a silent message, AutoMod's block, raid alerts, a
 * poll's result and a type Milk does not know.
 */
public final class DemoComponents {

    public static final String SPAM_BOT = "1300000000000000009";
    public static final String SARAH_ROLE_ICON = "a1b2c3d4e5f60718293a4b5c6d7e8f90";
    public static final String MILK_GUILD = "1400000000000000001";
    public static final String TAG_BADGE = "0f1e2d3c4b5a69788796a5b4c3d2e1f0";
    public static final String VOICE = "voice-message.wav";
    public static final String REPORT_FILE = "raid-7-accounts.csv";
    /** The first message id of these, after the showcase's own. */
    public static final int FIRST_INDEX = 14;

    private static final String CDN = "https://cdn.discordapp.com/attachments/" + DemoShowcase.CHANNEL + "/";

    private DemoComponents() {
    }

    /** @param next the time of each message in turn */
    static List<ArchiveMessage> messages(long firstId, LongSupplier next) {
        List<ArchiveMessage> m = new ArrayList<>();
        long id = firstId;
        String guard = DemoShowcase.MILK_GUARD;
        String sarah = DemoShowcase.SARAH;
        m.add(DemoShowcase.message(id++, guard, "Milk Guard", null, next.getAsLong(),
                "Raid mode is on: **214** new accounts joined in 7 minutes. What should I do with them?", null).bot()
                .more(b -> b.interactionMetadata(new ArchiveMessage.InteractionMetadata("1319000000000000500", 2,
                        new ArchiveMessage.MentionedUser(sarah, "Mod Sarah", DemoShowcase.avatarHash(sarah)), "raid review"))
                        .components(List.of(
                                MessageComponent.of(MessageComponent.ACTION_ROW).components(List.of(
                                        button(4, "Ban all", new Emoji(null, "🔨", null), null, false),
                                        button(1, "Kick all", null, null, false),
                                        button(2, "Ignore", null, null, true),
                                        button(5, "Raid log", null, "https://milk.example/raid/demo", false))).build(),
                                MessageComponent.of(MessageComponent.ACTION_ROW).components(List.of(
                                        MessageComponent.of(MessageComponent.STRING_SELECT).customId("raid:7:action")
                                                .placeholder("Choose an action for the selected accounts")
                                                .options(List.of(
                                                        new ArchiveMessage.SelectOption("Ban", "ban", "Remove them for good",
                                                                new Emoji(null, "🔨", null), null),
                                                        new ArchiveMessage.SelectOption("Kick", "kick", "They may join again",
                                                                null, null),
                                                        new ArchiveMessage.SelectOption("Time out for an hour", "timeout",
                                                                null, new Emoji(DemoShowcase.MILK_EMOJI, "milk", false), true)))
                                                .build())).build())))
                .build());
        m.add(DemoShowcase.message(id++, guard, "Milk Guard", null, next.getAsLong(), "", null).bot()
                .more(b -> b.flags(MessageFlags.IS_COMPONENTS_V2).components(List.of(report())))
                .build());
        m.add(DemoShowcase.message(id++, DemoShowcase.JAMIE, "Jamie", null, next.getAsLong(), "", null)
                .more(b -> b.flags(MessageFlags.IS_VOICE_MESSAGE).attachments(List.of(new ArchiveMessage.Attachment(
                        "1319000000000000520", VOICE, "audio/wav", 12_044L, CDN + "1319000000000000520/" + VOICE, (double) DemoSounds.SECONDS,
                        waveform()))))
                .build());
        m.add(DemoShowcase.message(id++, DemoShowcase.ALEX, "Alex", DemoShowcase.HELPER_COLOUR, next.getAsLong(),
                "gg everyone, raid handled in 7 minutes 🎉", null)
                .reactions(List.of(new ArchiveMessage.Reaction(new Emoji(null, "🔥", null), 9,
                                new ArchiveMessage.CountDetails(6, 3), List.of("#ff73fa", "#5865f2")),
                        new ArchiveMessage.Reaction(new Emoji(DemoShowcase.MILK_EMOJI, "milk", false), 4)))
                .more(b -> b.authorRoleColors(new ArchiveMessage.RoleColors(0x5865F2, 0xEB459E, null))
                        .authorRoleIcon(new ArchiveMessage.RoleIcon(null, null, "🛡️", "Raid Response"))
                        .authorPrimaryGuild(new ArchiveMessage.PrimaryGuild(MILK_GUILD, "MILK", TAG_BADGE)))
                .build());
        m.add(DemoShowcase.message(id++, sarah, "Mod Sarah", DemoShowcase.MODERATOR_COLOUR, next.getAsLong(),
                "Reminder: appeals close at midnight, see https://milk.example/appeals", null)
                .embeds(List.of(new ArchiveMessage.Embed("Milk appeals", "This preview was suppressed.",
                        "https://milk.example/appeals", null, List.of())))
                .more(b -> b.flags(MessageFlags.SUPPRESS_NOTIFICATIONS | MessageFlags.SUPPRESS_EMBEDS)
                        .authorRoleIcon(new ArchiveMessage.RoleIcon(DemoShowcase.MODERATORS_ROLE, SARAH_ROLE_ICON, null,
                                "Moderators")))
                .build());
        m.add(DemoShowcase.message(id++, guard, "Milk Guard", null, next.getAsLong(),
                "Your appeal is under review: a moderator answers within a day.", null).bot()
                .more(b -> b.flags(MessageFlags.EPHEMERAL).interactionMetadata(new ArchiveMessage.InteractionMetadata(
                        "1319000000000000530", 2, new ArchiveMessage.MentionedUser(DemoShowcase.JAMIE, "Jamie",
                                DemoShowcase.avatarHash(DemoShowcase.JAMIE)), "appeal status")))
                .build());
        m.add(DemoShowcase.message(id++, SPAM_BOT, "spam_bot_9", null, next.getAsLong(),
                "free nitro for everyone at discord-gift.example/claim", null).type("auto_moderation_action")
                .more(b -> b.autoModeration(new ArchiveMessage.AutoModeration("Block scam links", DemoShowcase.CHANNEL,
                        "general", "free nitro", "free nitro", "blocked")))
                .build());
        m.add(DemoShowcase.message(id++, sarah, "Mod Sarah", DemoShowcase.MODERATOR_COLOUR, next.getAsLong(), "", null)
                .type("guild_incident_report_raid").build());
        long at = next.getAsLong();
        m.add(DemoShowcase.message(id++, sarah, "Mod Sarah", DemoShowcase.MODERATOR_COLOUR, at,
                Instant.ofEpochMilli(at).plusSeconds(86_400).toString(), null)
                .type("guild_incident_alert_mode_enabled").build());
        m.add(DemoShowcase.message(id++, sarah, "Mod Sarah", DemoShowcase.MODERATOR_COLOUR, next.getAsLong(), "", null)
                .type("guild_incident_alert_mode_disabled").build());
        m.add(DemoShowcase.message(id++, sarah, "Mod Sarah", DemoShowcase.MODERATOR_COLOUR, next.getAsLong(), "",
                firstId - 6).type("poll_result")
                .more(b -> b.pollResult(new ArchiveMessage.PollResult(
                        "Should new accounts wait 10 minutes before they can post?", "Yes, 10 minutes",
                        new Emoji(null, "✅", null), 18, 25)))
                .build());
        m.add(DemoShowcase.message(id, DemoShowcase.JAMIE, "Jamie", null, next.getAsLong(), "", null).type("63").build());
        return m;
    }

    /** Milk Guard's raid report as a components-v2 message: a red container of texts, pictures, a file and a link. */
    private static MessageComponent report() {
        return MessageComponent.of(MessageComponent.CONTAINER).accentColor(0xED4245).components(List.of(
                text("## Raid report #7"),
                MessageComponent.of(MessageComponent.SECTION).components(List.of(
                        text("**214** accounts joined from 21:14 to 21:21 UTC."),
                        text("-# Banned by <@" + DemoShowcase.SARAH + "> · verification raised to high")))
                        .accessory(MessageComponent.of(MessageComponent.THUMBNAIL)
                                .media(ArchiveMessage.UnfurledMedia.of(CDN + "1319000000000000510/raid-thumbnail.png"))
                                .description("Milk Guard's shield").build())
                        .build(),
                MessageComponent.of(MessageComponent.SEPARATOR).divider(true).spacing(1).build(),
                MessageComponent.of(MessageComponent.MEDIA_GALLERY).items(List.of(
                        new ArchiveMessage.MediaItem(ArchiveMessage.UnfurledMedia.of(CDN + "1319000000000000511/join-graph.png"),
                                "Joins per second during the raid", null),
                        new ArchiveMessage.MediaItem(ArchiveMessage.UnfurledMedia.of(CDN + "1319000000000000512/accounts.png"),
                                "The accounts' names", null),
                        new ArchiveMessage.MediaItem(ArchiveMessage.UnfurledMedia.of(CDN + "1319000000000000513/invites.png"),
                                "The invite they used", true))).build(),
                MessageComponent.of(MessageComponent.FILE)
                        .file(new ArchiveMessage.UnfurledMedia(CDN + "1319000000000000514/" + REPORT_FILE, null, null, "text/csv"))
                        .name(REPORT_FILE).size(8_420L).build(),
                MessageComponent.of(MessageComponent.SEPARATOR).divider(false).spacing(2).build(),
                MessageComponent.of(MessageComponent.ACTION_ROW).components(List.of(
                        button(5, "Open the raid log", null, "https://milk.example/raid/demo", false))).build()))
                .build();
    }

    private static MessageComponent text(String markdown) {
        return MessageComponent.of(MessageComponent.TEXT_DISPLAY).content(markdown).build();
    }

    private static MessageComponent button(int style, String label, Emoji emoji, String url, boolean disabled) {
        return MessageComponent.of(MessageComponent.BUTTON).style(style).label(label).emoji(emoji).url(url)
                .customId(url == null ? "raid:7:" + label.toLowerCase(Locale.ROOT).replace(' ', '-') : null)
                .disabled(disabled ? Boolean.TRUE : null).build();
    }

    /** A voice's rise and fall, 64 samples of a byte each, base64 as Discord sends them. */
    public static String waveform() {
        byte[] samples = new byte[64];
        for (int i = 0; i < samples.length; i++) {
            double envelope = Math.sin(Math.PI * i / samples.length);
            samples[i] = (byte) (40 + 200 * envelope * (0.55 + 0.45 * Math.abs(Math.sin(i * 0.9))));
        }
        return Base64.getEncoder().encodeToString(samples);
    }
}
