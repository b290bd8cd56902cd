package dev.milk.dce.importer;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.ExitCodeGenerator;

import dev.milk.client.MilkArchiveClient;
import dev.milk.client.MilkClientSettings;

/**
 * Role {@code import-dce}: every export {@code MILK_IMPORT_DCE_PATH} names, one archive each, then
 * a report: each archive's public address, what it imported, and what it could not, by the
 * export's line. Exits 0 when every export became an archive (some of its messages may not have:
 * the report names them), 1 otherwise.
 */
final class DceImportRun implements ApplicationRunner, ExitCodeGenerator {

    private static final Logger log = LoggerFactory.getLogger(DceImportRun.class);

    private final DceImportProperties settings;
    private final String bootstrapServers;
    private final Map<String, Object> kafka;
    private final String milkService;
    private final String publicUrl;
    private volatile int exitCode = 1;

    DceImportRun(DceImportProperties settings, String bootstrapServers, Map<String, Object> kafka, String milkService,
            String publicUrl) {
        this.settings = settings;
        this.bootstrapServers = bootstrapServers;
        this.kafka = Map.copyOf(kafka);
        this.milkService = milkService;
        this.publicUrl = publicUrl.endsWith("/") ? publicUrl.substring(0, publicUrl.length() - 1) : publicUrl;
    }

    @Override
    public void run(ApplicationArguments arguments) throws InterruptedException {
        List<DceSources.Export> exports = DceSources.of(settings.path(), System.in);
        // The folder an external server serves: the one given or the file's. Standard input has none:
        // its files would be the working folder's, whatever it holds, so it imports no local media.
        boolean stdin = settings.path().equals("-");
        Path given = Path.of(stdin ? "" : settings.path()).toAbsolutePath();
        Path root = stdin || Files.isDirectory(given) ? given : given.getParent();
        var client = new MilkClientSettings(bootstrapServers, MilkClientSettings.ARCHIVE_TOPIC,
                MilkClientSettings.archives(bootstrapServers).replyTimeout(), kafka, "milk-import-dce",
                UUID.randomUUID().toString(), milkService);
        int failed = 0;
        List<DceArchiveImport.Result> results = new ArrayList<>();
        try (MediaServer served = stdin || settings.media().url().isEmpty() ? null : MediaServer.start(settings.media(), root);
             MilkArchiveClient milk = new MilkArchiveClient(client)) {
            var importer = new DceArchiveImport(milk, settings, served == null ? LocalMedia.NONE : served);
            log.info("Importing {} DiscordChatExporter export(s) from {}", exports.size(), settings.path());
            for (DceSources.Export export : exports) {
                try {
                    DceArchiveImport.Result result = importer.run(export);
                    results.add(result);
                    report(result);
                    failed += result.publicId() == null ? 1 : 0;
                } catch (DceArchiveImport.ImportStopped e) {
                    failed++;
                    log.error("{}: not imported: {}", export.name(), e.getMessage());
                }
            }
            if (served != null && served.serving()) {
                served.published();
                log.info("Serving the exports' files until Milk's copier has fetched them (or for {} without a request)",
                        settings.media().idle());
                MediaServer.Fetched fetched = served.awaitCopies(settings.media().idle());
                log.info("files beside the exports: {} served, {} fetched by Milk's copier{}", fetched.served(),
                        fetched.fetched(), fetched.fetched() < fetched.served()
                                ? " (the others were copied by an earlier run, or refused: each archive's JSON names its copies' states)" : "");
            }
        }
        long imported = results.stream().mapToLong(DceArchiveImport.Result::imported).sum();
        long skipped = results.stream().mapToLong(DceArchiveImport.Result::skipped).sum();
        log.info(String.format("Imported %,d export(s) as archives, %,d failed; %,d messages imported, %,d not",
                exports.size() - failed, failed, imported, skipped));
        exitCode = failed == 0 ? 0 : 1;
    }

    private void report(DceArchiveImport.Result r) {
        if (r.publicId() == null) {
            log.error("{}: not imported", r.export());
        } else {
            log.info(String.format("%s: %s/archive/%s (#%s, %d part(s)): %,d messages imported%s, %,d not imported",
                    r.export(), publicUrl, r.publicId(), r.channel(), r.parts(), r.imported(),
                    r.trimmed() == 0 ? "" : String.format(" (%,d without some part)", r.trimmed()), r.skipped()));
        }
        r.problems().forEach(p -> log.warn("{}: {}", r.export(), p));
        if (r.problemCount() > r.problems().size()) {
            log.warn(String.format("%s: and %,d more", r.export(), r.problemCount() - r.problems().size()));
        }
    }

    @Override
    public int getExitCode() {
        return exitCode;
    }
}
