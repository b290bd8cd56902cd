package dev.milk.dce.importer;

import java.io.InputStream;
import java.io.SequenceInputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;

import dev.milk.archive.ArchiveMessage;
import dev.milk.dce.format.DceReader;

/**
 * The import's reading side over a generated DCE export of {@code args[0]} messages (2,000,000 by
 * default), made as it is read (no file), each message as DCE's writer writes one with an
 * attachment, an embed, a reaction and a mention: read, converted and batched as the import does,
 * each batch then dropped (what the Kafka producer holds is bounded by its own {@code
 * buffer.memory}). Run with a small heap, e.g. {@code java -Xmx32m}; prints the time, the heap's
 * peak and the process's peak resident memory. Not a test: BENCHMARKS.md, DCE import.
 */
public final class DceStreamBench {

    private DceStreamBench() {
    }

    public static void main(String[] args) throws Exception {
        int count = args.length > 0 ? Integer.parseInt(args[0]) : 2_000_000;
        long started = System.nanoTime();
        long messages = 0;
        long bytes = 0;
        var conversion = new DceConversion(LocalMedia.NONE, Path.of("."));
        List<ArchiveMessage> batch = new ArrayList<>(200);
        try (InputStream in = export(count); DceReader reader = DceReader.open(in)) {
            for (DceReader.Item item; (item = reader.next()) != null; ) {
                ArchiveMessage message = conversion.convert(((DceReader.Message) item).message()).message();
                bytes += message.content().length();
                batch.add(message);
                if (batch.size() == 200) {
                    batch = new ArrayList<>(200);
                }
                messages++;
            }
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        long peakHeap = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                peakHeap += pool.getPeakUsage().getUsed();
            }
        }
        String rss = Files.readAllLines(Path.of("/proc/self/status")).stream().filter(l -> l.startsWith("VmHWM"))
                .findFirst().orElse("VmHWM: ?").replaceAll("\\s+", " ");
        System.out.printf("%,d messages (%,d characters of content) in %.1f s (%,.0f a second); max heap %,d MB, "
                + "peak heap used %,d MB; %s%n", messages, bytes, seconds, messages / seconds,
                Runtime.getRuntime().maxMemory() >> 20, peakHeap >> 20, rss);
    }

    /** The export, made message by message as it is read. */
    private static InputStream export(int count) {
        String header = """
                {
                  "guild": {"id": "81384788765712384", "name": "Bench", "iconUrl": null},
                  "channel": {"id": "1148000000000000001", "type": "GuildTextChat", "categoryId": null, "category": null,
                    "name": "general", "topic": null},
                  "dateRange": {"after": null, "before": null},
                  "exportedAt": "2026-12-06T11:00:00.000+00:00",
                  "messages": [
                """;
        Enumeration<InputStream> parts = new Enumeration<>() {
            private int next = -1;

            @Override
            public boolean hasMoreElements() {
                return next <= count;
            }

            @Override
            public InputStream nextElement() {
                int n = next++;
                String text = n == -1 ? header : n == count ? "\n  ],\n  \"messageCount\": " + count + "\n}\n"
                        : (n == 0 ? "" : ",\n") + message(n);
                return new java.io.ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
            }
        };
        return new SequenceInputStream(parts);
    }

    private static String message(int n) {
        long id = 1_148_000_000_000_100_000L + n;
        return """
                    {
                      "id": "%d",
                      "type": "Default",
                      "timestamp": "2026-11-30T10:00:00.123+01:00",
                      "timestampEdited": null,
                      "callEndedTimestamp": null,
                      "isPinned": false,
                      "content": "message %d of the bench, with **markdown** and <@80351110224678912> ✨",
                      "author": {"id": "80351110224678912", "name": "jamie", "discriminator": "0000", "nickname": "Jamie",
                        "color": "#E67E22", "isBot": false, "roles": [{"id": "1", "name": "Mods", "color": "#E67E22", "position": 1}],
                        "avatarUrl": "https://cdn.discordapp.com/avatars/80351110224678912/0123456789abcdef0123456789abcdef.png?size=512"},
                      "attachments": [{"id": "%d", "url": "https://cdn.discordapp.com/attachments/1/%d/cat.png", "fileName": "cat.png", "fileSizeBytes": 1234}],
                      "embeds": [{"title": "Title", "url": "https://example.com", "timestamp": null, "description": "text",
                        "color": "#5865F2", "images": [], "fields": [{"name": "a", "value": "b", "isInline": true}], "inlineEmojis": []}],
                      "stickers": [],
                      "reactions": [{"emoji": {"id": "", "name": "👍", "code": "thumbsup", "isAnimated": false, "imageUrl": "https://cdn.jsdelivr.net/x.svg"}, "count": 2, "users": []}],
                      "mentions": [{"id": "80351110224678912", "name": "jamie", "discriminator": "0000", "nickname": "Jamie", "color": null, "isBot": false, "roles": [], "avatarUrl": null}],
                      "inlineEmojis": []
                    }""".formatted(id, n, id, id);
    }
}
