package dev.milk.writes.original;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.ExitCodeGenerator;

/**
 * Role {@code import}: one run, its report, and the process's exit code (0 when done, 1 with a
 * one-line reason when the source cannot be read).
 */
final class ImportRun implements ApplicationRunner, ExitCodeGenerator {

    private static final Logger log = LoggerFactory.getLogger(ImportRun.class);

    private final OriginalMilkImport importer;
    private volatile int exitCode = 1;

    ImportRun(OriginalMilkImport importer) {
        this.importer = importer;
    }

    @Override
    public void run(ApplicationArguments arguments) {
        try {
            importer.run().lines().forEach(log::info);
            exitCode = 0;
        } catch (ImportFailedException e) {
            log.error("import failed: {}", e.getMessage());
        }
    }

    @Override
    public int getExitCode() {
        return exitCode;
    }
}
