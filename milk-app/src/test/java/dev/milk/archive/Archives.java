package dev.milk.archive;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.springframework.jdbc.core.JdbcTemplate;

import tools.jackson.databind.JsonNode;

import dev.milk.client.MilkArchiveClient;
import dev.milk.standalone.DemoShowcase;

/** Test archives: messages with predictable ids, and a corpus of hostile content. */
final class Archives {

    static final String GUILD = "81384788765712384";
    static final String CHANNEL = "1100000000000000001";
    static final long FIRST_MESSAGE = 1_310_000_000_000_000_000L;
    static final long T0 = 1_763_899_200_000L;   // 2025-11-23T12:00:00Z

    private Archives() {
    }

    /** The demo's showcase and its thread, archived under fresh bot ids; the thread's archive is linked by the showcase. */
    record Showcase(String publicId, String threadPublicId) {
    }

    static final Instant SHOWCASE_START = Instant.parse("2026-11-20T20:50:00Z");

    static Showcase publishShowcase(MilkArchiveClient archives) throws Exception {
        String suffix = UUID.randomUUID().toString();
        String archiveId = "showcase-" + suffix;
        String threadId = "thread-" + suffix;
        List<ArchiveMessage> messages = DemoShowcase.messages(SHOWCASE_START).stream().map(m -> m.thread() == null ? m
                : m.toBuilder().thread(new ArchiveMessage.ThreadLink(m.thread().id(), m.thread().name(),
                        m.thread().messageCount(), threadId)).build()).toList();
        String publicId = archives.create(new ArchiveEvent.Created(archiveId, GUILD, DemoShowcase.CHANNEL, "general",
                "showcase", DemoShowcase.SARAH, SHOWCASE_START.toEpochMilli(), null)).get();
        archives.addMessages(archiveId, messages, DemoShowcase.mentions()).get();
        archives.seal(archiveId, SHOWCASE_START.plusSeconds(3_600)).get();
        // Created after the link made its placeholder: the public id is the one the link already shows.
        String threadPublicId = archives.create(new ArchiveEvent.Created(threadId, GUILD, "1319000000000000100",
                "Ban appeals", null, DemoShowcase.SARAH, SHOWCASE_START.toEpochMilli(), null)).get();
        archives.addMessages(threadId, DemoShowcase.threadMessages(SHOWCASE_START)).get();
        return new Showcase(publicId, threadPublicId);
    }

    /** Links to the paths of Milk's copies, of every medium the page's JSON says is stored. */
    static Map<String, String> copies(JsonNode page) {
        Map<String, String> copies = new HashMap<>();
        for (JsonNode message : page.path("messages").path("data")) {
            for (JsonNode copy : message.path("media")) {
                if ("stored".equals(copy.path("state").asString())) {
                    copies.put(copy.path("url").asString(), copy.path("copyUrl").asString());
                }
            }
        }
        return copies;
    }

    /** Whether the writer stored the archive's seal. */
    static boolean sealed(JdbcTemplate jdbc, String archiveId) {
        return Boolean.TRUE.equals(jdbc.queryForObject(
                "SELECT coalesce(bool_or(sealed_at IS NOT NULL), false) FROM archive WHERE internal_id = ?",
                Boolean.class, archiveId));
    }

    /** How many messages the archive holds, by the writer's count. */
    static int count(JdbcTemplate jdbc, String archiveId) {
        Integer n = jdbc.queryForObject("SELECT coalesce(max(message_count), 0) FROM archive WHERE internal_id = ?",
                Integer.class, archiveId);
        return n == null ? 0 : n;
    }

    /**
     * A copy of a medium of the archive's message, as the previous release's writer kept one (as
     * MediaServingTest does): served at {@code /media/<key>/words.txt}, it says "words of a copy".
     *
     * @return its key
     */
    static String storedCopy(JdbcTemplate jdbc, String archiveId, long messageId) throws Exception {
        byte[] copy = ("words of a copy " + archiveId).getBytes(StandardCharsets.UTF_8);
        String key = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(copy));
        jdbc.update("INSERT INTO media_blob (media_key, content_type, size, bytes) VALUES (?, 'text/plain', ?, ?)",
                key, copy.length, copy);
        jdbc.update("""
                INSERT INTO archive_media (archive_id, message_id, url, kind, state, media_key, content_type, size)
                SELECT id, ?, 'https://cdn.discordapp.com/words.txt', 'attachment', 'stored', ?, 'text/plain', ?
                FROM archive WHERE internal_id = ?""", messageId, key, copy.length, archiveId);
        return key;
    }

    static String newId() {
        return "archive-" + UUID.randomUUID();
    }

    static ArchiveEvent.Created created(String archiveId, Long expiresAtMillis) {
        return new ArchiveEvent.Created(archiveId, GUILD, CHANNEL, "general", "spam wave", "42", T0, expiresAtMillis);
    }

    /** Message number {@code n}: ids and times grow with n, authors alternate in runs of three. */
    static ArchiveMessage message(int n) {
        return message(n, "message " + n, null, List.of(), List.of());
    }

    static ArchiveMessage message(int n, String content, String replyToId, List<ArchiveMessage.Attachment> attachments,
            List<ArchiveMessage.Embed> embeds) {
        int author = (n / 3) % 2;
        return new ArchiveMessage(Long.toString(FIRST_MESSAGE + n), Long.toString(500L + author),
                author == 0 ? "moderator" : "spam bot", null, author == 1, content, T0 + n * 1_000L, null, replyToId,
                attachments, embeds, List.of());
    }

    /** Message {@code n}, edited {@code minutes} after {@link #T0} to say {@code content}. */
    static ArchiveMessage edited(int n, String content, int minutes) {
        ArchiveMessage m = message(n);
        return new ArchiveMessage(m.id(), m.authorId(), m.authorName(), m.authorAvatarHash(), m.authorIsBot(), content,
                m.createdAtMillis(), T0 + minutes * 60_000L, m.replyToId(), m.attachments(), m.embeds(), m.stickers());
    }

    static List<ArchiveMessage> messages(int from, int to) {
        List<ArchiveMessage> messages = new ArrayList<>();
        for (int n = from; n < to; n++) {
            messages.add(message(n));
        }
        return messages;
    }

    /** Payloads that would change document.title, or otherwise escape, if anything rendered them as markup. */
    static List<ArchiveMessage> hostile() {
        String pwn = "document.title='pwned'";
        List<String> contents = List.of(
                "<script>" + pwn + "</script>",
                "<img src=x onerror=\"" + pwn + "\">",
                "\"><svg onload=" + pwn + ">",
                "'><iframe src=javascript:" + pwn + ">",
                "[click me](javascript:" + pwn + ")",
                "[data](data:text/html,<script>" + pwn + "</script>)",
                "**<b onmouseover=" + pwn + ">bold</b>** __<u>x</u>__ ||<style>body{display:none}</style>||",
                "```html\n</code></pre><script>" + pwn + "</script>\n```",
                "`</code><script>" + pwn + "</script>`",
                "> <script>" + pwn + "</script>",
                "RTL \u202Egnp.exe and isolate \u2067evil\u2069",
                "x".repeat(4_000),
                "surrogate pair \uD83D\uDE00 and byte order mark \uFEFF here",
                "<t:99999999999999:R> <@&1> <#1> <@!1> <a:x:1>",
                // Ids past a long: one such message once answered the whole page with a 500.
                "<@99999999999999999999> <@!99999999999999999999> <#99999999999999999999> <@&99999999999999999999>");
        String script = "<script>" + pwn + "</script>";
        String link = "https://example.com/?'onmouseover='alert(1)&x=%22%3E%3Cscript%3E";
        var embed = new ArchiveMessage.Embed(script, "**desc** <img src=x onerror=" + pwn + "> <@1> <@&1> <#1>", link,
                0xFF0000, List.of(new ArchiveMessage.Field("<b>f</b>", "<i>v</i>", true)),
                new ArchiveMessage.EmbedAuthor(script, link, link), new ArchiveMessage.EmbedFooter(script, link), T0,
                new ArchiveMessage.EmbedMedia(link, 1, 1), new ArchiveMessage.EmbedMedia(link, 1, 1),
                new ArchiveMessage.EmbedMedia(link, 1, 1), new ArchiveMessage.EmbedProvider(script, link));
        // Names of everyone the corpus mentions: each one hostile, resolved into the content above.
        var mentions = new ArchiveMessage.Mentions(List.of(new ArchiveMessage.MentionedUser("1", script, null)),
                List.of(new ArchiveMessage.MentionedRole("1", "\"><img src=x onerror=" + pwn + ">", 0xFF0000)),
                List.of(new ArchiveMessage.MentionedChannel("1", "</span><svg onload=" + pwn + ">")));
        var hostileEmoji = new ArchiveMessage.Emoji(null, "<img/src=x/onerror=alert(1)>", null);
        List<ArchiveMessage> messages = new ArrayList<>();
        for (int i = 0; i < contents.size(); i++) {
            messages.add(new ArchiveMessage(Long.toString(FIRST_MESSAGE + i), "666",
                    script + "\u202E", "a_0123", true, contents.get(i), T0 + i * 1_000L, null,
                    i > 0 ? Long.toString(FIRST_MESSAGE) : null,
                    List.of(new ArchiveMessage.Attachment("1", "\"><img src=x onerror=" + pwn + ">.png", "image/png", 1234L,
                            "https://cdn.example/a.png?q='onerror='" + pwn.replace("'", "") + "&x=%22%3E%3Cscript%3E")),
                    List.of(embed), List.of(new ArchiveMessage.Sticker("1", script, i % 2 == 0 ? "png" : "lottie")),
                    // Every few messages a system line, whose wording carries the content.
                    i % 5 == 4 ? "channel_name_change" : null, 0xFF0000, mentions,
                    List.of(new ArchiveMessage.Reaction(hostileEmoji, 2),
                            new ArchiveMessage.Reaction(new ArchiveMessage.Emoji("1", "x_y", true), 1)),
                    new ArchiveMessage.ThreadLink("1", script, 3, null),
                    new ArchiveMessage.Poll(script, List.of(new ArchiveMessage.PollAnswer(script, hostileEmoji, 1)), T0,
                            true),
                    new ArchiveMessage.Forwarded(contents.get(i), T0, List.of(), List.of(embed), List.of())));
            messages.set(i, HostileParts.of(messages.get(i), i, contents.get(i)));
        }
        return messages;
    }
}
