package dev.milk.dce.importer;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import dev.milk.archive.ArchiveEvent;
import dev.milk.archive.ArchiveMessage;
import dev.milk.client.MilkArchiveClient;
import dev.milk.dce.format.DceFormatException;
import dev.milk.dce.format.DceHeader;
import dev.milk.dce.format.DceReader;
import dev.milk.dce.format.DceValues;

/**
 * One export (all its parts) becomes one archive, published as a bot publishes one: created
 * (Milk's reply names its public id), its messages in batches, sealed. The archive's id is drawn
 * from the export itself (its guild, channel, date range, time of export and first message), so
 * running the import again names the same archive, whose messages Milk stores once by their ids.
 */
final class DceArchiveImport {

    private static final long SEND_TIMEOUT_SECONDS = 60;

    /** A line of the export, and what of it was not imported. */
    record Problem(String part, long line, String reason) {

        @Override
        public String toString() {
            return part + " line " + line + ": " + reason;
        }
    }

    /**
     * @param publicId  Milk's public id of the archive, null when it was not created
     * @param imported  messages published
     * @param skipped   messages not imported at all
     * @param trimmed   messages imported without some part (each part is a {@link Problem} too)
     */
    record Result(String export, String publicId, String channel, int parts, long imported, long skipped, long trimmed,
            List<Problem> problems, long problemCount) {
    }

    private static final int PROBLEMS_KEPT = 50;

    private final MilkArchiveClient milk;
    private final DceImportProperties settings;
    private final LocalMedia media;

    DceArchiveImport(MilkArchiveClient milk, DceImportProperties settings, LocalMedia media) {
        this.milk = milk;
        this.settings = settings;
        this.media = media;
    }

    Result run(DceSources.Export export) {
        var state = new State(export);
        String archiveId = null;
        List<ArchiveMessage> batch = new ArrayList<>(settings.batch());
        DceHeader first = null;
        for (DceSources.Part part : export.parts()) {
            try (InputStream in = DceSources.open(part); DceReader reader = DceReader.open(in)) {
                DceHeader header = reader.header();
                if (first == null) {
                    first = header;
                    if (header.channel() == null || header.channel().id() == null
                            || !header.channel().id().matches("[0-9]{1,20}")) {
                        state.problem(part, 1, "the export names no channel id: nothing of it was imported");
                        return state.result(null, null);
                    }
                } else if (!Objects.equals(id(header.channel()), id(first.channel()))) {
                    state.problem(part, 1, "is a part of another channel's export (" + id(header.channel()) + "), not imported");
                    continue;
                }
                var conversion = new DceConversion(media, part.directory());
                DceReader.Item item;
                while (true) {
                    try {
                        item = reader.next();
                    } catch (DceFormatException e) {
                        state.problem(part, e.line(), e.reason() + "; the messages before it were imported, none after");
                        break;
                    }
                    if (item == null) {
                        break;
                    }
                    if (item instanceof DceReader.Unreadable unreadable) {
                        state.skip(part, unreadable.line(), "the message " + unreadable.reason());
                        continue;
                    }
                    DceReader.Message message = (DceReader.Message) item;
                    DceConversion.Converted converted;
                    try {
                        converted = conversion.convert(message.message());
                    } catch (DceConversion.NotImported e) {
                        state.skip(part, message.line(), e.getMessage());
                        continue;
                    }
                    if (archiveId == null) {
                        archiveId = archiveId(first, converted.message().id());
                        state.publicId = create(archiveId, first);
                    }
                    converted.left().forEach(reason -> state.problem(part, message.line(),
                            "message " + converted.message().id() + ": " + reason + "; the rest of it was imported"));
                    if (!converted.left().isEmpty()) {
                        state.trimmed++;
                    }
                    batch.add(converted.message());
                    if (batch.size() == settings.batch()) {
                        send(milk.addMessages(archiveId, List.copyOf(batch)));
                        state.imported += batch.size();
                        batch.clear();
                    }
                }
            } catch (DceFormatException e) {
                state.problem(part, e.line(), e.reason() + ": not a DCE JSON export, not imported");
            } catch (IOException | UncheckedIOException e) {
                state.problem(part, 0, "cannot be read: " + e.getMessage());
            }
        }
        if (first == null) {
            return state.result(null, null);
        }
        if (archiveId == null) {
            // No message: the archive of an empty export is empty, but it is one.
            archiveId = archiveId(first, "none");
            state.publicId = create(archiveId, first);
        }
        if (!batch.isEmpty()) {
            send(milk.addMessages(archiveId, List.copyOf(batch)));
            state.imported += batch.size();
        }
        send(milk.seal(archiveId, exportedAt(first)));
        return state.result(state.publicId, first.channel().name());
    }

    private static String id(DceHeader.Channel channel) {
        return channel == null ? null : channel.id();
    }

    private String create(String archiveId, DceHeader header) {
        DceHeader.Channel channel = header.channel();
        String guild = header.guild() != null && header.guild().id() != null && header.guild().id().matches("[0-9]{1,20}")
                ? header.guild().id() : "0";
        String name = channel.name() == null || channel.name().isBlank() ? channel.id() : channel.name();
        String reason = "Imported from a DiscordChatExporter export"
                + (header.exportedAt() == null ? "" : " made " + header.exportedAt());
        var created = new ArchiveEvent.Created(archiveId, guild, channel.id(), name.length() > 100 ? name.substring(0, 100) : name,
                reason, settings.createdBy(), exportedAt(header).toEpochMilli(), null,
                settings.visibility().isEmpty() ? null : ArchiveEvent.Visibility.of(settings.visibility()));
        return send(milk.create(created));
    }

    /** When DCE made the export; an older one, which does not say, is taken as made now. */
    private static Instant exportedAt(DceHeader header) {
        try {
            Instant at = DceValues.instant(header.exportedAt());
            return at != null ? at : Instant.now();
        } catch (IllegalArgumentException e) {
            return Instant.now();
        }
    }

    /**
     * {@code dce-<channel>-<digest>}: the same export (whichever of its parts, however often) names
     * the same archive; another export of the channel (another range, a later export) another.
     */
    static String archiveId(DceHeader header, String firstMessageId) {
        String range = header.dateRange() == null ? "|" : header.dateRange().after() + "|" + header.dateRange().before();
        String seed = String.join("\n", header.guild() == null ? "" : String.valueOf(header.guild().id()),
                header.channel().id(), String.valueOf(header.exportedAt()), range, firstMessageId);
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(seed.getBytes(StandardCharsets.UTF_8));
            return "dce-" + header.channel().id() + "-" + HexFormat.of().formatHex(digest, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static <T> T send(CompletableFuture<T> sent) {
        try {
            return sent.get(SEND_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ImportStopped("interrupted");
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            throw new ImportStopped(cause.getMessage() != null ? cause.getMessage() : cause.getClass().getSimpleName());
        } catch (TimeoutException e) {
            throw new ImportStopped("Kafka or Milk did not answer within " + SEND_TIMEOUT_SECONDS + " s");
        }
    }

    /** Milk or Kafka cannot take the archive: the import stops, saying why. */
    static final class ImportStopped extends RuntimeException {

        ImportStopped(String message) {
            super(message, null, false, false);
        }
    }

    private static final class State {

        private final DceSources.Export export;
        private final List<Problem> problems = new ArrayList<>();
        private long problemCount;
        private long imported;
        private long skipped;
        private long trimmed;
        private String publicId;

        State(DceSources.Export export) {
            this.export = export;
        }

        void problem(DceSources.Part part, long line, String reason) {
            problemCount++;
            if (problems.size() < PROBLEMS_KEPT) {
                problems.add(new Problem(part.name(), line, reason));
            }
        }

        void skip(DceSources.Part part, long line, String reason) {
            skipped++;
            problem(part, line, reason + "; not imported");
        }

        Result result(String publicId, String channel) {
            return new Result(export.name(), publicId, channel, export.parts().size(), imported, skipped, trimmed,
                    List.copyOf(problems), problemCount);
        }
    }
}
