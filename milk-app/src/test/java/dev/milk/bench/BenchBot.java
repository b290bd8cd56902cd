package dev.milk.bench;

import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

import dev.milk.processes.WireBot;

/**
 * The benchmark's bot: raids and archives as Beemo publishes them, each request's reply awaited
 * as a future that completes with the {@link System#nanoTime()} of its arrival.
 */
final class BenchBot extends WireBot {

    static final String GUILD = "81384788765712384";

    private final Map<String, CompletableFuture<Long>> pending = new ConcurrentHashMap<>();

    BenchBot(String bootstrapServers) {
        super(bootstrapServers, "bench-bot", Map.of("acks", "all", "max.request.size", 4_194_304, "linger.ms", 5,
                "batch.size", 1_048_576, "compression.type", "lz4"));
    }

    @Override
    protected void replied(String inReplyTo, String repliedBy) {
        CompletableFuture<Long> reply = pending.remove(inReplyTo);
        if (reply != null) {
            reply.complete(System.nanoTime());
        }
    }

    /** {@code count} accounts numbered from {@code from}, ids from {@code base}: one record, its reply. */
    CompletableFuture<Long> accounts(String raidId, long base, int from, int count) {
        return accounts(accountsValue(raidId, base, from, count));
    }

    /** A record made beforehand with {@link #accountsValue}: the send costs the bot nothing more. */
    CompletableFuture<Long> accounts(String value) {
        return send(RAIDS, "batch-insert-raid-users", value, true);
    }

    static String accountsValue(String raidId, long base, int from, int count) {
        StringBuilder users = new StringBuilder(count * 130);
        for (int i = from; i < from + count; i++) {
            users.append(i == from ? "" : ",").append("{\"id\":\"").append(base + i).append("\",\"name\":\"raider_")
                    .append(Integer.toString(i, 36)).append("\",\"avatarHash\":null,\"createdAtMillis\":")
                    .append(1_700_000_000_000L + i).append(",\"joinedAtMillis\":").append(1_763_899_000_000L + i / 100)
                    .append('}');
        }
        return "{\"request\":{\"raidId\":\"" + raidId + "\",\"guildId\":\"" + GUILD + "\",\"users\":[" + users + "]}}";
    }

    CompletableFuture<Long> conclude(String raidId, long concludedAtMillis) {
        return send(RAIDS, "conclude-raid", "{\"request\":{\"raidId\":\"" + raidId + "\",\"guildId\":\"" + GUILD
                + "\",\"concludedAtMillis\":" + concludedAtMillis + "}}", true);
    }

    CompletableFuture<Long> createArchive(String archiveId) {
        return send(ARCHIVES, archiveId, "{\"type\":\"archive.created\",\"archiveId\":\"" + archiveId + "\",\"guildId\":\""
                + GUILD + "\",\"channelId\":\"1\",\"channelName\":\"general\",\"reason\":\"raid\",\"createdBy\":\"2\","
                + "\"createdAtMillis\":1763899000000}", true);
    }

    /** Messages of a busy channel: authors taking turns, markdown, links, replies. */
    void messages(String archiveId, int from, int count) {
        StringBuilder messages = new StringBuilder(count * 260);
        for (int i = from; i < from + count; i++) {
            long id = 1_320_000_000_000_000_000L + i * 4_194_304L;
            messages.append(i == from ? "" : ",").append("{\"id\":\"").append(id).append("\",\"authorId\":\"")
                    .append(3 + i % 7).append("\",\"authorName\":\"member ").append(i % 7)
                    .append("\",\"content\":\"message ").append(i).append(": **join** our server at https://discord.gg/x")
                    .append(i % 97).append(" for free nitro, _limited_ time `code ").append(i).append("` <@")
                    .append(3 + (i + 1) % 7).append(">\",\"createdAtMillis\":").append(1_763_899_000_000L + i * 1_000L)
                    .append(i % 5 == 4 ? ",\"replyToId\":\"" + (id - 4_194_304L) + "\"" : "").append('}');
        }
        send(ARCHIVES, archiveId, "{\"type\":\"archive.messages\",\"archiveId\":\"" + archiveId + "\",\"messages\":["
                + messages + "]}", false);
    }

    /**
     * Messages for Discord's search operators, a minute apart (two weeks in 20,000): every 10th with
     * a link, 13th a mention, 17th an embed, 50th an image, 101st a video, 199th a sound, 251st
     * edited, 307th a sticker, 401st a poll, 997th pinned; authors taking turns.
     */
    void searchMessages(String archiveId, int from, int count) {
        searchMessages(archiveId, from, count, 60_000);
    }

    /** The same, {@code spacingMillis} apart: a million a minute apart would reach past today, which Milk refuses. */
    void searchMessages(String archiveId, int from, int count, long spacingMillis) {
        StringBuilder messages = new StringBuilder(count * 200);
        for (int i = from; i < from + count; i++) {
            long created = 1_763_899_000_000L + i * spacingMillis;
            messages.append(i == from ? "" : ",").append("{\"id\":\"").append(searchMessageId(i))
                    .append("\",\"authorId\":\"").append(3 + i % 7).append("\",\"authorName\":\"member ").append(i % 7)
                    .append("\",\"content\":\"message ").append(i)
                    .append(i % 10 == 0 ? " see https://milk.example/" + i : "")
                    .append(i % 13 == 0 ? " ask <@" + (3 + (i + 1) % 7) + ">" : "")
                    .append("\",\"createdAtMillis\":").append(created)
                    .append(i % 251 == 0 ? ",\"editedAtMillis\":" + (created + 1_000) : "")
                    .append(i % 17 == 0 ? ",\"embeds\":[{\"title\":\"notice " + i + "\"}]" : "")
                    .append(i % 50 == 0 ? file(i, "png", "image/png") : i % 101 == 0 ? file(i, "mp4", "video/mp4")
                            : i % 199 == 0 ? file(i, "ogg", "audio/ogg") : "")
                    .append(i % 307 == 0 ? ",\"stickers\":[{\"id\":\"" + i + "\",\"name\":\"wave\"}]" : "")
                    .append(i % 401 == 0 ? ",\"poll\":{\"question\":\"lunch " + i + "?\",\"answers\":[{\"text\":\"yes\"}]}" : "")
                    .append(i % 997 == 0 ? ",\"pinned\":true" : "").append('}');
        }
        send(ARCHIVES, archiveId, "{\"type\":\"archive.messages\",\"archiveId\":\"" + archiveId + "\",\"messages\":["
                + messages + "]}", false);
    }

    static long searchMessageId(int i) {
        return 1_340_000_000_000_000_000L + i * 4_194_304L;
    }

    private static String file(int i, String extension, String contentType) {
        return ",\"attachments\":[{\"id\":\"" + (i + 1) + "\",\"filename\":\"file" + i + "." + extension
                + "\",\"contentType\":\"" + contentType + "\",\"size\":10,\"url\":\"https://cdn.discordapp.com/attachments/1/"
                + i + "/file" + i + "." + extension + "\"}]";
    }

    /** Moderators remove these messages. */
    void redact(String archiveId, java.util.List<Long> messageIds) {
        send(ARCHIVES, archiveId, "{\"type\":\"archive.redacted\",\"archiveId\":\"" + archiveId + "\",\"messageIds\":["
                + String.join(",", messageIds.stream().map(id -> "\"" + id + "\"").toList())
                + "],\"reason\":\"privacy\",\"by\":\"2\"}", false);
    }

    /** One message per link, each with that file of {@code size} bytes as its attachment. */
    void attachments(String archiveId, java.util.List<String> urls, long size) {
        StringBuilder messages = new StringBuilder();
        for (int i = 0; i < urls.size(); i++) {
            messages.append(i == 0 ? "" : ",").append("{\"id\":\"").append(1_330_000_000_000_000_000L + i * 4_194_304L)
                    .append("\",\"authorId\":\"3\",\"authorName\":\"member\",\"content\":\"a video\",")
                    .append("\"createdAtMillis\":").append(1_763_899_000_000L + i * 1_000L).append(",\"attachments\":[{")
                    .append("\"id\":\"").append(i + 1).append("\",\"filename\":\"clip").append(i).append(".mp4\",")
                    .append("\"contentType\":\"video/mp4\",\"size\":").append(size).append(",\"url\":\"").append(urls.get(i)).append("\"}]}");
        }
        send(ARCHIVES, archiveId, "{\"type\":\"archive.messages\",\"archiveId\":\"" + archiveId + "\",\"messages\":["
                + messages + "]}", false);
        flush();
    }

    void seal(String archiveId) {
        send(ARCHIVES, archiveId, "{\"type\":\"archive.sealed\",\"archiveId\":\"" + archiveId
                + "\",\"sealedAtMillis\":1763899900000}", false);
    }

    void delete(String archiveId) {
        send(ARCHIVES, archiveId, "{\"type\":\"archive.deleted\",\"archiveId\":\"" + archiveId
                + "\",\"reason\":\"taken down\"}", false);
        flush();
    }

    private CompletableFuture<Long> send(String topic, String key, String value, boolean answerExpected) {
        CompletableFuture<Long> reply = new CompletableFuture<>();
        String messageId = UUID.randomUUID().toString();
        if (answerExpected) {
            pending.put(messageId, reply);
        }
        send(messageId, topic, key, value, (metadata, error) -> {
            if (error != null) {
                reply.completeExceptionally(error);
            } else if (!answerExpected) {
                reply.complete(System.nanoTime());
            }
        });
        return reply;
    }
}
